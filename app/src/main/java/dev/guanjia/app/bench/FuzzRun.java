package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.serve.GuanjiaServer;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code bench fuzz}: starts the service on loopback in a throwaway data directory and sends
 * hostile requests to every public endpoint — huge and truncated bodies, invalid UTF-8, XML bombs
 * and external entities (correctly signed, so they reach the parser), SQL-looking strings, script
 * tags, path tricks, forged signatures, garbage on the raw socket. It counts 5xx answers, internal
 * details in answers (stack traces, SQL errors) and residents' phone numbers or names in answers
 * to callers without a session, and checks the service is still healthy at the end. Bounded by a
 * request count and a time limit; it never leaves 127.0.0.1.
 */
public final class FuzzRun {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench fuzz [--requests 3000] [--seconds 120] [--seed 1]
            """;

    private static final String TOKEN = "fuzztoken";
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\bat (dev|io|java|org)\\.[a-z]|SQLState|PSQLException|org\\.postgresql|syntax error at");

    private static final String[] HOSTILE = {
            "' OR 1=1 --", "1; DROP TABLE residents; --", "\" OR \"\"=\"", "admin'--", "%' AND 1=0 UNION SELECT 1--",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x}",
            "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "\u0000", "\uFEFF", "𠀀𠀁𠀂", "物业费" .repeat(400),
            "-1", "99999999999999999999999", "NaN", "null", "[]", "{}", "true", "%00", "%%%%", "\r\nX-Injected: 1",
    };

    private static final String[] PATHS = {
            "/", "/health", "/openapi", "/chat/", "/chat/%s", "/console/", "/console/%s",
            "/api/v1/communities", "/api/v1/communities/%s",
            "/api/v1/knowledge/search?q=%s", "/api/v1/knowledge/search?q=%s&community=%s",
            "/api/v1/knowledge/%s/documents", "/api/v1/knowledge/%s/documents/%s",
            "/api/v1/auth/code", "/api/v1/auth/login", "/api/v1/auth/logout",
            "/api/v1/staff/login", "/api/v1/staff/logout", "/api/v1/staff/me",
            "/api/v1/chat/messages", "/api/v1/chat/conversations/%s",
            "/api/v1/work-orders", "/api/v1/work-orders/%s", "/api/v1/work-orders/%s/%s",
            "/api/v1/console/queue", "/api/v1/console/agents", "/api/v1/console/callbacks", "/api/v1/console/canned?q=%s",
            "/api/v1/console/audit?q=%s", "/api/v1/console/conversations/%s", "/api/v1/console/conversations/%s/%s",
            "/api/v1/console/callbacks/%s/%s",
            "/api/v1/dashboard/kpis?from=%s&to=%s", "/api/v1/dashboard/kpis.csv", "/api/v1/dashboard/charts/%s",
            "/api/v1/me/export", "/api/v1/me/erasure",
            "/wechat/cuihu/callback", "/wechat/%s/callback",
    };
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "POST", "POST"};

    private FuzzRun() {
    }

    public static int run(Args args, PrintStream out) throws Exception {
        int requests = args.optionalInt("--requests", 3000);
        int seconds = args.optionalInt("--seconds", 120);
        Random random = new Random(args.optionalInt("--seed", 1));
        args.requireNoneLeft();
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        int sent = 0;
        int transportErrors = 0;
        int raw = 0;
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-fuzz")) {
            try (GuanjiaServer server = DemoService.start(dir.path(), DemoService.wechat(TOKEN))) {
                String base = "http://127.0.0.1:" + server.port();
                Sessions sessions = new Sessions(server.dataSource());
                String resident = sessions.open("cuihu", Caller.Kind.RESIDENT, firstResident(server), Duration.ofHours(1));
                String staff = sessions.open("cuihu", Caller.Kind.STAFF, firstStaff(server), Duration.ofHours(1));
                List<String> secrets = personalData(server);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                long until = System.currentTimeMillis() + seconds * 1000L;
                while (sent < requests && System.currentTimeMillis() < until) {
                    sent++;
                    if (random.nextInt(20) == 0) {
                        raw++;
                        rawGarbage(server.port(), random);
                        continue;
                    }
                    String path = fill(PATHS[random.nextInt(PATHS.length)], random);
                    String method = METHODS[random.nextInt(METHODS.length)];
                    int who = random.nextInt(3); // 0 nobody, 1 resident, 2 staff
                    byte[] body = body(path, random);
                    if (path.startsWith("/wechat/") && method.equals("POST")) {
                        path += (path.contains("?") ? "&" : "?") + signature(random);
                    }
                    HttpRequest.Builder b;
                    try {
                        b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
                    } catch (IllegalArgumentException e) {
                        continue; // the client refused to build it: nothing reached the server
                    }
                    if (who > 0) {
                        b.header("Authorization", "Bearer " + (who == 1 ? resident : staff));
                    }
                    if (random.nextBoolean()) {
                        b.header("Content-Type", random.nextBoolean() ? "application/json" : "text/xml");
                    }
                    try {
                        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                        String text;
                        try (InputStream in = r.body()) {
                            // event streams stay open: read what is there within a moment
                            text = r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")
                                    ? "" : new String(in.readNBytes(256 * 1024), StandardCharsets.UTF_8);
                        }
                        statuses.merge(r.statusCode() / 100 + "xx", 1, Integer::sum);
                        if (r.statusCode() >= 500) {
                            findings.add("5xx " + r.statusCode() + " " + method + " " + path);
                        }
                        if (INTERNALS.matcher(text).find()) {
                            findings.add("internal details in " + method + " " + path);
                        }
                        if (who == 0) {
                            for (String s : secrets) {
                                if (text.contains(s)) {
                                    findings.add("personal data to an anonymous caller: " + method + " " + path);
                                }
                            }
                        }
                    } catch (java.io.IOException e) {
                        transportErrors++;
                    }
                }
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                result.put("healthy_after", health.statusCode() == 200 && health.body().contains("UP"));
            }
        }
        result.put("requests", sent);
        result.put("raw_socket_garbage", raw);
        result.put("statuses", statuses);
        result.put("transport_errors", transportErrors);
        result.put("findings", findings.size());
        result.put("examples", findings.stream().distinct().limit(20).toList());
        out.println(new ObjectMapper().writeValueAsString(result));
        return findings.isEmpty() && Boolean.TRUE.equals(result.get("healthy_after")) ? 0 : 1;
    }

    private static String fill(String template, Random random) {
        String p = template;
        while (p.contains("%s")) {
            String v = switch (random.nextInt(6)) {
                case 0 -> "cuihu";
                case 1 -> java.util.UUID.randomUUID().toString();
                case 2 -> "claim";
                default -> java.net.URLEncoder.encode(HOSTILE[random.nextInt(HOSTILE.length)], StandardCharsets.UTF_8);
            };
            p = p.replaceFirst("%s", java.util.regex.Matcher.quoteReplacement(v));
        }
        return p;
    }

    private static byte[] body(String path, Random random) {
        String hostile = HOSTILE[random.nextInt(HOSTILE.length)];
        return switch (random.nextInt(9)) {
            case 0 -> new byte[0];
            case 1 -> "x".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8); // huge
            case 2 -> "{\"text\":\"truncated".getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '{', '}'}; // invalid UTF-8
            case 4 -> """
                    <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                    <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
                    <xml><ToUserName>gh</ToUserName><FromUserName>fuzz</FromUserName><MsgType>text</MsgType><Content>&lol4;</Content></xml>"""
                    .getBytes(StandardCharsets.UTF_8); // entity expansion bomb
            case 5 -> """
                    <?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                    <xml><ToUserName>gh</ToUserName><FromUserName>fuzz</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"""
                    .getBytes(StandardCharsets.UTF_8); // external entity
            case 6 -> ("<xml><FromUserName>" + hostile + "</FromUserName><MsgType>text</MsgType><Content>" + hostile
                    + "</Content><MsgId>" + random.nextLong() + "</MsgId></xml>").getBytes(StandardCharsets.UTF_8);
            default -> {
                Map<String, Object> json = new LinkedHashMap<>();
                for (String k : new String[]{"community", "text", "phone", "code", "password", "house", "description",
                        "conversationId", "rating", "disposition", "to", "q", "confirm", "version"}) {
                    if (random.nextBoolean()) {
                        json.put(k, random.nextInt(4) == 0 ? random.nextLong() : hostile);
                    }
                }
                try {
                    yield new ObjectMapper().writeValueAsBytes(json);
                } catch (Exception e) {
                    yield new byte[0];
                }
            }
        };
    }

    /** Half correctly signed (to reach the XML parser), half forged. */
    private static String signature(Random random) {
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        String nonce = "f" + random.nextInt(1_000_000);
        return "timestamp=" + ts + "&nonce=" + nonce + "&signature="
                + (random.nextBoolean() ? ChatBenchmark.sha1(TOKEN, ts, nonce) : "0123456789abcdef0123456789abcdef01234567");
    }

    private static void rawGarbage(int port, Random random) {
        byte[][] garbage = {
                "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "POST /api/v1/chat/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n{".getBytes(StandardCharsets.US_ASCII),
                "\u0016\u0003\u0001 not really tls".getBytes(StandardCharsets.ISO_8859_1),
                ("GET / HTTP/1.1\r\n" + "X: " + "a".repeat(70_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                "BREW /coffee HTCPCP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        };
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream o = s.getOutputStream();
            o.write(garbage[random.nextInt(garbage.length)]);
            o.flush();
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            s.getInputStream().transferTo(sink);
        } catch (java.io.IOException e) {
            // the server closing on garbage is the right answer
        }
    }

    private static String firstResident(GuanjiaServer server) throws Exception {
        return one(server, "SELECT code FROM residents WHERE community_id = 'cuihu' ORDER BY code LIMIT 1");
    }

    private static String firstStaff(GuanjiaServer server) throws Exception {
        return one(server, "SELECT code FROM staff WHERE community_id = 'cuihu' AND role = 'supervisor' LIMIT 1");
    }

    private static String one(GuanjiaServer server, String sql) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every resident's phone number and name, to look for in answers to anonymous callers. */
    private static List<String> personalData(GuanjiaServer server) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT i.value, r.name FROM resident_identities i "
                     + "JOIN residents r ON r.id = i.resident_id WHERE i.kind = 'phone'")) {
            while (rs.next()) {
                out.add(PersonalData.current().open(rs.getString(1)));
                out.add(PersonalData.current().open(rs.getString(2)));
            }
        }
        return out;
    }
}
