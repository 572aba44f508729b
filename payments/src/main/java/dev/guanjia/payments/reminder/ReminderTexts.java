package dev.guanjia.payments.reminder;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What a reminder says, as residents read it, kept in one place. */
final class ReminderTexts {

    /** One bill in a reminder. */
    record Line(String houseCode, String itemName, String period, BigDecimal amount, LocalDate due) {
    }

    /** Where to pay when online payment is off, as the bot says it. */
    static final String WHERE_TO_PAY = "可通过公众号或物业服务中心缴纳。";

    /** Added to reminders that go by WeChat, where a reply reaches us. */
    static final String HOW_TO_STOP = "如不需要缴费提醒，请回复“退订催缴”。";

    private ReminderTexts() {
    }

    static String text(String stage, String community, List<Line> lines, String link) {
        StringBuilder s = new StringBuilder("【").append(community).append("】尊敬的住户，您有")
                .append(lines.size()).append(Reminders.OVERDUE.equals(stage) ? "笔费用已逾期未缴：" : "笔费用即将到期：");
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            s.append(i == 0 ? "" : "；").append(l.houseCode()).append(' ').append(l.itemName()).append(' ')
                    .append(l.period()).append(' ').append(yuan(l.amount())).append("元（")
                    .append(Reminders.OVERDUE.equals(stage) ? "已于" : "").append(day(l.due())).append("到期）");
        }
        s.append("。");
        if (lines.size() > 1) {
            s.append("合计").append(yuan(total(lines))).append("元。");
        }
        s.append(link == null ? WHERE_TO_PAY : "在线缴费：" + link + " 。");
        return s.toString();
    }

    static BigDecimal total(List<Line> lines) {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static String yuan(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    static String day(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }
}
