package dev.guanjia.channels.workorder;

import dev.guanjia.channels.ServedEstate;
import dev.guanjia.ticketing.workorder.WorkOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Work orders over real HTTP and PostgreSQL: one route per action, refusals from the one handler. */
class WorkOrderServiceTest {

    private static final String W = "/api/v1/work-orders";

    private ServedEstate estate;
    private String owner;
    private String neighbour;
    private String boss;
    private String tech;

    @BeforeEach
    void start() throws Exception {
        estate = new ServedEstate();
        WorkOrderService service = new WorkOrderService(new WorkOrders(estate.db, Clock.systemUTC()), estate.auth);
        estate.serve(r -> r.register(W, service));
        owner = estate.resident("r1");
        neighbour = estate.resident("r2");
        boss = estate.staff("c1", "s1");
        tech = estate.staff("c1", "t1");
    }

    @AfterEach
    void stop() {
        estate.close();
    }

    private static void answers(int status, String fragment, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(fragment), r.body());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    @Test
    void anOrderGoesThroughItsActionsRouteByRoute() throws Exception {
        HttpResponse<String> created = estate.post(W, owner, "{\"house\":\"1-1-101\",\"description\":\"厨房水管漏水\"}");
        answers(201, "\"status\":", created);
        String code = field(created.body(), "code");
        answers(200, "\"code\":\"" + code + "\"", estate.get(W, owner));
        answers(200, "\"timeline\"", estate.get(W + "/" + code, owner));
        // dispatch gave it to the only plumber on duty; a supervisor may still pass it to someone else
        assertEquals("t1", field(created.body(), "assignee"));
        answers(200, "\"status\":\"in_progress\"", estate.post(W + "/" + code + "/start", tech, null));
        answers(200, "\"completionNote\":\"换了阀门\"", estate.post(W + "/" + code + "/complete", tech,
                "{\"note\":\"换了阀门\"}"));
        answers(200, "\"status\":\"closed\"", estate.post(W + "/" + code + "/accept", owner, null));
        answers(200, "\"rating\":5", estate.post(W + "/" + code + "/rate", owner, "{\"rating\":5,\"comment\":\"快\"}"));

        HttpResponse<String> second = estate.post(W, owner, "{\"house\":\"1-1-101\",\"description\":\"楼道灯坏了\"}");
        String other = field(second.body(), "code");
        answers(200, "\"status\":\"cancelled\"", estate.post(W + "/" + other + "/cancel", owner, "{\"reason\":\"自己修好了\"}"));
    }

    @Test
    void refusalsKeepTheirStatusCodeAndSentence() throws Exception {
        HttpResponse<String> created = estate.post(W, owner, "{\"house\":\"1-1-101\",\"description\":\"门禁坏了\"}");
        String code = field(created.body(), "code");
        String version = field(created.body(), "version");
        answers(409, "\"error\":", estate.post(W + "/" + code + "/accept", owner, null));
        answers(409, "\"error\":", estate.post(W + "/" + code + "/assign", boss,
                "{\"staff\":\"t1\",\"version\":" + (Integer.parseInt(version) + 5) + "}"));
        answers(404, "没有找到工单WO-NONE。", estate.get(W + "/WO-NONE", owner));
        answers(404, "\"error\":\"not_found\"", estate.get(W + "/" + code, estate.staff("c2", "x1")));
        answers(404, "不支持的操作：dance", estate.post(W + "/" + code + "/dance", owner, null));
        answers(400, "请求格式不正确，请提交 JSON。", estate.post(W, owner, "{\"house\":"));
        answers(413, "请求内容超过64KB。", estate.post(W, owner, "x".repeat(70_000)));
        answers(400, "\"error\":\"time_invalid\"", estate.post(W, owner,
                "{\"house\":\"1-1-101\",\"description\":\"漏水\",\"appointmentFrom\":\"明天\"}"));
        answers(200, "\"assignee\":\"t1\"", estate.post(W + "/" + code + "/assign", boss, "{\"staff\":\"t1\"}"));
        answers(400, "\"error\":\"same_assignee\"", estate.post(W + "/" + code + "/assign", boss, "{\"staff\":\"t1\"}"));
        assertEquals(401, estate.post(W + "/" + code + "/claim", null, null).statusCode());
        assertTrue(estate.get(W + "/" + code, neighbour).statusCode() >= 400, "another household's order");
    }
}
