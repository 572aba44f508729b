package dev.guanjia.community.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.community.phone.PhoneNumbers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Alibaba Cloud SMS (dysmsapi, API version 2017-05-25) over its signed HTTP API: {@code SendSms}
 * with the V3 signature ({@link AcsSignature}), one approved template per purpose, and
 * {@code QuerySendDetails} for messages whose delivery report has not come. Every message is
 * recorded and counted against the gateway's limits first ({@link SmsMessages}); a message the
 * gateway refuses ({@code Code} other than {@code OK}) is recorded as failed with its code and
 * thrown as {@link SmsNotSent}.
 */
public final class AliyunSms implements SmsSender {

    private static final Logger LOG = Logger.getLogger(AliyunSms.class.getName());

    public static final URI DEFAULT_ENDPOINT = URI.create("https://dysmsapi.aliyuncs.com");
    private static final String VERSION = "2017-05-25";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter SEND_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The account and its approved signature and templates.
     *
     * @param templates purpose ({@code login_code}, {@code payment_reminder}, …) → template code ({@code SMS_…})
     * @param endpoint  {@code https://dysmsapi.aliyuncs.com} unless a test or proxy says otherwise
     */
    public record Settings(String accessKeyId, String accessKeySecret, String signName, Map<String, String> templates,
                           URI endpoint) {

        public Settings {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(accessKeySecret, "accessKeySecret");
            Objects.requireNonNull(signName, "signName");
            templates = Map.copyOf(templates);
            endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        }

        @Override
        public String toString() {
            return "AliyunSms.Settings[accessKeyId=" + accessKeyId + ", signName=" + signName + ", templates="
                    + new TreeMap<>(templates) + ", endpoint=" + endpoint + "]";
        }
    }

    private final Settings settings;
    private final SmsMessages messages;
    private final Clock clock;
    private final HttpClient http;

    public AliyunSms(Settings settings, SmsMessages messages, Clock clock) {
        this(settings, messages, clock, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    public AliyunSms(Settings settings, SmsMessages messages, Clock clock, HttpClient http) {
        this.settings = settings;
        this.messages = messages;
        this.clock = clock;
        this.http = http;
    }

    /** Free text cannot go through this gateway: only approved templates do. */
    @Override
    public void send(String phone, String text) {
        send(new Sms(phone, "text", Map.of(), text));
    }

    @Override
    public void send(Sms sms) {
        String template = settings.templates().get(sms.purpose());
        if (template == null) {
            throw new SmsNotSent(SmsNotSent.NO_TEMPLATE, "no SMS template for purpose '" + sms.purpose()
                    + "': set sms.templates." + sms.purpose() + " to its approved template code (SMS_…); configured: "
                    + new TreeMap<>(settings.templates()).keySet());
        }
        String mobile = mainlandMobile(sms.phone()).orElseThrow(() -> new SmsNotSent(SmsNotSent.NOT_A_MOBILE,
                "not a mainland mobile number: " + masked(sms.phone())));
        SmsMessages.SmsMessage message = messages.begin(sms.purpose(), template, mobile);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("PhoneNumbers", mobile);
        query.put("SignName", settings.signName());
        query.put("TemplateCode", template);
        if (!sms.params().isEmpty()) {
            // the gateway accepts string values only (isv.INVALID_JSON_PARAM otherwise): Sms holds strings
            query.put("TemplateParam", json(new TreeMap<>(sms.params())));
        }
        query.put("OutId", message.outId());
        JsonNode answer;
        try {
            answer = call("SendSms", query);
        } catch (SmsNotSent e) {
            messages.failed(message.id(), e.code(), e.getMessage());
            throw e;
        }
        String code = answer.path("Code").asText("");
        if (!code.equals("OK")) {
            String text = answer.path("Message").asText("");
            messages.failed(message.id(), code.isEmpty() ? SmsNotSent.NO_ANSWER : code, text);
            throw new SmsNotSent(code.isEmpty() ? SmsNotSent.NO_ANSWER : code,
                    "Alibaba Cloud SMS refused a " + sms.purpose() + " message to " + masked(mobile) + ": " + code
                            + " " + text);
        }
        messages.sent(message.id(), answer.path("BizId").asText(null));
    }

    /**
     * Asks the gateway ({@code QuerySendDetails}) about messages whose delivery report has not come,
     * up to {@code max} of them, sent within the last three days.
     *
     * @return how many got their delivery state
     */
    public int checkDeliveries(int max) {
        int settled = 0;
        for (SmsMessages.Waiting w : messages.waiting(Duration.ofDays(3), max)) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("PhoneNumber", w.phone());
            query.put("SendDate", SEND_DATE.format(w.createdAt().atZone(BEIJING)));
            query.put("PageSize", "50");
            query.put("CurrentPage", "1");
            if (w.bizId() != null) {
                query.put("BizId", w.bizId());
            }
            JsonNode answer;
            try {
                answer = call("QuerySendDetails", query);
            } catch (SmsNotSent e) {
                LOG.warning(() -> "delivery check failed: " + e.getMessage());
                return settled;
            }
            if (!answer.path("Code").asText("").equals("OK")) {
                LOG.warning(() -> "delivery check refused: " + answer.path("Code").asText() + " "
                        + answer.path("Message").asText());
                messages.checked(w.id());
                continue;
            }
            JsonNode found = null;
            for (JsonNode d : answer.path("SmsSendDetailDTOs").path("SmsSendDetailDTO")) {
                // without a BizId (no answer was stored) the query lists the day's messages: ours has our out id
                if (w.bizId() != null || w.outId().equals(d.path("OutId").asText())) {
                    found = d;
                    break;
                }
            }
            int status = found == null ? 1 : found.path("SendStatus").asInt(1);
            if (status == 1 && found == null && w.state().equals("sending")
                    && w.createdAt().isBefore(clock.instant().minus(Duration.ofHours(1)))) {
                // recorded, then the process stopped before the gateway had it (or before its answer was stored)
                messages.failed(w.id(), SmsNotSent.NO_ANSWER, "the gateway has no message with this OutId an hour on");
                continue;
            }
            if (status == 1) {
                messages.checked(w.id());
                continue;
            }
            // the details carry no BizId: a message stored without one is found by our out id
            settled += messages.report(java.util.List.of(new SmsReport(w.bizId() == null ? "" : w.bizId(), w.phone(), status == 3,
                    found.path("ErrCode").asText(null), null, w.outId(), beijingTime(found.path("ReceiveDate").asText("")))));
        }
        return settled;
    }

    /** The 11-digit mainland mobile a number stands for (+86, 0086 and 86 prefixes removed), if it is one. */
    public static Optional<String> mainlandMobile(String phone) {
        String n = PhoneNumbers.normalise(phone);
        return n != null && MOBILE.matcher(n).matches() ? Optional.of(n) : Optional.empty();
    }

    /** A time as the gateway writes it ({@code 2024-01-01 12:00:00}, Beijing time); null when it is not one. */
    public static Instant beijingTime(String text) {
        try {
            return LocalDateTime.parse(text.strip(), REPORT_TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** One signed call: parameters in the query, empty body, the V3 signature over both. */
    private JsonNode call(String action, Map<String, String> query) {
        URI endpoint = settings.endpoint();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", host(endpoint));
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", VERSION);
        headers.put("x-acs-date", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        headers.put("x-acs-content-sha256", AcsSignature.EMPTY_BODY);
        String authorization = AcsSignature.authorization(settings.accessKeyId(), settings.accessKeySecret(), "POST",
                "/", query, headers, AcsSignature.EMPTY_BODY);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/?" + AcsSignature.canonicalQuery(query)))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")
                .header("Authorization", authorization);
        headers.forEach((k, v) -> {
            if (!k.equals("host")) { // the client writes Host itself, from the URI, the way host() does
                request.header(k, v);
            }
        });
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SmsNotSent(SmsNotSent.NO_ANSWER, "Alibaba Cloud SMS not reachable at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsNotSent(SmsNotSent.NO_ANSWER, "interrupted while calling Alibaba Cloud SMS", e);
        }
        try {
            // errors (isv.*, SignatureDoesNotMatch, …) come as JSON with a Code too, whatever the status
            JsonNode body = JSON.readTree(response.body());
            if (body == null || !body.isObject()) {
                throw new IOException("not a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw new SmsNotSent(SmsNotSent.NO_ANSWER, "Alibaba Cloud SMS answered HTTP " + response.statusCode()
                    + " without JSON: " + abbreviate(response.body()), e);
        }
    }

    /** Host as java.net.http writes it: the port only when it is not the scheme's default. */
    static String host(URI uri) {
        int port = uri.getPort();
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        return port == -1 || port == (secure ? 443 : 80) ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static String json(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String masked(String phone) {
        return phone == null ? "(none)" : dev.guanjia.community.privacy.PersonalData.maskPhone(phone);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
