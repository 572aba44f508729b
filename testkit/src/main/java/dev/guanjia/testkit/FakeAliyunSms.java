package dev.guanjia.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stand-in for Alibaba Cloud SMS (dysmsapi 2017-05-25) on a local port, speaking its wire format:
 * it recomputes the V3 signature (ACS3-HMAC-SHA256) from the request as received, with its own code,
 * and refuses a wrong one ({@code SignatureDoesNotMatch}, HTTP 400); {@code SendSms} answers
 * {@code Code OK} with a BizId, or the gateway's {@code isv.*} codes (unknown signature or
 * template, bad number, non-string template values, or one the test asks for); {@code
 * QuerySendDetails} lists what was sent to a number with the status the test set (1 waiting,
 * 2 failed, 3 delivered). Nothing here is shared with the client's signing code.
 */
public final class FakeAliyunSms implements AutoCloseable {

    /** One message the fake accepted. */
    public record Sent(String phone, String signName, String templateCode, String templateParam, String outId,
                       String bizId) {
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})");
    private static final Pattern STRING_VALUED_JSON = Pattern.compile(
            "\\{(\"(?:[^\"\\\\]|\\\\.)*\":\"(?:[^\"\\\\]|\\\\.)*\")?(,\"(?:[^\"\\\\]|\\\\.)*\":\"(?:[^\"\\\\]|\\\\.)*\")*}");
    private static final Set<String> REQUIRED_SIGNED = Set.of("host", "x-acs-action", "x-acs-version", "x-acs-date",
            "x-acs-signature-nonce", "x-acs-content-sha256");

    private final String accessKeyId;
    private final String accessKeySecret;
    private final String signName;
    private final Set<String> templates;
    private final HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> status = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusedSignatures = new AtomicInteger();
    private final AtomicInteger bizIds = new AtomicInteger(1000);
    private volatile String[] nextError;

    public FakeAliyunSms(String accessKeyId, String accessKeySecret, String signName, Set<String> templates) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.signName = signName;
        this.templates = Set.copyOf(templates);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where to point the client: http://127.0.0.1:port */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The messages accepted, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Requests refused for their signature. */
    public int refusedSignatures() {
        return refusedSignatures.get();
    }

    /** The next SendSms is refused with this code (as the gateway does for quotas, balance…). */
    public void failNext(String code, String message) {
        nextError = new String[] {code, message};
    }

    /** What QuerySendDetails says of a message from now on: true delivered (3), false failed (2). */
    public void deliver(String bizId, boolean delivered) {
        status.put(bizId, delivered ? 3 : 2);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> query = new TreeMap<>();
            String raw = x.getRequestURI().getRawQuery();
            if (raw != null && !raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = eq < 0 ? pair : pair.substring(0, eq);
                    String v = eq < 0 ? "" : pair.substring(eq + 1);
                    query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
            String problem = signatureProblem(x, query, body);
            if (problem != null) {
                refusedSignatures.incrementAndGet();
                answer(x, 400, "{\"RequestId\":\"" + requestId() + "\",\"HostId\":\"dysmsapi.aliyuncs.com\","
                        + "\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"" + escape(problem) + "\"}");
                return;
            }
            String action = x.getRequestHeaders().getFirst("x-acs-action");
            switch (action) {
                case "SendSms" -> sendSms(x, query);
                case "QuerySendDetails" -> querySendDetails(x, query);
                default -> answer(x, 404, "{\"RequestId\":\"" + requestId() + "\",\"Code\":\"InvalidAction.NotFound\","
                        + "\"Message\":\"Specified api is not found, please check your url and method.\"}");
            }
        }
    }

    private String signatureProblem(HttpExchange x, Map<String, String> query, byte[] body) {
        if (!"POST".equals(x.getRequestMethod()) || !"/".equals(x.getRequestURI().getRawPath())) {
            return "expected POST /";
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        Matcher m = auth == null ? null : AUTHORIZATION.matcher(auth);
        if (m == null || !m.matches()) {
            return "Authorization is not ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…";
        }
        if (!m.group(1).equals(accessKeyId)) {
            return "Specified access key is not found.";
        }
        String bodyHash = hex(sha256(body));
        if (!bodyHash.equals(x.getRequestHeaders().getFirst("x-acs-content-sha256"))) {
            return "x-acs-content-sha256 is not the hash of the body";
        }
        String date = x.getRequestHeaders().getFirst("x-acs-date");
        if (date == null || !date.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")) {
            return "x-acs-date must be yyyy-MM-ddTHH:mm:ssZ";
        }
        String nonce = x.getRequestHeaders().getFirst("x-acs-signature-nonce");
        if (nonce == null || !nonces.add(nonce)) {
            return "Specified signature nonce was used already.";
        }
        List<String> signedNames = List.of(m.group(2).split(";"));
        if (!new HashSet<>(signedNames).containsAll(REQUIRED_SIGNED)) {
            return "SignedHeaders must include " + new java.util.TreeSet<>(REQUIRED_SIGNED);
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(x.getRequestMethod()).append('\n').append("/\n");
        canonical.append(query.entrySet().stream().map(e -> pct(e.getKey()) + "=" + pct(e.getValue()))
                .collect(Collectors.joining("&"))).append('\n');
        List<String> sortedNames = new ArrayList<>(signedNames);
        sortedNames.sort(null);
        for (String name : sortedNames) {
            String value = x.getRequestHeaders().getFirst(name);
            if (value == null) {
                return "signed header " + name + " is missing";
            }
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(value.strip()).append('\n');
        }
        canonical.append('\n').append(String.join(";", sortedNames)).append('\n').append(bodyHash);
        String stringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(3).getBytes(StandardCharsets.US_ASCII)) ? null
                : "Specified signature does not match our calculation.";
    }

    private void sendSms(HttpExchange x, Map<String, String> q) throws IOException {
        String phone = q.getOrDefault("PhoneNumbers", "");
        String param = q.get("TemplateParam");
        String[] error = nextError;
        nextError = null;
        if (error == null && !phone.matches("(\\+|\\+86|0086|86)?1[3-9]\\d{9}")) {
            error = new String[] {"isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"};
        } else if (error == null && !signName.equals(q.get("SignName"))) {
            error = new String[] {"isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名"};
        } else if (error == null && !templates.contains(q.getOrDefault("TemplateCode", ""))) {
            error = new String[] {"isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板"};
        } else if (error == null && param != null && !STRING_VALUED_JSON.matcher(param).matches()) {
            error = new String[] {"isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值"};
        }
        if (error != null) {
            answer(x, 200, "{\"RequestId\":\"" + requestId() + "\",\"Code\":\"" + error[0] + "\",\"Message\":\""
                    + escape(error[1]) + "\"}");
            return;
        }
        String bizId = bizIds.incrementAndGet() + "^0";
        sent.add(new Sent(phone, q.get("SignName"), q.get("TemplateCode"), param, q.get("OutId"), bizId));
        answer(x, 200, "{\"RequestId\":\"" + requestId() + "\",\"Message\":\"OK\",\"BizId\":\"" + bizId
                + "\",\"Code\":\"OK\"}");
    }

    private void querySendDetails(HttpExchange x, Map<String, String> q) throws IOException {
        String phone = q.get("PhoneNumber");
        if (phone == null || q.get("SendDate") == null || !q.getOrDefault("SendDate", "").matches("\\d{8}")
                || q.get("PageSize") == null || q.get("CurrentPage") == null) {
            answer(x, 200, "{\"RequestId\":\"" + requestId() + "\",\"Code\":\"isv.INVALID_PARAMETERS\","
                    + "\"Message\":\"PhoneNumber, SendDate (yyyyMMdd), PageSize and CurrentPage are required\"}");
            return;
        }
        String bizId = q.get("BizId");
        List<String> rows = new ArrayList<>();
        for (Sent s : sent) {
            if (s.phone().endsWith(phone) && (bizId == null || bizId.equals(s.bizId()))) {
                int st = status.getOrDefault(s.bizId(), 1);
                rows.add("{\"PhoneNum\":\"" + s.phone() + "\",\"SendStatus\":" + st + ",\"ErrCode\":\""
                        + (st == 3 ? "DELIVERED" : st == 2 ? "MK:0001" : "") + "\",\"TemplateCode\":\""
                        + s.templateCode() + "\",\"Content\":\"【" + escape(s.signName()) + "】…\",\"SendDate\":"
                        + "\"2026-01-01 12:00:00\",\"ReceiveDate\":\"" + (st == 1 ? "" : "2026-01-01 12:00:05")
                        + "\",\"OutId\":\"" + (s.outId() == null ? "" : s.outId()) + "\"}");
            }
        }
        answer(x, 200, "{\"TotalCount\":" + rows.size() + ",\"Message\":\"OK\",\"RequestId\":\"" + requestId()
                + "\",\"SmsSendDetailDTOs\":{\"SmsSendDetailDTO\":[" + String.join(",", rows) + "]},\"Code\":\"OK\"}");
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    /** The encoding the V3 signature documents: only A-Z a-z 0-9 - _ . ~ literal. */
    private static String pct(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String requestId() {
        return java.util.UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
