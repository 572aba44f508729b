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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our own probes of how residents all over China (and in English, pinyin, with typos) report,
 * complain, ask after, cancel or rate an order, cancel a booking or ask for a person — one message
 * each, from a known resident who has an open order, a finished order awaiting acceptance and a
 * booking — and near-misses that must trigger none of it (questions about rules, a fault at home
 * that first asks when someone is in). Each group must keep at least the number of passes it
 * reached; the lines that still fail are printed.
 */
class OrderWordingTest {

    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static final Identity VISITOR = Identity.anonymous("web");

    /**
     * Passes each group must keep. Before the wording fix: complaint 53/89, public 51/82, status 28/40,
     * cancel 36/40, rate 36/40, booking_cancel 34/40, person 36/40, nearmiss 76/82 (public_ask and six
     * public lines were added after: a stair or corridor fitting said without its floor still asks which).
     */
    private static final Map<String, Integer> FLOOR = Map.of(
            "complaint", 86, "public", 80, "public_ask", 5, "status", 39, "cancel", 39, "rate", 39,
            "booking_cancel", 39, "person", 39, "nearmiss", 81);

    private static final Set<String> ORDER_ACTIONS = Set.of("work_order.created", "work_order.status",
            "work_order.cancelled", "work_order.rated", "booking.cancelled", "handoff.requested");

    private static ServiceDesk desk;
    private static List<String[]> probes;

    @BeforeAll
    static void estate() throws Exception {
        ProbeEstate.build();
        desk = ProbeEstate.desk;
        probes = ProbeEstate.probes("/probes/order-wording.tsv");
    }

    private static void reset() throws Exception {
        ProbeEstate.reset();
    }

    private static boolean did(TurnResult r, String type) {
        return r.actions().stream().anyMatch(a -> a.type().equals(type));
    }

    private static boolean passes(String group, TurnResult r) {
        return switch (group) {
            case "complaint", "public" -> did(r, "work_order.created");
            case "status" -> did(r, "work_order.status");
            case "cancel" -> did(r, "work_order.cancelled");
            case "rate" -> did(r, "work_order.rated");
            case "booking_cancel" -> did(r, "booking.cancelled");
            case "person", "person_anon" -> did(r, "handoff.requested") || r.handoff();
            case "public_ask" -> !did(r, "work_order.created") && (r.reply().contains("位置") || r.reply().contains("Where"));
            case "nearmiss" -> r.actions().stream().map(Action::type).noneMatch(ORDER_ACTIONS::contains) && !r.handoff();
            default -> throw new IllegalArgumentException(group);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"complaint", "public", "public_ask", "status", "cancel", "rate", "booking_cancel", "person", "nearmiss"})
    void eachGroupIsUnderstoodInAnyWording(String group) throws Exception {
        int pass = 0;
        int total = 0;
        int inGroup = 0;
        // the whole set with -Dguanjia.probes=all; by default every tenth line, to keep the suite within its time
        int stride = "all".equals(System.getProperty("guanjia.probes")) ? 1 : 10;
        List<String> failed = new ArrayList<>();
        boolean changed = true;
        for (String[] p : probes) {
            if (!p[0].equals(group) && !(group.equals("person") && p[0].equals("person_anon"))) {
                continue;
            }
            if (inGroup++ % stride != 0) {
                continue;
            }
            if (changed) {
                reset();
            }
            Identity who = p[0].equals("person_anon") ? VISITOR : OWNER;
            TurnResult r = desk.turn("c1", desk.open("c1", who), who, p[1]);
            // the owner's orders and booking are set again only after a turn that may have changed them
            changed = !r.actions().isEmpty() || r.handoff();
            total++;
            if (passes(p[0], r)) {
                pass++;
            } else {
                failed.add(p[1] + "  →  " + r.actions().stream().map(Action::type).toList() + " "
                        + r.reply().replace('\n', ' ').substring(0, Math.min(60, r.reply().length())));
            }
        }
        System.out.println("PROBES " + group + " " + pass + "/" + total);
        failed.forEach(f -> System.out.println("  MISS " + group + ": " + f));
        assertTrue(total > 0, group);
        // the misses allowed over the whole group (its size less its floor); a sample may not have more
        int allowed = inGroup - FLOOR.get(group);
        assertTrue(total - pass <= allowed, group + ": " + pass + "/" + total + ", more than " + allowed + " missed");
    }
}
