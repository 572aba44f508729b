package dev.guanjia.channels.notice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.notices.notice.Notice;
import dev.guanjia.notices.notice.NoticeCategory;
import dev.guanjia.notices.notice.NoticeDraft;
import dev.guanjia.notices.notice.Notices;
import dev.guanjia.notices.receipt.NoticeReach;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notices (公告) in the console: everyone at the desk reads them with their reach; supervisors and
 * admins publish, edit and withdraw them (each audited by the notices store).
 * <pre>
 * curl -s -b guanjia_staff=$S localhost:8080/api/v1/console/notices
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"title":"停水通知","body":"…","category":"water",
 *      "buildings":["1","2"],"validFrom":"2026-12-03","validUntil":"2026-12-04"}' localhost:8080/api/v1/console/notices
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"reason":"发错了"}' localhost:8080/api/v1/console/notices/7/withdraw
 * </pre>
 */
public final class NoticeService implements HttpService {

    static final String[] READERS = {"agent", "supervisor", "admin"};
    static final String[] PUBLISHERS = {"supervisor", "admin"};
    private static final int MAX_BODY = 16 * 1024;

    private final Notices notices;
    private final NoticeReach reach;
    private final Authentication auth;

    public NoticeService(Notices notices, NoticeReach reach, Authentication auth) {
        this.notices = notices;
        this.reach = reach;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::publish)
                .get("/{id}", this::one)
                .post("/{id}", this::edit)
                .post("/{id}/withdraw", this::withdraw);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, READERS).ifPresent(me -> {
            List<Map<String, Object>> out = new ArrayList<>();
            LocalDate today = notices.today(me.communityId());
            for (Notice n : notices.list(me.communityId())) {
                out.add(view(n, today));
            }
            res.send(Map.of("notices", out, "categories", categories()));
        });
    }

    private void one(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, READERS).ifPresent(me -> {
            Notice n = notices.find(me.communityId(), id(req)).orElseThrow(NoticeService::notFound);
            res.send(view(n, notices.today(me.communityId())));
        });
    }

    private void publish(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, PUBLISHERS);
        if (me.isPresent()) {
            Notice n = notices.publish(me.get().communityId(), draft(body(req)), actor(me.get()));
            res.status(Status.CREATED_201).send(view(n, notices.today(n.communityId())));
        }
    }

    private void edit(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, PUBLISHERS);
        if (me.isPresent()) {
            Notice n = notices.edit(me.get().communityId(), id(req), draft(body(req)), actor(me.get()));
            res.send(view(n, notices.today(n.communityId())));
        }
    }

    private void withdraw(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, PUBLISHERS);
        if (me.isPresent()) {
            JsonNode b = body(req);
            Notice n = notices.withdraw(me.get().communityId(), id(req), actor(me.get()), b.path("reason").asText(""));
            res.send(view(n, notices.today(n.communityId())));
        }
    }

    private Map<String, Object> view(Notice n, LocalDate today) {
        Map<String, Object> m = new LinkedHashMap<>(NoticeBoardService.view(n));
        m.put("state", n.withdrawn() != null ? "withdrawn" : n.validUntil().isBefore(today) ? "expired"
                : n.validFrom().isAfter(today) ? "scheduled" : "current");
        m.put("source", n.sourceDoc() == null ? "console" : "pack:" + n.sourceDoc());
        m.put("createdBy", n.createdBy());
        m.put("createdAt", n.createdAt().toString());
        m.put("updatedAt", n.updatedAt().toString());
        m.put("withdrawnAt", n.withdrawn() == null ? null : n.withdrawn().toString());
        NoticeReach.Reach r = reach.of(n);
        m.put("reach", Map.of("targeted", r.targeted(), "reached", r.reached(), "byChannel", r.byChannel(),
                "wechatDeliveries", reach.deliveries(n.id())));
        return m;
    }

    private static List<Map<String, String>> categories() {
        List<Map<String, String>> out = new ArrayList<>();
        for (NoticeCategory c : NoticeCategory.values()) {
            out.add(Map.of("code", c.code(), "label", c.label()));
        }
        return out;
    }

    private static NoticeDraft draft(JsonNode b) {
        NoticeCategory category = NoticeCategory.parse(b.path("category").asText("")).orElseThrow(() ->
                new Refusal(Refusal.Reason.INVALID, "notice_category", "请选择公告类别：停水、停电、电梯维保、消杀、活动、缴费或其他"));
        List<String> buildings = new ArrayList<>();
        JsonNode bs = b.path("buildings");
        if (bs.isArray()) {
            bs.forEach(x -> buildings.add(x.asText()));
        } else if (bs.isTextual()) {
            for (String x : bs.asText().split("[,，、\\s]+")) {
                buildings.add(x);
            }
        }
        return new NoticeDraft(b.path("title").asText(""), b.path("body").asText(""), category, buildings,
                date(b, "validFrom"), date(b, "validUntil"));
    }

    private static LocalDate date(JsonNode b, String field) {
        String s = b.path(field).asText("").strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new Refusal(Refusal.Reason.INVALID, "notice_dates", "日期格式应为 2026-12-03");
        }
    }

    private static String actor(Caller me) {
        return "staff:" + me.code();
    }

    private static long id(ServerRequest req) {
        try {
            return Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static Refusal notFound() {
        return new Refusal(Refusal.Reason.NOT_FOUND, "notice_not_found", "没有这条公告");
    }

    private static JsonNode body(ServerRequest req) {
        byte[] raw;
        try {
            raw = req.content().inputStream().readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_request", "请求格式不正确。");
        }
        if (raw.length > MAX_BODY) {
            throw new Refusal(Refusal.Reason.TOO_LARGE, "too_large", "内容太长了。");
        }
        try {
            return raw.length == 0 ? JsonBody.parse("{}".getBytes()) : JsonBody.parse(raw);
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_json", "请求格式不正确。");
        }
    }
}
