package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.pack.DemoPack;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.app.privacy.PersonalDataMap;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.privacy.ResidentData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.LoginCodes;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.sms.SmsMessages;
import dev.guanjia.voice.call.CallRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resident's export and erasure over HTTP across every module's tables, the check that every
 * table is covered, and the retention job.
 */
class ResidentDataTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int count(String sql) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    private static long residentId(String code) throws Exception {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM residents WHERE community_id = 'cuihu' AND code = '"
                     + code + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The tables of the migrated schema, without Flyway's history tables. */
    private static Set<String> tables() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT table_name FROM information_schema.tables
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                       AND table_name NOT LIKE 'flyway_history_%'""")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Every text value in every table (sealed values opened) that contains one of the words, as
     * "table.column: word".
     */
    private static List<String> occurrences(List<String> words) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name NOT LIKE 'flyway_history_%'
                      AND data_type IN ('text', 'character varying', 'ARRAY', 'jsonb', 'json')""")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] col : columns) {
                try (ResultSet rs = s.executeQuery("SELECT \"" + col[1] + "\"::text FROM \"" + col[0] + "\"")) {
                    while (rs.next()) {
                        String v = rs.getString(1);
                        String opened = v == null ? null : server.personalData().open(v);
                        for (String w : words) {
                            if (opened != null && opened.contains(w)) {
                                found.add(col[0] + "." + col[1] + ": " + w);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyTableIsCoveredByExportAndErasureOrDeclaredFreeOfResidentsData() throws Exception {
        Set<String> covered = new TreeSet<>();
        for (ResidentRecords h : PersonalDataMap.holders(server.personalData())) {
            for (String t : h.tables()) {
                assertTrue(covered.add(t), t + " is covered twice");
            }
        }
        Set<String> all = tables();
        List<String> problems = new ArrayList<>();
        for (String t : all) {
            boolean holds = covered.contains(t);
            boolean free = PersonalDataMap.NO_RESIDENT_DATA.containsKey(t);
            if (!holds && !free) {
                problems.add(t + ": add it to a module's ResidentRecords (export, erase, expire) or to "
                        + "PersonalDataMap.NO_RESIDENT_DATA with the reason");
            }
            if (holds && free) {
                problems.add(t + ": both covered and declared free of residents' data");
            }
        }
        for (String t : covered) {
            if (!all.contains(t)) {
                problems.add(t + ": covered but no such table");
            }
        }
        for (String t : PersonalDataMap.NO_RESIDENT_DATA.keySet()) {
            if (!all.contains(t)) {
                problems.add(t + ": declared free of residents' data but no such table");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aResidentTakesACopyThenHasTheirConversationsErasedWhileBillsStay() throws Exception {
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        String token = sessions.open("cuihu", Caller.Kind.RESIDENT, "c03", Duration.ofHours(1));
        assertEquals(200, send("POST", "/api/v1/chat/messages", token, "{\"text\":\"我家还欠多少钱\"}").statusCode());
        HttpResponse<String> export = send("GET", "/api/v1/me/export", token, null);
        assertEquals(200, export.statusCode(), export.body());
        JsonNode data = json.readTree(export.body());
        assertEquals("顾明远", data.get("resident").get("name").asText());
        assertTrue(data.get("resident").get("identities").toString().contains("13962000103"));
        assertTrue(data.get("bills").size() > 0);
        assertTrue(data.get("conversations").toString().contains("我家还欠多少钱"));

        int bills = count("SELECT count(*) FROM bills");
        assertEquals(400, send("POST", "/api/v1/me/erasure", token, "{}").statusCode(), "must confirm");
        HttpResponse<String> erased = send("POST", "/api/v1/me/erasure", token, "{\"confirm\":true}");
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(0, count("SELECT count(*) FROM messages WHERE body LIKE '%我家还欠多少钱%'"));
        assertEquals(bills, count("SELECT count(*) FROM bills"), "bills are kept");
        assertEquals(401, send("GET", "/api/v1/me/export", token, null).statusCode(), "signed out");
        assertTrue(count("SELECT count(*) FROM audit_log WHERE action IN ('resident.data_exported', "
                + "'resident.data_erased')") >= 2);
        String staff = sessions.open("cuihu", Caller.Kind.STAFF, "e05", Duration.ofHours(1));
        assertEquals(403, send("GET", "/api/v1/me/export", staff, null).statusCode());
        assertEquals(401, send("GET", "/api/v1/me/export", null, null).statusCode());
    }

    @Test
    void theExportHoldsEveryKindOfDataAndErasureLeavesNothingThatNamesTheResident() throws Exception {
        // 戴子轩 (c13, owner of B1-1-301, pack phone and pack WeChat openid) leaves data in every module
        String name = "戴子轩";
        String phone = "13962000113";
        String openid = "wx-cuihu-c13";
        String ownPhone = "13800138013";
        long rid = residentId("c13");
        javax.sql.DataSource ds = server.dataSource();
        Sessions sessions = new Sessions(ds, server.personalData());
        new Bindings(ds, server.personalData()).bind("cuihu", "c13", "phone", ownPhone);
        assertTrue(new LoginCodes(ds, Clock.systemUTC(), server.personalData()).issue("cuihu", phone).isPresent());
        new SmsMessages(ds, Clock.systemUTC(), server.personalData()).begin("payment_reminder", "SMS_1", phone);
        String token = sessions.open("cuihu", Caller.Kind.RESIDENT, "c13", Duration.ofHours(1));

        // web chat: a knowledge answer they rate 👎, and a question the bot cannot answer
        JsonNode fees = json.readTree(send("POST", "/api/v1/chat/messages", token,
                "{\"text\":\"我是" + name + "，物业费怎么交\"}").body());
        assertEquals(200, send("POST", "/api/v1/feedback/answers/" + fees.get("answerId").asLong(), token,
                "{\"conversationId\":\"" + fees.get("conversationId").asText() + "\",\"helpful\":false}").statusCode());
        assertEquals(200, send("POST", "/api/v1/chat/messages", token,
                "{\"text\":\"我是" + name + "，小区的快递柜在哪里\"}").statusCode());
        // a work order through its whole life: their words, a technician's note, a rating
        HttpResponse<String> created = send("POST", "/api/v1/work-orders", token, "{\"house\":\"B1-1-301\","
                + "\"description\":\"卫生间水管漏水，我是" + name + "，电话" + phone + "\",\"attachments\":[\"photo-c13-1.jpg\"]}");
        assertEquals(201, created.statusCode(), created.body());
        String order = json.readTree(created.body()).get("code").asText();
        String technician = sessions.open("cuihu", Caller.Kind.STAFF, "e01", Duration.ofHours(1));
        assertEquals(200, send("POST", "/api/v1/work-orders/" + order + "/start", technician, "{}").statusCode());
        assertEquals(200, send("POST", "/api/v1/work-orders/" + order + "/complete", technician,
                "{\"note\":\"已和戴先生确认，换了阀门，回访" + phone + "\"}").statusCode());
        assertEquals(200, send("POST", "/api/v1/work-orders/" + order + "/accept", token, "{}").statusCode());
        assertEquals(200, send("POST", "/api/v1/work-orders/" + order + "/rate", token,
                "{\"rating\":5,\"comment\":\"" + name + "很满意\"}").statusCode());

        // WeChat, before and without the resident link: found by the openid; an answer waiting to be pushed
        ConversationLog log = new ConversationLog(ds, server.personalData());
        UUID wechat = log.open("cuihu", "wechat", openid, null);
        ConversationLog.Received in = log.receive(wechat, "我叫" + name + "，快递柜在哪", "msg-c13-1", Duration.ofMinutes(1));
        log.answer(wechat, in.messageId(), "bot", "快递柜在北门。", null, true, Instant.now());
        log.queueForHuman(wechat, "resident asked for a person", name + "要人工");
        // a phone call, its conversation, a callback and a staff note
        UUID voice = log.open("cuihu", "voice", "tel:" + server.personalData().lookup("phone", phone), rid, phone);
        UUID call = UUID.randomUUID();
        CallRecords calls = new CallRecords(ds, server.personalData());
        calls.start(call, "cuihu", "sip", phone, voice.toString());
        calls.say(call, "caller", "我是" + name);
        calls.end(call, "handed_off");
        new Callbacks(ds, server.personalData()).request("cuihu", voice, "voice", rid, phone, name + "请求回电");
        sql("INSERT INTO conversation_notes (conversation_id, body) VALUES ('" + voice + "', '" + name
                        + "脾气急，先打" + phone + "')",
                "INSERT INTO chat_memory (memory_id, messages) VALUES ('" + voice + "', '[{\"text\":\"我是" + name + "\"}]')");

        // a booking still to come, made in the chat
        JsonNode booked = json.readTree(send("POST", "/api/v1/chat/messages", token,
                "{\"text\":\"明天上午10点订羽毛球场\"}").body());
        assertTrue(booked.toString().contains("booking.created"), booked.toString());

        HttpResponse<String> export = send("GET", "/api/v1/me/export", token, null);
        assertEquals(200, export.statusCode(), export.body());
        JsonNode data = json.readTree(export.body());
        assertEquals(name, data.get("resident").get("name").asText());
        assertEquals("B1-1-301", data.get("bookings").get(0).get("house").asText(), data.get("bookings").toString());
        assertEquals("confirmed", data.get("bookings").get(0).get("status").asText());
        String identities = data.get("resident").get("identities").toString();
        assertTrue(identities.contains(openid) && identities.contains(phone) && identities.contains(ownPhone), identities);
        assertEquals("B1-1-301", data.get("resident").get("houses").get(0).get("house").asText());
        assertTrue(data.get("bills").size() > 0, "bills");
        assertTrue(data.get("signIns").size() >= 1, "sessions");
        assertTrue(data.get("loginCodes").size() >= 1, "sign-in codes");
        assertEquals("payment_reminder", data.get("textMessages").get(0).get("purpose").asText());
        assertTrue(data.get("accessLog").toString().contains("binding.added"), data.get("accessLog").toString());
        JsonNode wo = data.get("workOrders").get(0);
        assertEquals(order, wo.get("code").asText());
        assertTrue(wo.get("description").asText().contains(name));
        assertTrue(wo.get("timeline").size() >= 5, wo.get("timeline").toString());
        assertEquals("photo-c13-1.jpg", wo.get("photos").get(0).get("reference").asText());
        assertTrue(wo.get("notices").size() >= 1, "notices sent to them");
        assertEquals(5, wo.get("rating").asInt());
        String conversations = data.get("conversations").toString();
        for (String expected : List.of("物业费怎么交", "快递柜在哪", "快递柜在北门", "脾气急", "请求回电", name + "要人工")) {
            assertTrue(conversations.contains(expected), expected + " in " + conversations);
        }
        String unanswered = data.get("unansweredQuestions").toString();
        assertTrue(unanswered.contains("小区的快递柜在哪里") && unanswered.contains("thumbs_down"), unanswered);
        assertEquals(false, data.at("/answerFeedback/0/helpful").asBoolean(true), data.get("answerFeedback").toString());
        JsonNode callRecord = data.get("calls").get(0);
        assertEquals(phone, callRecord.get("caller").asText());
        assertTrue(callRecord.get("transcript").asText().contains(name));

        assertEquals(200, send("POST", "/api/v1/me/erasure", token, "{\"confirm\":true}").statusCode());

        // nothing left in any column of any table names them, except the owner register (sealed)
        List<String> left = occurrences(List.of(name, "戴先生", phone, ownPhone, openid)).stream().sorted().toList();
        assertEquals(List.of("resident_identities.value: " + phone, "residents.name: " + name), left);
        // the company keeps its operational records
        assertEquals(1, count("SELECT count(*) FROM work_orders WHERE code = '" + order + "' AND status = 'closed' "
                + "AND category = 'plumbing' AND rating = 5 AND description = '" + ResidentData.ERASED + "'"));
        assertEquals(0, count("SELECT count(*) FROM work_order_attachments a JOIN work_orders w ON w.id = a.work_order_id "
                + "WHERE w.code = '" + order + "'"));
        assertEquals(1, count("SELECT count(*) FROM calls WHERE id = '" + call + "' AND outcome = 'handed_off' "
                + "AND caller IS NULL AND caller_hash IS NULL"));
        assertEquals(0, count("SELECT count(*) FROM conversations WHERE resident_id = " + rid));
        String erasedConversations = "SELECT id FROM conversations WHERE channel_user LIKE 'erased:%'";
        assertEquals(0, count("SELECT count(*) FROM unanswered_questions WHERE conversation_id IN (" + erasedConversations
                + ")") + count("SELECT count(*) FROM answer_feedback WHERE conversation_id IN (" + erasedConversations + ")"),
                "their unanswered questions and ratings are gone");
        assertEquals(0, count("SELECT count(*) FROM sessions WHERE kind = 'resident' AND subject_id = " + rid));
        assertEquals(1, count("SELECT count(*) FROM bookings WHERE resident_id = " + rid
                + " AND status = 'cancelled' AND cancelled_by = 'erasure'"), "the booking to come is cancelled");

        // the pack's openid stays withdrawn through a re-import
        DemoPack.use(dir -> new PackImport(ds, server.personalData()).importPack(dir, "cuihu", "test"));
        assertEquals(0, count("SELECT count(*) FROM resident_identities WHERE resident_id = " + rid
                + " AND kind = 'wechat_openid'"));
        assertEquals(1, count("SELECT count(*) FROM resident_identities WHERE resident_id = " + rid
                + " AND kind = 'phone'"), "the owner register's phone stays");
    }

    @Test
    void eachKindOfDataEndsWhenItsRetentionPeriodIsOver() throws Exception {
        JsonNode r = json.readTree(send("POST", "/api/v1/chat/messages", null,
                "{\"community\":\"cuihu\",\"text\":\"旧的问题：停车费多少\"}").body());
        String id = r.get("conversationId").asText();
        send("POST", "/api/v1/chat/messages", null, "{\"community\":\"cuihu\",\"conversationId\":\"" + id
                + "\",\"text\":\"旧的问题：快递柜在哪里\"}");
        assertEquals(1, count("SELECT count(*) FROM unanswered_questions WHERE conversation_id = '" + id + "'"));
        UUID call = UUID.randomUUID();
        new CallRecords(server.dataSource(), server.personalData()).start(call, "cuihu", "sip", "13962000107", null);
        new CallRecords(server.dataSource(), server.personalData()).say(call, "caller", "旧的来电");
        new LoginCodes(server.dataSource(), Clock.systemUTC(), server.personalData()).issue("cuihu", "13962000107");
        new SmsMessages(server.dataSource(), Clock.systemUTC(), server.personalData())
                .begin("payment_reminder", "SMS_1", "13962000107");
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        sessions.open("cuihu", Caller.Kind.RESIDENT, "c07", Duration.ofHours(1));
        sql("UPDATE sessions SET expires_at = now() - interval '91 days' WHERE kind = 'resident' AND subject_id = "
                + residentId("c07"));
        String live = sessions.open("cuihu", Caller.Kind.RESIDENT, "c07", Duration.ofHours(1));
        sql("UPDATE conversations SET last_at = now() - interval '400 days' WHERE id = '" + id + "'",
                "UPDATE calls SET started_at = now() - interval '400 days' WHERE id = '" + call + "'",
                "UPDATE login_codes SET created_at = now() - interval '31 days'",
                "UPDATE unanswered_questions SET at = now() - interval '400 days' WHERE conversation_id = '" + id + "'",
                "UPDATE sms_messages SET created_at = now() - interval '91 days'",
                "INSERT INTO outbox (community_id, event_id, target_kind, target_id, message, delivered_at) "
                        + "VALUES ('cuihu', -1, 'resident', 1, '旧的通知', now() - interval '91 days')");
        ResidentData data = new ResidentData(server.dataSource(),
                new dev.guanjia.community.resident.Residents(server.dataSource(), server.personalData()),
                new dev.guanjia.community.resident.Bindings(server.dataSource(), server.personalData()),
                PersonalDataMap.holders(server.personalData()), server.personalData());
        assertTrue(data.expire(Retention.of(365)) >= 5);
        assertEquals(0, count("SELECT count(*) FROM messages WHERE body LIKE '%旧的问题%'"), "conversations");
        assertEquals(0, count("SELECT count(*) FROM calls WHERE transcript LIKE '%旧的来电%' OR (id = '" + call
                + "' AND caller IS NOT NULL)"), "call records");
        assertEquals(0, count("SELECT count(*) FROM login_codes"), "sign-in codes");
        assertEquals(0, count("SELECT count(*) FROM unanswered_questions WHERE conversation_id = '" + id + "'"),
                "unanswered questions");
        assertEquals(0, count("SELECT count(*) FROM sms_messages"), "text-message records");
        assertEquals(1, count("SELECT count(*) FROM sessions WHERE kind = 'resident' AND subject_id = "
                + residentId("c07")), "only the live session stays");
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE message = '旧的通知'"), "delivered notices");
        assertTrue(count("SELECT count(*) FROM audit_log WHERE action = 'retention.expired'") >= 1);
        assertEquals(0, data.expire(Retention.of(365)), "done once");
        assertEquals(200, send("GET", "/api/v1/me/export", live, null).statusCode(), "a live session is kept");
    }
}
