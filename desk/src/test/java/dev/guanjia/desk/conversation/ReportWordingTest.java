package dev.guanjia.desk.conversation;

import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our own probes of reports that are registered at once although said indirectly, at length, with
 * context, greetings or blame, as a question ("…是不是坏了？", "能不能派人…", "有没有人管"), inside a
 * rule question, in elderly or regional speech, with typos, in English or pinyin — one message each of
 * the identified owner, grouped by the category the order must get (the trade that fixes it: a lamp
 * in a building is electrical, a dirty place cleaning, a person's conduct a complaint) — and near-misses
 * that must register nothing (rule questions, a home fault that first asks when someone is in, thanks,
 * asking after an earlier report). Each group must keep at least the passes it reached; misses are printed.
 */
class ReportWordingTest {

    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");

    /**
     * Passes each group must keep (of the whole group, -Dguanjia.probes=all). Before the fix: complaint 16/29,
     * public_facility 16/22, electrical 6/23, plumbing 14/20, cleaning 11/22, greening 9/20, elevator 12/20,
     * noise 13/20, parking 10/20, security 8/20, door_access 17/20 (132/235 registered in their trade), nearmiss 85/87. After: complaint 28, public_facility 21, electrical 20,
     * plumbing 15, cleaning 17, greening 15, elevator 14, noise 18, parking 16, security 15, door_access 18 (197/235),
     * nearmiss 85/87; the floors keep one pass of slack per group. A lamp inside a building (stairwell, lobby,
     * garage, roof) is the electrician's and one in the grounds (street, garden, gate) a public facility: ten lamp
     * lines are electrical again, public_facility 26/30, electrical 14/15, nearmiss 86/87.
     */
    private static final Map<String, Integer> FLOOR = Map.ofEntries(
            Map.entry("complaint", 27), Map.entry("public_facility", 25), Map.entry("electrical", 13),
            Map.entry("plumbing", 14), Map.entry("cleaning", 15), Map.entry("greening", 14),
            Map.entry("elevator", 13), Map.entry("noise", 17), Map.entry("parking", 15),
            Map.entry("security", 14), Map.entry("door_access", 17), Map.entry("nearmiss", 84));

    private static ServiceDesk desk;
    private static List<String[]> probes;

    @BeforeAll
    static void estate() throws Exception {
        ProbeEstate.build();
        desk = ProbeEstate.desk;
        probes = ProbeEstate.probes("/probes/report-wording.tsv");
    }

    private static String created(TurnResult r) {
        return r.actions().stream().filter(a -> a.type().equals("work_order.created"))
                .map(a -> String.valueOf(a.details().get("category"))).findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"complaint", "public_facility", "electrical", "plumbing", "cleaning", "greening",
            "elevator", "noise", "parking", "security", "door_access", "nearmiss"})
    void eachReportIsRegisteredAtOnceInItsTrade(String group) throws Exception {
        int pass = 0;
        int total = 0;
        int inGroup = 0;
        int none = 0;
        // the whole set with -Dguanjia.probes=all; by default every tenth line, to keep the suite within its time
        int stride = "all".equals(System.getProperty("guanjia.probes")) ? 1 : 10;
        List<String> failed = new ArrayList<>();
        boolean changed = true;
        for (String[] p : probes) {
            if (!p[0].equals(group)) {
                continue;
            }
            if (inGroup++ % stride != 0) {
                continue;
            }
            if (changed) {
                ProbeEstate.reset();
            }
            TurnResult r = desk.turn("c1", desk.open("c1", OWNER), OWNER, p[1]);
            changed = !r.actions().isEmpty() || r.handoff();
            total++;
            String category = created(r);
            boolean ok = group.equals("nearmiss") ? category == null : group.equals(category);
            if (ok) {
                pass++;
            } else {
                none += category == null ? 1 : 0;
                failed.add(p[1] + "  →  " + (category == null ? "no order " + r.actions().stream().map(Action::type).toList()
                        : category) + " " + r.reply().replace('\n', ' ').substring(0, Math.min(50, r.reply().length())));
            }
        }
        System.out.println("REPORTS " + group + " " + pass + "/" + total + (group.equals("nearmiss") ? "" : " (no order " + none + ")"));
        failed.forEach(f -> System.out.println("  MISS " + group + ": " + f));
        assertTrue(total > 0, group);
        int allowed = inGroup - FLOOR.get(group);
        assertTrue(total - pass <= allowed, group + ": " + pass + "/" + total + ", more than " + allowed + " missed");
    }
}
