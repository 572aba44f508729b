package dev.guanjia.knowledge.search;

import java.util.List;
import java.util.regex.Pattern;

/**
 * "物业费怎么交", "在哪缴", "能用支付宝交吗", "how do I pay the service charge": the ways to pay are asked, not the rates. The
 * article on a fee ("物业费标准及交费时间") shares every word of the question with it and often ranks first;
 * when it names no way to pay and one of the next articles does (the channels: the official account, the
 * front desk, a bank's direct debit), that one answers.
 */
final class WaysToPay {

    private static final Pattern ASKED = Pattern.compile(
            "(交|缴|付|支付|缴纳|充值)[^，。？?]{0,2}(方式|渠道|途径)|(怎么|怎样|如何|在哪|哪里|去哪|哪儿|咋|点样)(交|缴|付|缴纳|支付|充值|畀)|"
                    + "(交|缴|付)到哪|用什么(交|缴|付)|how (do|can) (i|we) pay|where (do|can) (i|we) pay|how to pay|ways to pay|"
                    + "payment (methods|options)|"
                    // whether one channel takes it ("能用支付宝交吗", "手机上可以缴不", "pay by WeChat"): the ways answer
                    + "(用|通过|拿)?(微信|支付宝|手机|网上|线上|银行卡|信用卡|app)(上|里)?(可以|能|能不能|可不可以)?"
                    + "(交|缴|付|支付|缴纳)(?!给|还|出|到)|"
                    + "\\bpay\\b[^?.]{0,30}\\b(by|with|via|through|on|using) (wechat|alipay|card|credit card|phone|app|bank)", Pattern.CASE_INSENSITIVE);
    private static final Pattern WAYS = Pattern.compile(
            "微信|支付宝|银行|代扣|公众号|小程序|现场|前台|柜台|扫码|转账|网银|刷卡|现金|线上|在线|收费处|(?i)\\bapp\\b");

    private WaysToPay() {
    }

    /** The index among the first three hits of the one that answers; 0 when the first does or none does. */
    static int answering(String question, List<Hit> hits) {
        if (hits.size() < 2 || !ASKED.matcher(question).find() || WAYS.matcher(hits.get(0).text()).find()) {
            return 0;
        }
        for (int i = 1; i < Math.min(3, hits.size()); i++) {
            if (WAYS.matcher(hits.get(i).text()).find()) {
                return i;
            }
        }
        return 0;
    }
}
