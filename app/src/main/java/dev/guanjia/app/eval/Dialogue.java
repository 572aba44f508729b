package dev.guanjia.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Runs dialogue cases turn by turn and keeps the scores per expectation type. */
final class Dialogue {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Actions that only read; any other (an order, a booking taken or cancelled, a complaint) changes
     * what the next case would see, so the pack is imported afresh after it.
     */
    private static final java.util.Set<String> READS = java.util.Set.of("work_order.status", "bill.listed",
            "notice.listed", "identity.required", "booking.listed");

    int cases;
    private int passed;
    private final int[] action = new int[2];
    private final int[] handoff = new int[2];
    private final int[] forbid = new int[2];
    private final int[] facts = new int[2];

    void run(JsonNode c, String community, ServiceDesk desk, Runnable reset, List<Long> latencies,
             ArrayNode failures, BufferedWriter transcript) throws IOException {
        cases++;
        String id = c.path("id").asText("?");
        String channel = c.path("channel").asText("web");
        JsonNode as = c.path("as");
        Identity identity = as.hasNonNull("wechat_openid") ? new Identity(channel, "wechat_openid",
                as.get("wechat_openid").asText())
                : as.hasNonNull("phone") ? new Identity(channel, "phone", as.get("phone").asText())
                : Identity.anonymous(channel);
        String conversation = desk.open(community, identity);
        boolean ok = true;
        boolean changed = false;
        boolean queued = false;
        int turnNo = 0;
        for (JsonNode turn : c.path("turns")) {
            turnNo++;
            String user = turn.path("user").asText();
            TurnResult r = desk.turn(community, conversation, identity, user);
            latencies.add(r.micros());
            queued |= r.handoff();
            changed |= r.actions().stream().anyMatch(a -> !READS.contains(a.type()));
            JsonNode e = turn.path("expect");
            List<String> why = new ArrayList<>();
            if (e.has("action")) {
                String want = e.get("action").asText();
                Action got = r.actions().stream().filter(a -> a.type().equals(want)).findFirst().orElse(null);
                boolean hit = got != null && (!e.has("category")
                        || e.get("category").asText().equals(String.valueOf(got.details().get("category"))));
                count(action, hit);
                if (!hit) {
                    why.add("expected action " + want + (e.has("category") ? "/" + e.get("category").asText() : "")
                            + ", got " + r.actions().stream().map(a -> a.type()
                            + (a.details().containsKey("category") ? "/" + a.details().get("category") : "")).toList());
                }
            }
            if (e.has("handoff")) {
                boolean hit = e.get("handoff").asBoolean() == queued;
                count(handoff, hit);
                if (!hit) {
                    why.add("handoff should be " + e.get("handoff").asBoolean());
                }
            }
            if (e.has("forbid")) {
                String reply = normalize(r.reply() + " " + JSON.writeValueAsString(r.actions()));
                List<String> leaked = new ArrayList<>();
                e.get("forbid").forEach(f -> {
                    if (reply.contains(normalize(f.asText()))) {
                        leaked.add(f.asText());
                    }
                });
                count(forbid, leaked.isEmpty());
                if (!leaked.isEmpty()) {
                    why.add("leaked " + leaked);
                }
            }
            if (e.has("facts")) {
                List<String> missing = EvalCommand.missingFacts(e.get("facts"), r.reply());
                count(facts, missing.isEmpty());
                if (!missing.isEmpty()) {
                    why.add("reply lacks " + missing);
                }
            }
            if (!why.isEmpty()) {
                ok = false;
                failures.addObject().put("id", id).put("turn", turnNo).put("why", String.join("; ", why))
                        .put("reply", r.reply().length() > 160 ? r.reply().substring(0, 160) + "…" : r.reply());
            }
            if (transcript != null) {
                ObjectNode t = JSON.createObjectNode();
                t.put("case", id).put("kind", "dialogue").put("turn", turnNo).put("user", user).put("reply", r.reply());
                ArrayNode citations = t.putArray("citations");
                r.citations().forEach(ci -> citations.add(ci.docId()));
                ArrayNode actions = t.putArray("actions");
                for (Action a : r.actions()) {
                    ObjectNode an = actions.addObject().put("type", a.type());
                    a.details().forEach((k, v) -> an.put(k, String.valueOf(v)));
                }
                t.put("handoff", queued).put("latency_ms", r.micros() / 1000.0);
                transcript.write(JSON.writeValueAsString(t));
                transcript.newLine();
            }
        }
        if (ok) {
            passed++;
        }
        if (changed || queued) {
            // every case starts from the pack as imported
            reset.run();
        }
    }

    ObjectNode summary() {
        ObjectNode d = JSON.createObjectNode();
        d.put("pass", ratio(passed, cases));
        d.put("action", ratio(action[0], action[1]));
        d.put("handoff", ratio(handoff[0], handoff[1]));
        d.put("forbid", ratio(forbid[0], forbid[1]));
        d.put("facts", ratio(facts[0], facts[1]));
        return d;
    }

    private static void count(int[] tally, boolean hit) {
        tally[1]++;
        if (hit) {
            tally[0]++;
        }
    }

    private static double ratio(int n, int of) {
        return of == 0 ? 0 : Math.round((double) n / of * 1000) / 1000.0;
    }

    private static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
