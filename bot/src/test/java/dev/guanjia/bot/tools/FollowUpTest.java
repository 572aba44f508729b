package dev.guanjia.bot.tools;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Follow-ups that only ask lean on the article just given; one that names a subject stands on its own. */
class FollowUpTest {

    /** The title of the article just given, in the first two groups: what a one-character follow-up may name. */
    private static final String TITLE = "停水期间维修收费通知";

    @ParameterizedTest
    @ValueSource(strings = {"要停好久嘛", "要钱不哦", "收费吗", "那得多少钱", "几点开始", "is it free?", "how long?", "用交钱吗",
            "这个修要俺掏钱不",
            "那要带啥", "要带啥子 收钱不", "几点开始弄", "and what is the max per day?", "最多收几多", "去边度办", "咋个整"})
    void aFollowUpThatOnlyAsksNamesNothing(String asked) {
        assertTrue(FollowUp.namesNothingBut(asked, TITLE), asked);
        assertTrue(FollowUp.leansOnWhatCameBefore(asked), asked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"快递柜在哪", "那游泳池呢，也要办卡吗", "那我家冰箱坏了谁赔", "what about the gym?", "停车场几点关门",
            "要带狗证吗", "what about the deposit?", "健身房最多几个人"})
    void aFollowUpThatNamesASubjectIsItsOwn(String asked) {
        assertFalse(FollowUp.namesNothingBut(asked, TITLE), asked);
    }

    /** One character left over counts only when the article's title says it: 停 of 停水通知, not 卡 of an invoice. */
    @org.junit.jupiter.api.Test
    void oneCharacterLeftMustBeTheArticlesOwn() {
        assertTrue(FollowUp.namesNothingBut("要停好久嘛～", "2栋停水通知"));
        assertTrue(FollowUp.namesNothingBut("要钱不😂", "维修收费标准"));
        assertFalse(FollowUp.namesNothingBut("卡呢", "欠费与发票"));
        assertFalse(FollowUp.namesNothingBut("会所呢", "装修手续"));
        assertFalse(FollowUp.namesNothingBut("草呢", "楼顶球场开放时间"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"那我家9楼也停吗", "My flat is on 9F. Will my water be off too?", "这个也要吗"})
    void aFollowUpPointsBackByItsWords(String asked) {
        assertTrue(FollowUp.pointsBack(asked), asked);
    }

    /** Names nothing and asks: about the article just given. Answers to the desk ("可以", "不用", "要") ask nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"收钱不", "那要带啥", "几点开始弄", "要带啥子 收钱不", "how long?", "and what is the max per day?",
            "办这个得带啥东西"})
    void aFollowUpThatOnlyAsksIsAboutTheArticleGiven(String asked) {
        assertTrue(FollowUp.namesNothing(asked), asked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"可以", "不用", "要", "是的", "好的", "没有", "ok", "快递柜在哪", "what about the gym?",
            "will do", "I can do that", "any time", "是呢", "可以呢", "还没", "没", "不", "什么时候都可以", "哪天都可以", "我去办", "那我去弄"})
    void anAnswerOrASubjectIsNoSuchFollowUp(String said) {
        assertFalse(FollowUp.namesNothing(said), said);
    }
}
