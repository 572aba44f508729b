package dev.guanjia.bot.handoff;

import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.resident.Resident;

import java.util.List;
import java.util.Optional;

/**
 * What the human agent reads first when a conversation is handed over. It is stored as plain text
 * and shown in queues, so it names the resident by role and house (业主（A-1-101）), never by name:
 * the name, phone numbers and the WeChat openid are taken out of the bot's summary too, which may
 * quote what the resident said ("我是顾明远…"). The console shows the name from the sealed record
 * to the agent who needs it.
 */
public final class HandoffSummary {

    private HandoffSummary() {
    }

    /**
     * @param resident the verified resident, if any
     * @param openid   the WeChat openid the conversation came from, or null
     * @param summary  the bot's account of what the resident wants
     */
    public static String of(Optional<Resident> resident, String openid, String summary) {
        String text = summary == null ? "" : summary.strip();
        if (resident.isEmpty()) {
            DataSubject nobody = new DataSubject("", 0, "", null, "访客", List.of(), List.of(),
                    openid == null ? List.of() : List.of(openid), List.of());
            return "未验证身份的访客：" + nobody.scrub(text);
        }
        Resident r = resident.get();
        String label = r.houses().stream().anyMatch(h -> "owner".equals(h.role())) ? "业主" : "住户";
        DataSubject who = new DataSubject(r.communityId(), r.id(), r.code(), r.name(), label,
                r.houses().stream().map(Resident.Household::houseId).toList(), List.of(),
                openid == null ? List.of() : List.of(openid), List.of());
        String houses = String.join("、", r.houses().stream().map(Resident.Household::houseCode).toList());
        return label + (houses.isEmpty() ? "" : "（" + houses + "）") + "：" + who.scrub(text);
    }
}
