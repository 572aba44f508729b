package dev.guanjia.bot.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static JsonNode emergency(String lead) throws Exception {
        return new ObjectMapper().createObjectNode().put("title", "燃气泄漏应急处理").put("emergencyPhone", "0571-8000 1119")
                .put("lead", lead).<com.fasterxml.jackson.databind.node.ObjectNode>set("passages", new ObjectMapper().readTree("""
                        ["在家里或楼道里闻到燃气味时，请按以下顺序处理：", "1. **关闭**燃气总阀。", "2. 打开门窗通风。",
                         "3. 到室外再拨打燃气公司抢修电话0571-8000 2222。", "疏散后到南门广场集合。"]"""));
    }

    @Test
    void anEmergencyLeadsWithTheEmergencyPhone() throws Exception {
        String reply = Replies.emergency(Language.of("厨房一股煤气味"), emergency("1. 关闭燃气总阀。"));
        assertTrue(reply.startsWith("⚠️ 紧急情况，请先确保人身安全！请立即拨打物业24小时应急电话0571-8000 1119。\n"
                + "请按以下顺序处理：\n1. 关闭燃气总阀。\n2. 打开门窗通风。\n"), reply);
        String english = Replies.emergency(Language.of("I can smell gas in my kitchen"), emergency(""));
        assertTrue(english.startsWith("⚠️ Emergency: get yourself safe first! Call the 24-hour emergency line now: 0571-8000 1119."),
                english);
    }

    /** With no article of the estate's for the danger, its general first steps, never the phone alone. */
    @Test
    void anEmergencyWithoutAnArticleGetsTheFirstStepsForItsDanger() throws Exception {
        JsonNode gas = new ObjectMapper().createObjectNode().put("emergencyPhone", "0571-8000 1119").put("danger", "GAS");
        String reply = Replies.emergency(Language.of("屋里一股煤气味"), gas);
        assertTrue(reply.contains("1. 不要开关电灯、电器") && reply.contains("打开门窗通风") && reply.contains("关闭燃气总阀"), reply);
        JsonNode power = new ObjectMapper().createObjectNode().put("danger", "ELECTRIC");
        String english = Replies.emergency(Language.of("the socket is sparking"), power);
        assertTrue(english.contains("Switch off the power at the main breaker"), english);
        // an article's own steps are quoted instead, not both
        String quoted = Replies.emergency(Language.of("厨房一股煤气味"), ((com.fasterxml.jackson.databind.node.ObjectNode)
                emergency("")).put("danger", "GAS"));
        assertFalse(quoted.contains("不要开关电灯"), quoted);
    }

    @Test
    void stepsQuotedAsOnePassageStillShortenTheLineIntroducingThem() throws Exception {
        JsonNode d = new ObjectMapper().createObjectNode().put("emergencyPhone", "0571-8000 1119")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("passages", new ObjectMapper().readTree("""
                        ["地下车库进水时，请按以下顺序处理：", "1. 不要下车库取车；\\n2. 远离配电箱；\\n3. 打值班电话。"]"""));
        String reply = Replies.emergency(Language.of("车库进水了"), d);
        assertTrue(reply.contains("\n请按以下顺序处理：\n1. 不要下车库取车；\n2. 远离配电箱；\n3. 打值班电话。\n"), reply);
    }

    @Test
    void anEmergencyQuestionGetsTheStepThatAnswersItBeforeTheOthers() throws Exception {
        String reply = Replies.emergency(Language.of("着火了去哪集合"), emergency("疏散后到南门广场集合。"));
        assertTrue(reply.startsWith("⚠️ 紧急情况，请先确保人身安全！请立即拨打物业24小时应急电话0571-8000 1119。\n"
                + "疏散后到南门广场集合。\n请按以下顺序处理：\n1. 关闭燃气总阀。"), reply);
        assertEquals(1, reply.split("南门广场集合", -1).length - 1, "said once: " + reply);
    }

    @Test
    void stepsUnderTheirOwnSubHeadingAreIntroducedShortly() throws Exception {
        JsonNode d = new ObjectMapper().createObjectNode().put("emergencyPhone", "0571-8000 1119")
                .set("passages", new ObjectMapper().readTree("""
                        ["家里水管突然爆裂、大量漏水，按下面的步骤处理：", "自来水管爆了：", "1. 关闭自来水总阀。"]"""));
        String reply = Replies.emergency(Language.of("水管爆了"), d);
        assertTrue(reply.contains("。\n按下面的步骤处理：\n自来水管爆了：\n1. 关闭自来水总阀。"), reply);
    }

    @Test
    void aLaterStepReadFirstLosesItsNumberBeforeTheNumberedSteps() throws Exception {
        String reply = Replies.emergency(Language.of("楼道里有煤气味 要敲门吗"), emergency("4. 楼道里闻到燃气味，直接敲门通知邻居，不要按门铃。"));
        assertTrue(reply.contains("。\n楼道里闻到燃气味，直接敲门通知邻居，不要按门铃。\n请按以下顺序处理：\n1. 关闭燃气总阀。"), reply);
        assertFalse(reply.contains("4. 楼道"), "never \"4. … 1. 2. 3.\": " + reply);
    }

    @Test
    void aCarInOnesSpaceIsAReportForStaffARepairIsForATechnician() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String parking = Replies.created(Language.of("someone parked in my space"), json.readTree(
                "{\"code\":\"WO1\",\"category\":\"parking\",\"priority\":\"normal\"}"));
        assertTrue(parking.startsWith("Your report is registered") && parking.contains("assigning staff"), parking);
        String zh = Replies.created(Language.of("车位被占了"), json.readTree(
                "{\"code\":\"WO2\",\"category\":\"parking\",\"priority\":\"normal\"}"));
        assertTrue(zh.startsWith("已为您登记，单号WO2（停车）"), zh);
        String tap = Replies.created(Language.of("水龙头漏水"), json.readTree(
                "{\"code\":\"WO3\",\"category\":\"plumbing\",\"priority\":\"normal\"}"));
        assertTrue(tap.startsWith("已为您登记报修，单号WO3"), tap);
    }
    @Test
    void aDetailAskedOfANoticeLeadsWithItsPassagesAndKeepsTheRestOfTheNotice() throws Exception {
        JsonNode notice = new ObjectMapper().readTree("""
                {"id":"n1","doc":"notice-gate","title":"【通知】北门道闸更换","label":"其他","buildings":[],
                 "validFrom":"2026-12-01","validUntil":"2026-12-09",
                 "body":"各位业主：\\n\\n北门道闸老化，物业将整体更换。\\n\\n- **施工时间：** 12月8日 9:00—17:00\\n- **期间：** 车辆改走南门\\n\\n注意事项：\\n1. 行人可从侧门通行；\\n2. 夜间照常开放。\\n\\n物业服务中心"}""");
        JsonNode found = new ObjectMapper().readTree("""
                {"abstained":false,"docId":"notice-gate","title":"【通知】北门道闸更换",
                 "passages":["- 施工时间： 12月8日 9:00—17:00","1. 行人可从侧门通行；2. 夜间照常开放。"]}""");
        String reply = Replies.noticeDetail(Language.of("道闸哪天换 几点完工"), notice, found);
        assertTrue(reply.startsWith("【其他】通知（12月1日至12月9日，全小区）：\n- 施工时间： 12月8日 9:00—17:00\n"
                + "1. 行人可从侧门通行；\n2. 夜间照常开放。\n北门道闸老化"), reply);
        // nothing of the notice left out or said twice; its greeting and the list's orphaned introduction dropped
        for (String part : new String[]{"车辆改走南门", "物业服务中心", "（来源：《【通知】北门道闸更换》）"}) {
            assertEquals(1, reply.split(java.util.regex.Pattern.quote(part), -1).length - 1, part + " in " + reply);
        }
        assertEquals(1, reply.split("9:00—17:00", -1).length - 1, reply);
        assertFalse(reply.contains("各位业主") || reply.contains("注意事项") || reply.contains("**"), reply);
    }

    /** One notice is the answer itself: it leads with its kind and title, and its greeting lines are left out. */
    @Test
    void oneNoticeLeadsWithWhatItSaysWithoutItsGreeting() throws Exception {
        JsonNode d = new ObjectMapper().readTree("""
                {"status":"ok","notices":[{"id":1,"doc":"n-power","title":"6号楼配电检修停电","label":"停电",
                 "buildings":["6"],"validFrom":"2026-12-01","validUntil":"2026-12-07",
                 "body":"6号楼各位住户：\\n12月7日8:00至11:00配电检修，6号楼停电。\\n请提前关闭电器。\\n尊敬的业主朋友们："}]}""");
        String reply = Replies.notices(Language.of("6号楼哪天停电"), d);
        assertTrue(reply.startsWith("【停电】6号楼配电检修停电（"), reply);
        assertTrue(reply.contains("12月7日8:00至11:00") && reply.contains("请提前关闭电器"), reply);
        assertFalse(reply.contains("各位住户") || reply.contains("尊敬的业主"), reply);
    }
}
