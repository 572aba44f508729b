package dev.guanjia.bot.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepliesTest {

    private static JsonNode bills() throws Exception {
        return new ObjectMapper().readTree("""
                {"status":"ok","total":"930.00","houses":[{"house":"3-1-201","total":"930.00","outstanding":[
                  {"item":"地面停车位管理费","period":"2026-10","amount":"150.00","calculation":"150.00元 × 1个月","due":"2026-10-25","status":"overdue"},
                  {"item":"住宅物业服务费","period":"2026-Q4","amount":"630.00","calculation":"90平方米 × 2.33元 × 3个月","due":"2026-10-31","status":"due"},
                  {"item":"地面停车位管理费","period":"2026-11","amount":"150.00","calculation":"150.00元 × 1个月","due":"2026-11-25","status":"due"}],
                  "latestPaid":[]}]}""");
    }

    @Test
    void aResidentAskingAboutOneFeeGetsItsSubtotalFirst() throws Exception {
        String reply = Replies.bills(Language.of("停车位管理费还欠几个月"), bills(), "停车位管理费还欠几个月");
        assertTrue(reply.startsWith("您问的地面停车位管理费待缴2笔，共300.00元。\n3-1-201：待缴3笔，合计930.00元"), reply);
    }

    @Test
    void aQuestionNamingNoFeeOrEveryFeeGetsTheListAlone() throws Exception {
        Language zh = Language.of("我欠多少钱");
        assertEquals(Replies.bills(zh, bills()), Replies.bills(zh, bills(), "我欠多少钱"));
        assertEquals(Replies.bills(zh, bills()), Replies.bills(zh, bills(), "物业服务费和停车位管理费都欠多少"));
        // one word in common is not naming a fee: "物业" is the company as often as the fee
        assertEquals(Replies.bills(zh, bills()), Replies.bills(zh, bills(), "我欠物业多少钱"));
    }
}
