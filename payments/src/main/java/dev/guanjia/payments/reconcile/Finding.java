package dev.guanjia.payments.reconcile;

import dev.guanjia.community.code.Coded;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A mismatch between WeChat Pay's trade bill and the payments recorded here, amounts in fen
 * ({@code wechatFen} from the bill, {@code ourFen} from our records; null where one side has none).
 * {@code communityId} is null when no order of ours carries the out_trade_no.
 */
public record Finding(long id, LocalDate day, Kind kind, String communityId, String outTradeNo,
                      String transactionId, String outRefundNo, Long wechatFen, Long ourFen, OffsetDateTime foundAt,
                      String status) {

    /** What kind of mismatch, stored by its code; {@code label} is what supervisors read. */
    public enum Kind implements Coded {
        PAID_NOT_MARKED("微信已收款，本系统未记为已缴"),
        MARKED_NOT_IN_BILL("本系统记为已缴，微信账单中没有"),
        AMOUNT_DIFFERS("金额不一致"),
        TRANSACTION_DIFFERS("微信支付单号不一致"),
        REFUND_NOT_RECORDED("微信有退款，本系统没有记录"),
        REFUND_NOT_IN_BILL("本系统有退款，微信账单中没有"),
        REFUND_AMOUNT_DIFFERS("退款金额不一致");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }
}
