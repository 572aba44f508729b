package dev.guanjia.voice.pay;

import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsSender;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.offer.PaymentOffers;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A caller with arrears asks for the payment link: one payment for all their unpaid bills is
 * offered and its page's address ({@code /pay/o/{token}}) texted to the number they call from —
 * a number registered to them, which is how the line knows who they are.
 */
public final class PaymentLinks {

    private final PaymentOffers offers;
    private final SmsSender sms;
    private final String publicBase;

    /** @param publicBase the service's public address the link starts with ("https://wy.example.com") */
    public PaymentLinks(PaymentOffers offers, SmsSender sms, String publicBase) {
        this.offers = offers;
        this.sms = sms;
        this.publicBase = publicBase == null ? "" : publicBase.replaceAll("/+$", "");
    }

    /** Offers and texts the link; empty when nothing is unpaid. */
    public Optional<Offer> text(String communityId, Resident resident, String phone, String conversationId) {
        List<Long> houses = resident.houses().stream().map(Resident.Household::houseId).toList();
        Optional<Offer> offer = offers.offer(communityId, resident.id(), houses, List.of(), "voice", null, conversationId);
        offer.ifPresent(o -> {
            String link = publicBase + "/pay/o/" + o.token();
            String amount = Offer.yuan(o.totalFen());
            sms.send(new Sms(phone, "payment_link", Map.of("amount", amount, "link", link),
                    "【物业缴费】您有" + o.bills().size() + "笔待缴费用，合计" + amount + "元，点击链接用微信支付：" + link
                            + " 链接30分钟内有效。"));
        });
        return offer;
    }
}
