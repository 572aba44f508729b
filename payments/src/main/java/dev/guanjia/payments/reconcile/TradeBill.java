package dev.guanjia.payments.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One day's WeChat Pay trade bill (APIv3 {@code /v3/bill/tradebill}, type ALL) as WeChat sends it:
 * <pre>
 * 交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,
 *   应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,
 *   手续费,费率,订单金额,申请退款金额,费率备注
 * `2026-12-01 09:15:02,`wx…,`1900000109,`0,`,`4200…,`PF…,`o…,`JSAPI,`SUCCESS,`OTHERS,`CNY,`518.76,`0.00,`0,`0,…
 * 总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额
 * `2,`518.76,`100.00,`0.00,`3.11256,`1037.52,`100.00
 * </pre>
 * Every detail and summary field carries a leading backtick (so spreadsheets keep long numbers);
 * amounts are yuan, times Beijing time without an offset. Columns are found by their header name,
 * since bills of older merchants lack some. A payment is a {@code SUCCESS} row, a refund a
 * {@code REFUND} row (with the original order's numbers). The detail count must equal the
 * summary's 总交易单数, else the bill is refused as cut short.
 */
public record TradeBill(List<Row> rows, Summary summary) {

    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One detail row; amounts in fen. Refund fields are null on a payment row. */
    public record Row(LocalDateTime tradeTime, String appId, String mchId, String transactionId, String outTradeNo,
                      String tradeState, long orderFen, long settlementFen, String refundId, String outRefundNo,
                      long refundFen, long requestedRefundFen, String refundStatus) {

        public boolean payment() {
            return "SUCCESS".equals(tradeState);
        }

        public boolean refund() {
            return "REFUND".equals(tradeState);
        }
    }

    /** The last two lines; amounts in fen. */
    public record Summary(int count, long settlementTotalFen, long refundTotalFen, long orderTotalFen,
                          long requestedRefundTotalFen) {
    }

    /** A bill that is not in WeChat's format, or is cut short. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    private static final String SUMMARY_FIRST = "总交易单数";

    public List<Row> payments() {
        return rows.stream().filter(Row::payment).toList();
    }

    public List<Row> refunds() {
        return rows.stream().filter(Row::refund).toList();
    }

    public static TradeBill parse(InputStream in) throws IOException, Unreadable {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    public static TradeBill parse(String text) throws Unreadable {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.size() < 3) {
            throw new Unreadable("a trade bill has a header, a summary header and a summary row; got "
                    + lines.size() + " line(s)");
        }
        Map<String, Integer> columns = new HashMap<>();
        String[] header = lines.get(0).split(",", -1);
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i].strip(), i);
        }
        for (String needed : List.of("交易时间", "商户号", "微信订单号", "商户订单号", "交易状态", "应结订单金额")) {
            if (!columns.containsKey(needed)) {
                throw new Unreadable("line 1: no column " + needed + " in the header (not a WeChat Pay trade bill?)");
            }
        }
        int summaryAt = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(SUMMARY_FIRST)) {
                summaryAt = i;
                break;
            }
        }
        if (summaryAt < 0 || summaryAt != lines.size() - 2) {
            throw new Unreadable(summaryAt < 0 ? "no summary (" + SUMMARY_FIRST + ") line: the bill is cut short"
                    : "the summary must be the last two lines; " + (lines.size() - summaryAt - 1) + " line(s) follow its header");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < summaryAt; i++) {
            String[] f = fields(lines.get(i), i + 1);
            if (f.length != header.length) {
                throw new Unreadable("line " + (i + 1) + ": " + f.length + " fields, the header has " + header.length);
            }
            rows.add(row(f, columns, i + 1));
        }
        Summary summary = summary(lines.get(summaryAt), lines.get(summaryAt + 1), summaryAt + 2);
        if (summary.count() != rows.size()) {
            throw new Unreadable("the summary counts " + summary.count() + " trades but the bill lists " + rows.size()
                    + ": refused as incomplete");
        }
        return new TradeBill(List.copyOf(rows), summary);
    }

    /** Splits a detail or summary line: each field starts with a backtick, so ",`" separates them. */
    private static String[] fields(String line, int lineNo) throws Unreadable {
        if (!line.startsWith("`")) {
            throw new Unreadable("line " + lineNo + ": a field without its leading backtick");
        }
        // a comma inside a product name or attach stays in its field: only ",`" starts the next one
        return line.substring(1).split(",`", -1);
    }

    private static Row row(String[] f, Map<String, Integer> c, int lineNo) throws Unreadable {
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(get(f, c, "交易时间"), TIME);
        } catch (DateTimeParseException e) {
            throw new Unreadable("line " + lineNo + ": 交易时间 '" + get(f, c, "交易时间") + "' is not yyyy-MM-dd HH:mm:ss");
        }
        String outTradeNo = get(f, c, "商户订单号");
        if (outTradeNo.isEmpty()) {
            throw new Unreadable("line " + lineNo + ": no 商户订单号");
        }
        return new Row(time, get(f, c, "公众账号ID"), get(f, c, "商户号"), get(f, c, "微信订单号"), outTradeNo,
                get(f, c, "交易状态"), fen(f, c, "订单金额", lineNo), fen(f, c, "应结订单金额", lineNo),
                refundNo(get(f, c, "微信退款单号")), refundNo(get(f, c, "商户退款单号")), fen(f, c, "退款金额", lineNo),
                fen(f, c, "申请退款金额", lineNo), get(f, c, "退款状态"));
    }

    /** A payment row carries "0" where a refund number would be. */
    private static String refundNo(String v) {
        return v.isEmpty() || "0".equals(v) ? null : v;
    }

    private static String get(String[] f, Map<String, Integer> c, String column) {
        Integer i = c.get(column);
        return i == null ? "" : f[i].strip();
    }

    private static long fen(String[] f, Map<String, Integer> c, String column, int lineNo) throws Unreadable {
        String v = get(f, c, column);
        if (v.isEmpty() && !c.containsKey(column)) {
            return 0;
        }
        return yuan(v, column, lineNo);
    }

    static long yuan(String v, String column, int lineNo) throws Unreadable {
        try {
            return new BigDecimal(v.isEmpty() ? "0" : v).movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Unreadable("line " + lineNo + ": " + column + " '" + v + "' is not an amount in yuan");
        }
    }

    private static Summary summary(String headerLine, String valueLine, int lineNo) throws Unreadable {
        String[] names = headerLine.split(",", -1);
        String[] values = fields(valueLine, lineNo);
        if (names.length != values.length) {
            throw new Unreadable("line " + lineNo + ": " + values.length + " summary fields, its header has " + names.length);
        }
        Map<String, String> s = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            s.put(names[i].strip(), values[i].strip());
        }
        int count;
        try {
            count = Integer.parseInt(s.get(SUMMARY_FIRST));
        } catch (NumberFormatException e) {
            throw new Unreadable("line " + lineNo + ": 总交易单数 '" + s.get(SUMMARY_FIRST) + "' is not a count");
        }
        return new Summary(count, sum(s, "应结订单总金额", lineNo), sum(s, "退款总金额", lineNo),
                sum(s, "订单总金额", lineNo), sum(s, "申请退款总金额", lineNo));
    }

    private static long sum(Map<String, String> s, String name, int lineNo) throws Unreadable {
        String v = s.get(name);
        return v == null ? 0 : yuan(v, name, lineNo);
    }
}
