package dev.guanjia.channels.pay;

import dev.guanjia.community.billing.Bill;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunitySummary;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentOrder;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The electronic receipt (电子收据) of a paid order as residents read it: the community, the houses,
 * each bill's item, period and amount, the total and WeChat Pay's transaction id.
 */
public final class ReceiptView {

    private final Residents residents;
    private final Bills bills;
    private final CommunityDirectory communities;

    public ReceiptView(Residents residents, Bills bills, CommunityDirectory communities) {
        this.residents = residents;
        this.bills = bills;
        this.communities = communities;
    }

    /** The order's state and, once paid, its receipt. */
    public Map<String, Object> of(PaymentOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outTradeNo", o.outTradeNo());
        m.put("state", o.state());
        m.put("amount", Offer.yuan(o.amountFen()));
        m.put("expiresAt", o.expiresAt() == null ? null : o.expiresAt().toString());
        if (!o.paid()) {
            return m;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("title", "电子收据");
        r.put("community", communities.find(o.communityId()).map(CommunitySummary::name).orElse(o.communityId()));
        Set<String> codes = new HashSet<>(o.billCodes());
        List<Long> houseIds = residents.find(o.communityId(), o.residentId()).map(Resident::houses).orElse(List.of())
                .stream().map(Resident.Household::houseId).toList();
        List<Bill> paid = bills.ofHouses(houseIds).stream().filter(b -> codes.contains(b.code())).toList();
        r.put("houses", paid.stream().map(Bill::houseCode).distinct().toList());
        r.put("items", paid.stream().map(b -> {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("house", b.houseCode());
            i.put("item", b.itemName());
            i.put("period", b.period());
            i.put("amount", b.amount().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
            return i;
        }).toList());
        r.put("amount", Offer.yuan(o.amountFen()));
        r.put("transactionId", o.transactionId());
        r.put("outTradeNo", o.outTradeNo());
        r.put("paidAt", o.paidAt() == null ? null : o.paidAt().atZoneSameInstant(communities.zone(o.communityId()))
                .toLocalDateTime().withNano(0).toString().replace('T', ' '));
        if (o.refundedFen() > 0) {
            r.put("refunded", Offer.yuan(o.refundedFen()));
        }
        m.put("receipt", r);
        return m;
    }
}
