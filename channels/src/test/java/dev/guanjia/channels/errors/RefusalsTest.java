package dev.guanjia.channels.errors;

import dev.guanjia.channels.ServedEstate;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.desk.handoff.HandoffException;
import dev.guanjia.ticketing.workorder.TooManyOrders;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one refusal handler: every domain's refusal answers the same way; anything else is a plain 500. */
class RefusalsTest {

    private static ServedEstate estate;

    @BeforeAll
    static void start() throws Exception {
        estate = new ServedEstate().serve(r -> r
                .get("/handoff", (req, res) -> {
                    throw new HandoffException(HandoffException.Kind.CONFLICT, "not_waiting", "该会话不在排队中。");
                })
                .get("/transition", (req, res) -> {
                    throw new WorkOrderException(WorkOrderException.Kind.ILLEGAL_TRANSITION, "illegal", "工单已关闭。");
                })
                .get("/limit", (req, res) -> {
                    throw new TooManyOrders("今天提交的工单太多了。", Duration.ofMinutes(30), "0512-1234 9999");
                })
                .get("/large", (req, res) -> {
                    throw new Refusal(Refusal.Reason.TOO_LARGE, "too_large", "太大了。");
                })
                .get("/bug", (req, res) -> {
                    throw new IllegalStateException("SELECT secret FROM residents");
                }));
    }

    @AfterAll
    static void stop() {
        estate.close();
    }

    @Test
    void eachRefusalKeepsItsStatusCodeAndSentence() throws Exception {
        HttpResponse<String> r = estate.get("/handoff", null);
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("\"error\":\"not_waiting\"") && r.body().contains("该会话不在排队中。"), r.body());
        assertEquals(409, estate.get("/transition", null).statusCode(), "an illegal transition is a conflict");
        assertEquals(413, estate.get("/large", null).statusCode());
    }

    @Test
    void aLimitSaysWhenToComeBack() throws Exception {
        HttpResponse<String> r = estate.get("/limit", null);
        assertEquals(429, r.statusCode());
        assertEquals("1800", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(r.body().contains("too_many_orders"), r.body());
    }

    @Test
    void anythingElseIsAPlain500() throws Exception {
        HttpResponse<String> r = estate.get("/bug", null);
        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains("SELECT"), r.body());
        assertTrue(r.body().contains("\"error\":\"internal\""), r.body());
    }
}
