package dev.guanjia.bot.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In an emergency, a question about one thing is answered first; a report or "what do I do" gets the steps (our own phrasings). */
class EmergencyQuestionCueTest {

    @ParameterizedTest
    @ValueSource(strings = {"着火了疏散到哪里集合", "有煤气味能开排风扇吗", "被困电梯里救援多久能到", "漏水了总闸在哪",
            "着火了可以坐电梯下楼不", "煤气报警器响了要不要开窗", "车库进水了还能去开车伐", "Where do we gather after a fire?",
            "How long until someone gets me out of the lift?"})
    void asksAboutOneThing(String text) {
        assertTrue(Cues.asksAboutOneThing(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"厨房里一股煤气味", "水管爆了水往外冒", "家里着火了怎么办", "有燃气味咋整", "电梯卡住了人在里面咋办",
            "闻到煤气味点算好", "I smell gas, what should I do?", "stuck in the lift"})
    void saysWhatHappensOrAsksWhatToDo(String text) {
        assertFalse(Cues.asksAboutOneThing(text), text);
    }
}
