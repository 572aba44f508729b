package dev.guanjia.app.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerShapeTest {

    private static final String FAQ = """
            门卡常见问题如下。

            问：门卡丢了怎么补？
            答：带身份证到服务中心前台补办，
            每张收工本费25元。

            问：一户最多能办几张门卡？
            答：每户最多办理六张，超过的需要说明居住人数。

            Q: 租户可以自己办门卡吗？
            A: 可以，带租赁合同和房东的授权书办理。
            """;

    @Test
    void aFactCountsAsLeadingWhenItEndsWithinTheFirstEightyCharacters() {
        String filler = "小区的车棚在北门旁边，".repeat(6); // 66 characters
        AnswerShape.Lead lead = AnswerShape.lead(List.of(List.of("8:30", "八点半"), List.of("25元"), List.of("不在答案里")),
                filler + "前台 8:30 上班，" + "补卡收费25元。");
        assertEquals(2, lead.found(), "two of the three facts are in the answer");
        assertEquals(1, lead.early(), "8:30 ends by character 80 (spaces not counted), 25元 after it");
    }

    @Test
    void factsAreComparedAsEvalComparesThem() {
        AnswerShape.Lead lead = AnswerShape.lead(List.of(List.of("０４５１-8677 1580")), "电话：0451-86771580");
        assertEquals(new AnswerShape.Lead(1, 1), lead, "full-width digits and spaces do not matter");
    }

    @Test
    void theOnePairsAnswerIsNotPasted() {
        assertFalse(AnswerShape.pastesFaq("带身份证到服务中心前台补办，每张收工本费25元。（来源：《门卡》）", List.of(FAQ)));
    }

    @Test
    void aQuestionOrAnswerMarkerIsPasted() {
        assertTrue(AnswerShape.pastesFaq("问：门卡丢了怎么补？\n带身份证到前台补办。", List.of()));
        assertTrue(AnswerShape.pastesFaq("补办方法如下 答：带身份证到前台补办。", List.of()));
        assertTrue(AnswerShape.pastesFaq("Q: can a tenant get a card?", List.of()));
        assertFalse(AnswerShape.pastesFaq("可以办理，问询请到前台：8:30-17:30。", List.of()), "问询 is no marker");
    }

    @Test
    void theAnswersOfTwoPairsArePasted() {
        assertTrue(AnswerShape.pastesFaq("每张收工本费25元。每户最多办理六张，超过的需要说明居住人数。", List.of(FAQ)));
        assertTrue(AnswerShape.pastesFaq("每户最多办理六张。\n可以，带租赁合同和房东的授权书办理。", List.of(FAQ)),
                "a Q:/A: pair counts as one too");
    }

    @Test
    void anArticleWithoutPairsHasNone() {
        assertEquals(List.of(), AnswerShape.pairAnswers("1. 带身份证。\n2. 缴纳工本费。"));
        assertEquals(3, AnswerShape.pairAnswers(FAQ).size());
        assertEquals("带身份证到服务中心前台补办，\n每张收工本费25元。", AnswerShape.pairAnswers(FAQ).get(0));
    }
}
