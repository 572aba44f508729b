package dev.guanjia.notices.notice;

import dev.guanjia.community.refusal.Refusal;

import java.time.LocalDate;
import java.util.List;

/** What staff (or a pack) write in a notice; checked before anything is stored. */
public record NoticeDraft(String title, String body, NoticeCategory category, List<String> buildings,
                          LocalDate validFrom, LocalDate validUntil) {

    public NoticeDraft {
        title = title == null ? "" : title.strip();
        body = body == null ? "" : body.strip();
        buildings = buildings == null ? List.of() : buildings.stream().map(String::strip).filter(b -> !b.isEmpty())
                .distinct().sorted().toList();
        if (title.isEmpty() || title.length() > 200) {
            throw invalid("notice_title", "公告标题不能为空，且不超过200字");
        }
        if (body.isEmpty() || body.length() > 4000) {
            throw invalid("notice_body", "公告正文不能为空，且不超过4000字");
        }
        if (category == null) {
            throw invalid("notice_category", "请选择公告类别：停水、停电、电梯维保、消杀、活动、缴费或其他");
        }
        if (validFrom == null || validUntil == null) {
            throw invalid("notice_dates", "请填写公告的生效日期和截止日期");
        }
        if (validUntil.isBefore(validFrom)) {
            throw invalid("notice_dates", "截止日期不能早于生效日期");
        }
        if (validUntil.isAfter(validFrom.plusYears(1))) {
            throw invalid("notice_dates", "公告有效期不能超过一年");
        }
    }

    private static Refusal invalid(String code, String message) {
        return new Refusal(Refusal.Reason.INVALID, code, message);
    }
}
