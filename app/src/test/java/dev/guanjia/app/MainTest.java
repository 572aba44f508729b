package dev.guanjia.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as an operator uses it: exit codes and what is printed. */
class MainTest {

    @TempDir
    Path workDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, Map.of(), workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path demoPackCopy() {
        Path pack = workDir.resolve("pack");
        dev.guanjia.app.pack.DemoPack.copyTo(pack);
        return pack;
    }

    @Test
    void helpForEveryCommand() {
        assertEquals(0, run("--help"));
        for (String command : new String[]{"serve", "import", "eval", "bench", "wechat", "staff", "keys", "audit"}) {
            assertTrue(out().contains(command));
            assertEquals(0, run(command, "--help"), command);
        }
        assertTrue(out().contains("--community-id"));
        assertTrue(out().contains("--cases FILE"));
    }

    @Test
    void unknownCommandOrMissingOption() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"));
        assertEquals(2, run("import"));
        assertTrue(err().contains("missing --pack"));
    }

    @Test
    void importPrintsWhatItStoredAndImportsAgainInPlace() {
        Path pack = demoPackCopy();
        assertEquals(0, run("import", "--pack", pack.toString()), err());
        assertTrue(out().contains("imported community cuihu (翠湖苑)"), out());
        assertEquals(0, run("import", "--pack", "pack", "--community-id", "cuihu-2"), err());
        assertTrue(out().contains("imported community cuihu-2"));
        assertTrue(Files.isDirectory(workDir.resolve("data/postgres")));
    }

    @Test
    void brokenPackExitsWithEveryProblem() throws IOException {
        Path pack = demoPackCopy();
        Path yaml = pack.resolve("community.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("due: \"2026-12-31\"", "due: \"2026-12-32\""));
        assertEquals(1, run("import", "--pack", pack.toString()));
        assertTrue(err().contains("nothing was imported"));
        assertTrue(err().lines().filter(l -> l.contains("is not a date")).count() > 1, err());
        assertTrue(Files.notExists(workDir.resolve("data")), "a broken pack is refused before the database starts");
    }

    @Test
    void evalReplaysTheGivenDayForNoticesAndReadsUnanswerableOnTheCase() throws IOException {
        Path pack = demoPackCopy();
        // a notice in force only on a day long past: the index must see it on --today, whatever the machine's date
        Files.writeString(pack.resolve("kb").resolve("notice-facade-wash.md"), """
                ---
                id: notice-facade-wash
                title: A1栋外立面清洗通知
                category: notices
                tags: [外墙清洗, 吊篮]
                updated: 2026-04-20
                valid_from: 2026-05-06
                valid_until: 2026-05-06
                ---
                5月6日9:00-16:00，A1栋外立面清洗，吊篮作业期间请关好朝外的窗户，阳台勿晾晒衣物。
                """);
        Path cases = workDir.resolve("day.jsonl");
        Files.writeString(cases, """
                {"id": "n1", "kind": "knowledge", "question": "A1栋外墙清洗是几点到几点", "expect": {"docs": ["notice-facade-wash"], "facts": [["9:00"]]}}
                {"id": "u1", "kind": "knowledge", "question": "附近哪家幼儿园有托班", "unanswerable": true, "expect": {"docs": [], "facts": []}}
                """);
        assertEquals(0, run("eval", "--pack", pack.toString(), "--cases", cases.toString(), "--today", "2026-05-06"), err());
        JsonNode k = new ObjectMapper().readTree(out()).get("knowledge");
        assertEquals(1.0, k.get("hit3").asDouble(), "the notice is in force on the replayed day: " + k);
        assertEquals(1.0, k.get("abstain_unanswerable").asDouble(), "the case marked unanswerable counts as one: " + k);
    }

    @Test
    void evalImportsThePackAndReportsAsJson() throws IOException {
        Path pack = demoPackCopy();
        Path transcript = workDir.resolve("t.jsonl");
        assertEquals(0, run("eval", "--pack", pack.toString(), "--cases", pack.resolve("cases.jsonl").toString(),
                "--transcript", transcript.toString()), err());
        JsonNode result = new ObjectMapper().readTree(out());
        assertEquals("cuihu", result.get("pack").asText());
        List<String> caseLines = Files.readAllLines(pack.resolve("cases.jsonl")).stream()
                .filter(l -> !l.isBlank()).toList();
        assertEquals(caseLines.size(), result.get("cases").asInt());
        // the demo pack's own cases: a regression guard for retrieval and dialogue, not a target
        assertTrue(result.get("knowledge").get("hit3").asDouble() >= 0.9, result::toString);
        assertTrue(result.get("knowledge").get("abstain_unanswerable").asDouble() >= 0.8, result::toString);
        assertTrue(result.get("dialogue").get("pass").asDouble() >= 0.9, result::toString);
        assertEquals(1.0, result.get("dialogue").get("forbid").asDouble(), result::toString);
        // how the answers read, beside whether they hold their facts
        assertTrue(result.get("knowledge").get("facts_first80").asDouble() > 0, result::toString);
        assertEquals(0.0, result.get("knowledge").get("faq_pasted").asDouble(), result::toString);
        assertTrue(result.get("latency_ms").get("p95").asDouble() > 0);
        long turns = 0;
        for (String l : caseLines) {
            JsonNode c = new ObjectMapper().readTree(l);
            turns += c.path("kind").asText().equals("dialogue") ? c.path("turns").size() : 1;
        }
        List<String> lines = Files.readAllLines(transcript);
        assertEquals(turns, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertTrue(first.has("hits") && first.has("answer") && first.has("abstained") && first.has("latency_ms"));
        // payments are on in eval (an in-process merchant): a resident who wants to pay is offered it
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"payment.offered\"") && l.contains("120.00")),
                "no payment offered in the transcript");
        assertTrue(Files.notExists(workDir.resolve("data")), "eval never touches the service's data");
    }

    @Test
    void evalRunsTheServiceAsOfTheDayGiven() throws IOException {
        Path pack = demoPackCopy();
        Path cases = workDir.resolve("dated.jsonl");
        // a bill due 2026-12-31, unpaid; a repair visit "明天上午": both depend on the service's day
        Files.writeString(cases, """
                {"id": "bill", "kind": "dialogue", "channel": "wechat", "as": {"wechat_openid": "wx-cuihu-c01"}, "turns": [{"user": "查一下我家还欠多少钱", "expect": {"action": "bill.listed", "facts": [["已逾期"]]}}]}
                {"id": "visit", "kind": "dialogue", "channel": "wechat", "as": {"wechat_openid": "wx-cuihu-c07"}, "turns": [{"user": "厨房水管在漏水，地上全是水", "expect": {}}, {"user": "明天上午我都在家", "expect": {"action": "work_order.created", "facts": [["12月4日"]]}}]}
                """);
        JsonNode before = evalOn("2026-12-03", cases);
        assertEquals("2026-12-03", before.get("today").asText());
        assertEquals(List.of("bill"), failedIds(before), before::toString);

        JsonNode after = evalOn("2027-01-05", cases);
        assertEquals("2027-01-05", after.get("today").asText());
        // now the bill is past due, and "明天" is 6 January
        assertEquals(List.of("visit"), failedIds(after), after::toString);
        assertTrue(after.get("failures").get(0).get("reply").asText().contains("1月6日"), after::toString);

        assertEquals(2, run("eval", "--pack", pack.toString(), "--cases", cases.toString(), "--today", "3.12.2026"));
        assertTrue(err().contains("--today 3.12.2026 is not a date"), err());
    }

    private JsonNode evalOn(String day, Path cases) throws IOException {
        out.reset();
        assertEquals(0, run("eval", "--pack", workDir.resolve("pack").toString(), "--cases", cases.toString(),
                "--today", day), err());
        return new ObjectMapper().readTree(out());
    }

    private static List<String> failedIds(JsonNode result) {
        List<String> ids = new java.util.ArrayList<>();
        result.get("failures").forEach(f -> {
            if (!ids.contains(f.get("id").asText())) {
                ids.add(f.get("id").asText());
            }
        });
        return ids;
    }

    @Test
    void wechatMenuIsCreatedThroughTheApi() throws Exception {
        java.util.List<String> menus = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer fake = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/cgi-bin/token", ex -> reply(ex, "{\"access_token\":\"T1\",\"expires_in\":7200}"));
        fake.createContext("/cgi-bin/menu/create", ex -> {
            menus.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(ex, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        });
        fake.start();
        try {
            Files.writeString(workDir.resolve("guanjia.yaml"), "wechat:\n  community: cuihu\n  app_id: wxa\n"
                    + "  secret: s\n  token: t\n  api_host: http://127.0.0.1:" + fake.getAddress().getPort() + "\n");
            assertEquals(0, run("wechat", "menu"), err());
            assertEquals(1, menus.size());
            assertTrue(menus.get(0).contains("查账单") && menus.get(0).contains("HUMAN"), menus.get(0));
        } finally {
            fake.stop(0);
        }
        Files.delete(workDir.resolve("guanjia.yaml"));
        assertEquals(2, run("wechat", "menu"));
        assertTrue(err().contains("no official account configured"));
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (var o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Test
    void badSettingsStopTheCommandWithWhatToChange() throws IOException {
        Files.writeString(workDir.resolve("guanjia.yaml"), "http:\n  port: none\n");
        assertEquals(2, run("import", "--pack", demoPackCopy().toString()));
        assertTrue(err().contains("http.port must be a number"));
    }

    @Test
    void staffAddTakesThePasswordFromGuanjiaStaffPasswordAndRefusesCommonOnes() throws Exception {
        assertEquals(0, run("import", "--pack", demoPackCopy().toString()), err());
        String[] add = {"staff", "add", "--community", "cuihu", "--code", "boss", "--name", "站长", "--role", "admin"};
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(add, Map.of("GUANJIA_STAFF_PASSWORD", "Lotus-pond-88"), workDir, o, e), err());
        assertTrue(out().contains("staff account boss (admin) ready in cuihu"), out());
        assertEquals(2, Main.run(new String[]{"staff", "password", "--community", "cuihu", "--code", "boss"},
                Map.of("GUANJIA_STAFF_PASSWORD", "Password123"), workDir, o, e));
        assertTrue(err().contains("太常见"), err());
        dev.guanjia.app.config.GuanjiaConfig config = dev.guanjia.app.config.ConfigLoader.load(Map.of(), workDir);
        try (dev.guanjia.app.database.DataDirectory dir = dev.guanjia.app.database.DataDirectory.lock(config.dataDir());
             dev.guanjia.app.database.Database db = dev.guanjia.app.database.Database.open(config.database(),
                     dir.path())) {
            dev.guanjia.community.staff.StaffAccounts accounts = new dev.guanjia.community.staff.StaffAccounts(
                    db.dataSource());
            java.time.Instant now = java.time.Instant.now();
            assertTrue(accounts.signIn("cuihu", "boss", "Lotus-pond-88", now)
                    instanceof dev.guanjia.community.staff.StaffAccounts.SignIn.Accepted, "the first password stays");
        }
    }
}
