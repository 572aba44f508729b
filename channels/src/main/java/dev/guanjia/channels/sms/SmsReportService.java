package dev.guanjia.channels.sms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.sms.AliyunSms;
import dev.guanjia.community.sms.SmsMessages;
import dev.guanjia.community.sms.SmsReport;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code POST /sms/report}: Alibaba Cloud SMS pushes delivery reports here (SmsReport, "HTTP批量推送"
 * in its console): a JSON array of {@code {phone_number, send_time, report_time, success, err_code,
 * err_msg, sms_size, biz_id, out_id}}. They are stored all or none; a repeated push changes nothing.
 * The answer the gateway expects is HTTP 200 {@code {"code":0,"msg":"接收成功"}}; anything else makes
 * it push again (after 1, 5 and 10 minutes). A body that is not such an array is refused with 400
 * and changes nothing.
 * <pre>
 * curl -s -H 'Content-Type: application/json' localhost:8080/sms/report -d '[{"phone_number":"13800138000",
 *   "success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","biz_id":"932702304080415357^0",
 *   "out_id":"","report_time":"2024-01-01 12:00:05"}]'
 * </pre>
 */
public final class SmsReportService implements HttpService {

    private static final Logger LOG = Logger.getLogger(SmsReportService.class.getName());
    private static final int MAX_BODY = 1024 * 1024;

    private final SmsMessages messages;

    public SmsReportService(SmsMessages messages) {
        this.messages = messages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/report", this::report);
    }

    private void report(ServerRequest req, ServerResponse res) throws IOException {
        byte[] raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            refuse(res, "body over " + MAX_BODY + " bytes");
            return;
        }
        List<SmsReport> reports = new ArrayList<>();
        try {
            JsonNode body = JsonBody.parse(raw);
            if (body == null || !body.isArray()) {
                refuse(res, "expected a JSON array of reports");
                return;
            }
            for (JsonNode r : body) {
                String problem = problem(r);
                if (problem != null) {
                    refuse(res, "report " + reports.size() + ": " + problem);
                    return;
                }
                reports.add(new SmsReport(r.get("biz_id").asText(), r.get("phone_number").asText(),
                        r.get("success").asBoolean(), text(r, "err_code"), text(r, "err_msg"), text(r, "out_id"),
                        AliyunSms.beijingTime(r.path("report_time").asText(""))));
            }
        } catch (IOException e) {
            refuse(res, "not JSON");
            return;
        }
        int applied = messages.report(reports);
        LOG.fine(() -> "SMS delivery reports: " + reports.size() + " received, " + applied + " applied");
        res.send(Map.of("code", 0, "msg", "接收成功"));
    }

    private static String problem(JsonNode r) {
        if (!r.isObject()) {
            return "not an object";
        }
        if (!r.path("biz_id").isTextual() || r.get("biz_id").asText().isBlank()) {
            return "biz_id missing";
        }
        if (!r.path("phone_number").isTextual() || r.get("phone_number").asText().isBlank()) {
            return "phone_number missing";
        }
        if (!r.path("success").isBoolean()) {
            return "success must be true or false";
        }
        return null;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static void refuse(ServerResponse res, String why) {
        res.status(Status.BAD_REQUEST_400).send(Map.of("code", 1, "msg", "bad report: " + why));
    }
}
