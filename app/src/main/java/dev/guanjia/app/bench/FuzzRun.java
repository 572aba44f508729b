package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.serve.GuanjiaServer;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.staff.StaffDirectory;

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
 * tags, path tricks, forged signatures, zero-width and control characters, unknown values for every
 * enumerated field (channel, priority, category, status…), garbage on the raw socket, broken chunked
 * framing, over-long request lines and headers, HTTP/1.0. It counts 5xx answers, 4xx answers without
 * a body, more than one answer to one request, internal details in answers (stack traces, SQL errors,
 * parser messages) and residents' phone numbers or names in answers to callers without a session,
 * and checks the service is still healthy at the end. HTTP/1.0 is refused by the server with a 505
 * (documented: Helidon 4 speaks HTTP/1.1 only); those are counted apart, and any other answer to it
 * is a finding. Bounded by a request count and a time limit; it never leaves 127.0.0.1.
 */
public final class FuzzRun {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench fuzz [--requests 3000] [--seconds 120] [--seed 1]
            """;

    private static final String TOKEN = "fuzztoken";
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\bat (dev|io|java|org)\\.[a-z]|SQLState|PSQLException|org\\.postgresql|syntax error at"
                    + "|Unrecognized token|\\[Source|line: \\d+, column|com\\.fasterxml|Failing row");

    private static final String[] HOSTILE = {
            "' OR 1=1 --", "1; DROP TABLE residents; --", "\" OR \"\"=\"", "admin'--", "%' AND 1=0 UNION SELECT 1--",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x}",
            "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "\u0000", "\uFEFF", "𠀀𠀁𠀂", "物业费" .repeat(400),
            "-1", "99999999999999999999999", "NaN", "null", "[]", "{}", "true", "%00", "%%%%", "\r\nX-Injected: 1",
            // invisible: zero-width space, joiners, byte-order mark, bidi override, controls, odd spaces
            "\u200B", "\u200B\u200C\u200D\uFEFF", "\u00A0\u3000\u2028", "\u202E物业费", "\u0001\u0007\u001B",
            "物业费\u200B怎么交",
    };

    /** Values for enumerated fields: a valid one now and then, mostly ones no table allows. */
    private static final String[] ENUMS = {
            "wechat", "web", "voice", "console", "emergency", "high", "normal", "low", "plumbing", "submitted",
            "carrier-pigeon", "WECHAT", "Web ", "sms", "", " ", "\u200B", "email", "urgent", "最高", "unknown",
            "closed'--", "0", "-1",
    };
    private static final String[] ENUM_FIELDS = {"channel", "priority", "category", "status", "disposition",
            "outcome", "role", "kind", "action", "to", "staff"};

    private static final String[] PATHS = {
            "/", "/health", "/openapi", "/chat/", "/chat/%s", "/console/", "/console/%s",
            "/api/v1/communities", "/api/v1/communities/%s",
            "/api/v1/knowledge/search?q=%s", "/api/v1/knowledge/search?q=%s&community=%s",
            "/api/v1/knowledge/%s/documents", "/api/v1/knowledge/%s/documents/%s",
            "/api/v1/auth/code", "/api/v1/auth/login", "/api/v1/auth/logout",
            "/api/v1/staff/login", "/api/v1/staff/logout", "/api/v1/staff/me",
            "/api/v1/chat/messages", "/api/v1/chat/conversations/%s",
            "/api/v1/work-orders", "/api/v1/work-orders/%s", "/api/v1/work-orders/%s/%s",
            "/api/v1/work-orders?status=%e&category=%e&limit=%s&overdue=%e", "/api/v1/work-orders",
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
        int http10 = 0;
        Map<String, Integer> rawKinds = new TreeMap<>();
        try (TemporaryDirectory dir = new TemporaryDirectory("guanjia-fuzz")) {
            try (GuanjiaServer server = DemoService.start(dir.path(), DemoService.wechat(TOKEN))) {
                String base = "http://127.0.0.1:" + server.port();
                Sessions sessions = new Sessions(server.dataSource(), server.personalData());
                String resident = sessions.open("cuihu", Caller.Kind.RESIDENT, firstResident(server), Duration.ofHours(1));
                String staff = sessions.open("cuihu", Caller.Kind.STAFF, firstStaff(server), Duration.ofHours(1));
                List<String> secrets = personalData(server);
                String house = firstResidentHouse(server);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                long until = System.currentTimeMillis() + seconds * 1000L;
                while (sent < requests && System.currentTimeMillis() < until) {
                    sent++;
                    if (random.nextInt(20) == 0) {
                        raw++;
                        RawRequest rr = rawRequest(random, resident);
                        rawKinds.merge(rr.kind(), 1, Integer::sum);
                        String wire = rawExchange(server.port(), rr.bytes());
                        List<Integer> answered = statusLines(wire);
                        if (rr.kind().equals("http10")) {
                            // documented: the server speaks HTTP/1.1 only and says so with a 505 and a body
                            if (answered.equals(List.of(505)) && !rawBody(wire).isBlank()) {
                                http10++;
                            } else {
                                findings.add("HTTP/1.0 answered " + answered + " instead of one 505 with a body");
                            }
                            continue;
                        }
                        for (int st : answered) {
                            statuses.merge(st / 100 + "xx", 1, Integer::sum);
                            if (st >= 500) {
                                findings.add("5xx " + st + " on raw " + rr.kind() + " " + rr.summary());
                            }
                        }
                        if (answered.size() > 1) {
                            findings.add(answered.size() + " answers to one raw " + rr.kind() + " request "
                                    + rr.summary() + ": " + answered);
                        }
                        if (answered.size() == 1 && answered.get(0) >= 400 && rawBody(wire).isBlank()) {
                            findings.add("empty " + answered.get(0) + " on raw " + rr.kind() + " " + rr.summary());
                        }
                        if (INTERNALS.matcher(wire).find()) {
                            findings.add("internal details on raw " + rr.kind() + " " + rr.summary());
                        }
                        continue;
                    }
                    String path = fill(PATHS[random.nextInt(PATHS.length)], random);
                    String method = METHODS[random.nextInt(METHODS.length)];
                    int who = random.nextInt(3); // 0 nobody, 1 resident, 2 staff
                    byte[] body = body(path, random, house);
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
                        if (r.statusCode() >= 400 && text.isBlank()) {
                            findings.add("empty " + r.statusCode() + " " + method + " " + path);
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
        result.put("raw_socket", raw);
        result.put("raw_kinds", rawKinds);
        result.put("http10_refused_505", http10);
        result.put("statuses", statuses);
        result.put("transport_errors", transportErrors);
        result.put("findings", findings.size());
        // by kind ("5xx 500 on", "empty 414 POST", "internal details in"), so one noisy kind hides no other
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, String> firstOfKind = new LinkedHashMap<>();
        for (String f : findings) {
            String kind = String.join(" ", java.util.Arrays.asList(f.split(" ")).subList(0, Math.min(3,
                    f.split(" ").length)));
            kinds.merge(kind, 1, Integer::sum);
            firstOfKind.putIfAbsent(kind, f.length() > 160 ? f.substring(0, 160) + "…" : f);
        }
        result.put("finding_kinds", kinds);
        result.put("examples", List.copyOf(firstOfKind.values()));
        out.println(new ObjectMapper().writeValueAsString(result));
        return findings.isEmpty() && Boolean.TRUE.equals(result.get("healthy_after")) ? 0 : 1;
    }

    private static String fill(String template, Random random) {
        String p = template;
        while (p.contains("%e")) {
            p = p.replaceFirst("%e", java.util.regex.Matcher.quoteReplacement(
                    java.net.URLEncoder.encode(ENUMS[random.nextInt(ENUMS.length)], StandardCharsets.UTF_8)));
        }
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

    private static byte[] body(String path, Random random, String house) {
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
                        "conversationId", "rating", "disposition", "to", "q", "confirm", "version", "location",
                        "title", "appointmentFrom", "resident"}) {
                    if (random.nextBoolean()) {
                        json.put(k, random.nextInt(4) == 0 ? random.nextLong() : hostile);
                    }
                }
                if (random.nextBoolean()) {
                    // far enough to reach the enumerated fields: a real house and a plain description
                    json.put("house", house);
                    json.put("description", "厨房水管漏水");
                }
                for (String k : ENUM_FIELDS) {
                    if (random.nextInt(3) == 0) {
                        json.put(k, ENUMS[random.nextInt(ENUMS.length)]);
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

    /** One request written byte by byte on a socket: what kind, a short description, the bytes. */
    private record RawRequest(String kind, String summary, byte[] bytes) {
    }

    private static final String[] BODY_TARGETS = {"/api/v1/work-orders", "/api/v1/chat/messages", "/api/v1/auth/code",
            "/api/v1/auth/login", "/api/v1/staff/login", "/api/v1/me/erasure", "/api/v1/work-orders/WO1/claim",
            "/api/v1/console/conversations/00000000-0000-0000-0000-000000000000/reply", "/wechat/cuihu/callback"};
    private static final String[] CHUNK_SIZES = {"zz", "-1", "fffffffffffffffffff", "1;ext=\"", "", "0x10", " 5",
            "5 ", "+5", "\u00ff", "7fffffff", "2\r\nabcdef"};

    private static RawRequest rawRequest(Random random, String resident) {
        String target = BODY_TARGETS[random.nextInt(BODY_TARGETS.length)];
        String auth = random.nextBoolean() ? "Authorization: Bearer " + resident + "\r\n" : "";
        return switch (random.nextInt(4)) {
            case 0 -> {
                String[] garbage = {
                        "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                        "POST /api/v1/chat/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n{",
                        "\u0016\u0003\u0001 not really tls",
                        "BREW /coffee HTCPCP/1.0\r\n\r\n",
                        "GET\r\n\r\n",
                        "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n{}",
                        "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
                        "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
                        "GET /\u00e4 HTTP/1.1\r\nHost: x\r\n\r\n",
                };
                int i = random.nextInt(garbage.length);
                yield new RawRequest("garbage", "#" + i, garbage[i].getBytes(StandardCharsets.ISO_8859_1));
            }
            case 1 -> {
                // broken chunked framing: the body reader fails inside a route
                String size = CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)];
                String req = "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + size + "\r\n{\"text\":\"你好\",\"community\":\"cuihu\"}\r\n0\r\n\r\n";
                yield new RawRequest("chunked", target + " size '" + size + "'", req.getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> {
                String req = random.nextBoolean() ? "GET /health HTTP/1.0\r\n\r\n"
                        : "POST " + target + " HTTP/1.0\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
                yield new RawRequest("http10", target, req.getBytes(StandardCharsets.US_ASCII));
            }
            default -> {
                String req = switch (random.nextInt(3)) {
                    case 0 -> "GET /api/v1/knowledge/search?q=" + "a".repeat(4_000 + random.nextInt(40_000))
                            + " HTTP/1.1\r\nHost: x\r\n\r\n";
                    case 1 -> "GET / HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(10_000 + random.nextInt(70_000))
                            + "\r\n\r\n";
                    default -> "GET / HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(500 + random.nextInt(5_000))
                            + "\r\n";
                };
                yield new RawRequest("oversized", req.length() + " bytes", req.getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    /** Writes the bytes and reads what comes back until the server closes or is quiet for 2 s. */
    private static String rawExchange(int port, byte[] request) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream o = s.getOutputStream();
            o.write(request);
            o.flush();
            byte[] buf = new byte[8192];
            InputStream in = s.getInputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                sink.write(buf, 0, n);
            }
        } catch (java.io.IOException e) {
            // quiet, or closed or reset after the answer (the right thing on garbage): what came is the answer
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

    private static List<Integer> statusLines(String wire) {
        List<Integer> out = new ArrayList<>();
        java.util.regex.Matcher m = STATUS_LINE.matcher(wire);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static String rawBody(String wire) {
        int i = wire.indexOf("\r\n\r\n");
        return i < 0 ? "" : wire.substring(i + 4);
    }

    private static String firstResidentHouse(GuanjiaServer server) {
        ResidentDirectory.Card first = new ResidentDirectory(server.dataSource(), server.personalData()).of("cuihu").stream()
                .min(java.util.Comparator.comparing(ResidentDirectory.Card::code)).orElseThrow();
        return new Residents(server.dataSource(), server.personalData()).find("cuihu", first.id()).orElseThrow().houses().get(0).houseCode();
    }

    private static String firstResident(GuanjiaServer server) {
        return new ResidentDirectory(server.dataSource(), server.personalData()).of("cuihu").stream().map(ResidentDirectory.Card::code)
                .min(String::compareTo).orElseThrow();
    }

    private static String firstStaff(GuanjiaServer server) {
        return new StaffDirectory(server.dataSource()).of("cuihu").stream().filter(m -> "supervisor".equals(m.role()))
                .findFirst().orElseThrow().code();
    }

    /** Every resident's phone number and name, to look for in answers to anonymous callers. */
    private static List<String> personalData(GuanjiaServer server) {
        List<String> out = new ArrayList<>();
        for (ResidentDirectory.Contact c : new ResidentDirectory(server.dataSource(), server.personalData()).phoneBook("cuihu")) {
            out.add(c.phone());
            out.add(c.name());
        }
        return out;
    }
}
