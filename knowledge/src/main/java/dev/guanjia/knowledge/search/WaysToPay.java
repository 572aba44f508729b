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

    private static final String CHANNELS = "微信|支付宝|网上|线上|银行卡|信用卡|app|公众号|小程序|云闪付";
    private static final String CHANNEL = "(手机|" + CHANNELS + ")";
    /** "能用手机吗" is asked of lifts and meetings too: the phone counts only with a verb of paying. */
    private static final String CHANNEL_NOT_PHONE = "(" + CHANNELS + ")";
    /** A payment that went wrong ("扣了两次", "refund"): the desk's problem to look into, not the ways to pay. */
    private static final Pattern PROBLEM = Pattern.compile(
            "退款|退钱|失败|扣了两次|重复扣|交错|twice|failed|error|refund|charged", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKED = Pattern.compile(
            "(交|缴|付|支付|缴纳|充值)[^，。？?]{0,2}(方式|渠道|途径)|(怎么|怎样|如何|在哪|哪里|去哪|哪儿|咋|点样)(交|缴|付|缴纳|支付|充值|畀)|"
                    + "(交|缴|付)到哪|用什么(交|缴|付)|how (do|can) (i|we) pay|where (do|can) (i|we) pay|how to pay|ways to pay|"
                    + "payment (methods|options)|"
                    // whether one channel takes it, asked as a question ("微信也可以交吗", "支持支付宝吗", "pay with
                    // Alipay?"): not a payment made through it ("微信交了怎么还催费"), nor a phone handed in
                    + "(用|通过|拿|在)?" + CHANNEL + "(上|里)?面?(也|还|都)?(可以|可不可以|能|能不能|能否|可否|可唔可以|得唔得)?"
                    + "(交|缴|付|支付|缴纳|畀|俾)(物业费|管理费|服务费|停车费|费用|费|款|钱)?(得了|得唔得|得|可以|行)?"
                    + "(吗|么|嘛|不|否|冇|唔|没|呀|啊|？|\\?|$)|"
                    + "(可以|能|能不能|能否|可否|可唔可以|支持|收不收|收唔收|收)(用|通过|拿|在)?" + CHANNEL_NOT_PHONE
                    + "(上|里)?(交|缴|付|支付|缴纳|畀|俾)?(吗|么|嘛|不|否|？|\\?|$)|"
                    + "\\bpay(ing)?\\b[^?.]{0,30}?\\b(by|with|via|through|on|using|in) ((a|an|the|my|our)\\s+)?"
                    + "(wechat|alipay|(credit |debit |bank )?card|credit-card|phone|mobile|app|bank transfer|bank|cash|cheque|direct debit)\\b|"
                    + "\\bpay(ing)? online\\b|\\b(accept|take)s? (wechat|alipay|cards?)\\b|\\buse (wechat|alipay|the app|my phone|a card) to pay\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern WAYS = Pattern.compile(
            "微信|支付宝|银行|代扣|公众号|小程序|现场|前台|柜台|扫码|转账|网银|刷卡|现金|线上|在线|收费处|(?i)\\bapp\\b");

    private WaysToPay() {
    }

    /** The index among the first three hits of the one that answers; 0 when the first does or none does. */
    static int answering(String question, List<Hit> hits) {
        if (hits.size() < 2 || !ASKED.matcher(question).find() || PROBLEM.matcher(question).find()
                || WAYS.matcher(hits.get(0).text()).find()) {
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
