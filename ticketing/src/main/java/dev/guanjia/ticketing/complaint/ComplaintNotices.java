package dev.guanjia.ticketing.complaint;

import java.time.Duration;

/** What complaints send to supervisors and residents, kept together so the wording reads in one place. */
final class ComplaintNotices {

    private ComplaintNotices() {
    }

    static String toSupervisor(Complaint k) {
        String what = k.isSuggestion() ? "新建议" : "新投诉";
        String linked = k.linkedTo() == null ? "" : "（同一问题此前已有" + k.linkedTo() + "）";
        String due = k.isSuggestion() ? "请答复住户。"
                : "请在" + hours(Duration.between(k.createdAt(), k.firstAnswerDue())) + "内首次答复，"
                + hours(Duration.between(k.createdAt(), k.closeDue())) + "内办结。";
        return what + k.code() + "（" + k.subject().label() + "）" + linked + "：" + excerpt(k.words()) + " " + due;
    }

    static String answer(Complaint k, String answer) {
        String intro = k.isSuggestion() ? "感谢您的建议（单号" + k.code() + "），物业答复："
                : "关于您的投诉（单号" + k.code() + "），物业主管答复：";
        return intro + answer + "\n请问这个答复解决您的问题了吗？请回复“解决了”或“没解决”，也可以回复1-5分评价。";
    }

    static String unresolved(Complaint k, String note) {
        return (k.isSuggestion() ? "建议" : "投诉") + k.code() + "的" + note + "，请跟进。";
    }

    static String breach(Complaint k, String label) {
        return "投诉" + k.code() + label + "，请尽快答复住户。";
    }

    private static String hours(Duration d) {
        long h = d.toHours();
        return h % 24 == 0 && h >= 48 ? h / 24 + "天" : h + "小时";
    }

    private static String excerpt(String words) {
        String w = words == null ? "" : words.strip().replaceAll("\\s+", " ");
        return w.length() > 60 ? w.substring(0, 60) + "…" : w;
    }
}
