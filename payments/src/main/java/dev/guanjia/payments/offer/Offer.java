package dev.guanjia.payments.offer;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A payment offered to a resident for some of their unpaid bills, as read from the database now.
 * {@code token} is what a chat button, a WeChat link or a text message carries to the payment page.
 */
public record Offer(String token, String communityId, long residentId, String channel, String openid,
                    String conversationId, List<OfferedBill> bills, long totalFen, OffsetDateTime expiresAt) {

    /** One bill in an offer; amounts in fen, from the bills table. */
    public record OfferedBill(long billId, String code, String houseCode, String itemName, String period,
                              long amountFen) {
    }

    /** Amount in yuan with two decimals, as residents read it ("1280.00"). */
    public static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
