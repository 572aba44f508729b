package dev.guanjia.channels.pay;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.order.PaymentOrder;
import dev.guanjia.payments.receipt.Receipts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An order as the resident's page reads it: its state and, once paid, the electronic receipt
 * (电子收据: community, houses, each bill's item, period and amount, total, transaction id).
 */
public final class ReceiptView {

    private final Receipts receipts;
    private final CommunityDirectory communities;

    public ReceiptView(Receipts receipts, CommunityDirectory communities) {
        this.receipts = receipts;
        this.communities = communities;
    }

    /** The order's state and, once paid, its receipt. */
    public Map<String, Object> of(PaymentOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outTradeNo", o.outTradeNo());
        m.put("state", o.state());
        m.put("amount", Offer.yuan(o.amountFen()));
        m.put("expiresAt", o.expiresAt() == null ? null : o.expiresAt().toString());
        receipts.of(o.outTradeNo()).ifPresent(receipt -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("title", "电子收据");
            r.put("community", receipt.communityName());
            r.put("houses", receipt.houseCodes());
            r.put("items", receipt.items().stream().map(i -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("house", i.houseCode());
                line.put("item", i.itemName());
                line.put("period", i.period());
                line.put("amount", Offer.yuan(i.amountFen()));
                return line;
            }).toList());
            r.put("amount", Offer.yuan(receipt.totalFen()));
            r.put("transactionId", receipt.transactionId());
            r.put("outTradeNo", receipt.outTradeNo());
            r.put("paidAt", receipt.paidAt() == null ? null : receipt.paidAt()
                    .atZoneSameInstant(communities.zone(receipt.communityId())).toLocalDateTime().withNano(0)
                    .toString().replace('T', ' '));
            if (receipt.refundedFen() > 0) {
                r.put("refunded", Offer.yuan(receipt.refundedFen()));
            }
            m.put("receipt", r);
        });
        return m;
    }
}
