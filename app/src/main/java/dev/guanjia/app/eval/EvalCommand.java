package dev.guanjia.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guanjia.app.Args;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.agent.AgentSetup;
import dev.guanjia.app.knowledge.KnowledgeSetup;
import dev.guanjia.community.pack.CommunityPack;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.knowledge.search.KnowledgeSearch;
import dev.guanjia.knowledge.search.SearchResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code eval --pack DIR --cases FILE}: imports the pack into a throwaway database and index,
 * replays the cases and prints the scores defined by the evaluation README as one JSON object.
 * Knowledge cases run against the knowledge search (hits) and the agent (the answer, asked as an
 * anonymous web-chat visitor); dialogue cases run turn by turn through the agent, each from the
 * pack as imported. The whole service runs on the day given by {@code --today} (see {@link ServiceDay}).
 */
public final class EvalCommand {

    public static final String HELP = """
            Usage: java -jar guanjia.jar eval --pack DIR --cases FILE [--today YYYY-MM-DD] [--transcript FILE]

            Imports the pack into a temporary embedded database and index (the service's data is not
            touched; its settings — knowledge weights, aliases file — are used), replays the cases (one JSON object a line) and prints one JSON object with the
            scores. Exits 0 whatever the scores. --transcript FILE also writes what happened, a JSON
            line per case or turn, so the run can be scored again independently.
            --today YYYY-MM-DD runs the cases as of that day (the service's clock starts at 10:00 of it in the
            community's time zone: current notices, "明天" in bookings and repair visits, what is overdue);
            default: today. The summary prints the day used as "today".
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalCommand() {
    }

    public static int run(Args args, GuanjiaConfig config, PrintStream out) throws IOException {
        Path pack = Path.of(args.required("--pack"));
        Path casesFile = Path.of(args.required("--cases"));
        String transcriptArg = args.optional("--transcript");
        String todayArg = args.optional("--today");
        args.requireNoneLeft();
        if (!Files.isRegularFile(casesFile)) {
            throw new Args.UsageException("--cases " + casesFile + " is not a file");
        }
        List<JsonNode> cases = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(casesFile, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                cases.add(JSON.readTree(line));
            } catch (IOException e) {
                unreadable.add("line " + lineNo + ": not JSON");
            }
        }
        CommunityPack.Community community = PackImport.read(pack).community().community();
        ZoneId zone = community.timeZone() == null ? CommunityPack.DEFAULT_ZONE : community.timeZone();
        LocalDate today = ServiceDay.parse(todayArg, zone, Clock.systemUTC());
        Clock clock = ServiceDay.clock(today, zone, Clock.systemUTC());
        ObjectNode result = JSON.createObjectNode();
        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-eval-index");
             Database db = Database.temporary()) {
            Path indexDir = tmp.path();
            // a throwaway database: its personal data is sealed with a key that dies with the run
            PersonalData personalData = PersonalData.ephemeral();
            PackImport.Report imported = new PackImport(db.dataSource(), personalData).importPack(pack, null, "eval");
            result.put("pack", imported.communityId());
            result.put("today", today.toString());
            GuanjiaConfig.KnowledgeWeights w = config.knowledgeWeights();
            try (KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db.dataSource()), indexDir,
                    BgeSmallZhEmbedder.shared(), Aliases.load(KnowledgeSetup.aliasesFile(config.dataDir())),
                    new KnowledgeSearch.Weights(w.dense(), w.words(), w.grams(), w.pinyin()))
                    // articles in force (notices) on the replayed day, not the machine's
                    .useClock(clock, id -> zone).open();
                 BufferedWriter transcript = transcriptArg == null ? null
                         : Files.newBufferedWriter(Path.of(transcriptArg), StandardCharsets.UTF_8)) {
                // payments on, against a merchant inside this run: offers are made and scored, nothing is paid
                // every store the turns use reads the service's day from this clock, never the machine's
                ServiceDesk desk = AgentSetup.replayDesk(config, dev.guanjia.app.store.Stores.open(db.dataSource(),
                        clock, personalData, dev.guanjia.community.change.ChangeFeed.NONE,
                        new EvalMerchant()), kb);
                Runnable reset = () -> new PackImport(db.dataSource(), personalData).resetRuntime(pack);
                score(cases, imported.communityId(), kb, desk, reset, transcript, result, unreadable);
            }
        }
        out.println(JSON.writeValueAsString(result));
        return 0;
    }

    /** A case the knowledge base does not answer: marked on the case or inside its expect (both are written). */
    public static boolean unanswerable(JsonNode knowledgeCase) {
        return knowledgeCase.path("unanswerable").asBoolean(false)
                || knowledgeCase.path("expect").path("unanswerable").asBoolean(false);
    }

    private static void score(List<JsonNode> cases, String community, KnowledgeBase kb, ServiceDesk desk,
                              Runnable reset, BufferedWriter transcript, ObjectNode result, List<String> unreadable)
            throws IOException {
        // warm the model and the index so the first case's latency is not the JVM's start-up
        for (String warm : List.of("物业服务中心电话", "装修需要办理什么手续", "停车怎么收费", "电梯坏了找谁修")) {
            for (int i = 0; i < 10; i++) {
                kb.search(community, warm, 5);
            }
            desk.turn(community, desk.open(community, Identity.anonymous("web")), Identity.anonymous("web"), warm);
        }
        Dialogue dialogue = new Dialogue();
        int answerable = 0;
        int hit1 = 0;
        int hit3 = 0;
        double rr = 0;
        int factsCases = 0;
        int factsOk = 0;
        int factsFound = 0;
        int factsEarly = 0;
        int quoting = 0;
        int faqPasted = 0;
        int unanswerable = 0;
        int abstainedCorrectly = 0;
        int answeredWhenAnswerable = 0;
        int knowledgePass = 0;
        int knowledge = 0;
        int notRun = 0;
        List<Long> latencies = new ArrayList<>();
        ArrayNode failures = JSON.createArrayNode();
        for (String u : unreadable) {
            failures.addObject().put("id", "?").put("why", u);
        }
        for (JsonNode c : cases) {
            String id = c.path("id").asText("?");
            if ("dialogue".equals(c.path("kind").asText())) {
                dialogue.run(c, community, desk, reset, latencies, failures, transcript);
                continue;
            }
            if (!"knowledge".equals(c.path("kind").asText())) {
                notRun++;
                failures.addObject().put("id", id).put("why", "unknown kind " + c.path("kind").asText());
                continue;
            }
            knowledge++;
            JsonNode expect = c.path("expect");
            String question = c.path("question").asText();
            SearchResult r = kb.search(community, question, 5);
            List<String> docs = r.docIds();
            Identity visitor = Identity.anonymous("web");
            TurnResult turn = desk.turn(community, desk.open(community, visitor), visitor, question);
            latencies.add(turn.micros());
            String answer = turn.reply();
            List<String> why = new ArrayList<>();
            if (unanswerable(c)) {
                unanswerable++;
                if (r.abstained()) {
                    abstainedCorrectly++;
                } else {
                    why.add("should abstain; answered from " + docs.get(0));
                }
            } else {
                answerable++;
                List<String> expected = new ArrayList<>();
                expect.path("docs").forEach(d -> expected.add(d.asText()));
                int rank = rankOf(docs, expected);
                if (rank == 1) {
                    hit1++;
                }
                if (rank >= 1 && rank <= 3) {
                    hit3++;
                } else {
                    why.add("expected " + expected + " in top 3, got " + docs.subList(0, Math.min(3, docs.size())));
                }
                rr += rank > 0 ? 1.0 / rank : 0;
                if (!r.abstained()) {
                    answeredWhenAnswerable++;
                } else {
                    why.add("abstained on an answerable question");
                }
                JsonNode facts = expect.path("facts");
                if (facts.isArray() && !facts.isEmpty()) {
                    factsCases++;
                    AnswerShape.Lead lead = AnswerShape.lead(alternatives(facts), answer);
                    factsFound += lead.found();
                    factsEarly += lead.early();
                    List<String> missing = missingFacts(facts, answer);
                    if (missing.isEmpty()) {
                        factsOk++;
                    } else {
                        why.add("answer lacks " + missing);
                    }
                }
            }
            if (!r.abstained()) {
                quoting++;
                List<String> articles = new ArrayList<>();
                turn.citations().forEach(ci -> kb.document(community, ci.docId()).ifPresent(d -> articles.add(d.body())));
                if (AnswerShape.pastesFaq(answer, articles)) {
                    faqPasted++;
                }
            }
            if (why.isEmpty()) {
                knowledgePass++;
            } else {
                failures.addObject().put("id", id).put("why", String.join("; ", why));
            }
            if (transcript != null) {
                ObjectNode t = JSON.createObjectNode();
                t.put("case", id).put("kind", "knowledge").put("question", question);
                ArrayNode hits = t.putArray("hits");
                docs.forEach(hits::add);
                t.put("answer", answer);
                ArrayNode citations = t.putArray("citations");
                turn.citations().forEach(ci -> citations.add(ci.docId()));
                t.put("abstained", r.abstained()).put("latency_ms", turn.micros() / 1000.0);
                transcript.write(JSON.writeValueAsString(t));
                transcript.newLine();
            }
        }
        result.put("cases", knowledge + dialogue.cases);
        if (notRun > 0) {
            result.put("not_run", notRun);
        }
        ObjectNode k = result.putObject("knowledge");
        k.put("pass", ratio(knowledgePass, knowledge));
        k.put("hit1", ratio(hit1, answerable));
        k.put("hit3", ratio(hit3, answerable));
        k.put("mrr", ratio(rr, answerable));
        k.put("facts", ratio(factsOk, factsCases));
        k.put("facts_first80", ratio(factsEarly, factsFound));
        k.put("faq_pasted", ratio(faqPasted, quoting));
        k.put("abstain_unanswerable", ratio(abstainedCorrectly, unanswerable));
        k.put("answered_answerable", ratio(answeredWhenAnswerable, answerable));
        result.set("dialogue", dialogue.summary());
        latencies.sort(null);
        ObjectNode lat = result.putObject("latency_ms");
        lat.put("p50", percentile(latencies, 0.50));
        lat.put("p95", percentile(latencies, 0.95));
        result.set("failures", failures);
    }

    static int rankOf(List<String> hits, List<String> expected) {
        for (int i = 0; i < hits.size(); i++) {
            if (expected.contains(hits.get(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    private static List<List<String>> alternatives(JsonNode facts) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode fact : facts) {
            List<String> alternatives = new ArrayList<>();
            fact.forEach(alt -> alternatives.add(alt.asText()));
            out.add(alternatives);
        }
        return out;
    }

    /** Facts as the README compares them: NFKC, no whitespace, any alternative as a substring. */
    public static List<String> missingFacts(JsonNode facts, String answer) {
        String a = normalize(answer);
        List<String> missing = new ArrayList<>();
        for (JsonNode fact : facts) {
            boolean found = false;
            for (JsonNode alt : fact) {
                if (a.contains(normalize(alt.asText()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing.add(fact.get(0).asText());
            }
        }
        return missing;
    }

    private static String normalize(String s) {
        return AnswerShape.normalize(s);
    }

    private static double ratio(double n, int of) {
        return of == 0 ? 0 : Math.round(n / of * 1000) / 1000.0;
    }

    private static double percentile(List<Long> sortedMicros, double p) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p * sortedMicros.size()) - 1;
        return Math.round(sortedMicros.get(Math.max(0, i)) / 100.0) / 10.0;
    }
}
