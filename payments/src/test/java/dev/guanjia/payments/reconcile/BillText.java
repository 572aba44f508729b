package dev.guanjia.payments.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * Trade bills as WeChat Pay sends them (APIv3, bill_type ALL): header, detail rows with a backtick
 * before every field, the summary header and row, CRLF line ends. Amounts in yuan.
 */
final class BillText {

    static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
            + "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
            + "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    static final String SUMMARY = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";

    private final List<String> rows = new ArrayList<>();
    private Integer count;

    BillText payment(String time, String transactionId, String outTradeNo, String yuan) {
        rows.add(ticked("2026-12-01 " + time, "wx5f0c1a2b3c4d5e6f", "1900000109", "0", "", transactionId, outTradeNo,
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "JSAPI", "SUCCESS", "CMB_DEBIT", "CNY", yuan, "0.00", "0", "0", "0.00",
                "0.00", "", "", "物业费,2026年第四季度", "", "0.00600", "0.60%", yuan, "0.00", ""));
        return this;
    }

    BillText refund(String time, String transactionId, String outTradeNo, String refundId, String outRefundNo,
                    String orderYuan, String refundYuan) {
        rows.add(ticked("2026-12-01 " + time, "wx5f0c1a2b3c4d5e6f", "1900000109", "0", "", transactionId, outTradeNo,
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "NATIVE", "REFUND", "OTHERS", "CNY", "0.00", "0.00", refundId,
                outRefundNo, refundYuan, "0.00", "ORIGINAL", "SUCCESS", "物业费", "", "-0.00600", "0.60%", orderYuan,
                refundYuan, ""));
        return this;
    }

    /** A summary that counts otherwise than the rows (a bill cut short). */
    BillText counting(int n) {
        count = n;
        return this;
    }

    private static String ticked(String... fields) {
        return "`" + String.join(",`", fields);
    }

    String text() {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        rows.forEach(r -> b.append(r).append("\r\n"));
        b.append(SUMMARY).append("\r\n");
        b.append("`").append(count == null ? rows.size() : count).append(",`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00\r\n");
        return b.toString();
    }
}
