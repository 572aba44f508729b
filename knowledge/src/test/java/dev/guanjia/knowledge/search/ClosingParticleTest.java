package dev.guanjia.knowledge.search;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The particle closing a spoken question is tone, not topic: the search reads the question without it. */
class ClosingParticleTest {

    @Test
    void theClosingParticleIsLeftOutAndTheMarksAfterItStay() {
        assertEquals("物业费在哪点交", Question.withoutClosingParticle("物业费在哪点交嘛"));
        assertEquals("车钥匙落在电梯里咋办？", Question.withoutClosingParticle("车钥匙落在电梯里咋办呢？"));
        assertEquals("小区里能遛狗~", Question.withoutClosingParticle("小区里能遛狗啦~"));
        assertEquals("装修押金退不退！！", Question.withoutClosingParticle("装修押金退不退噻！！"));
    }

    @Test
    void particlesInsideTheQuestionOrAloneStay() {
        assertEquals("哈尔滨的暖气费多少", Question.withoutClosingParticle("哈尔滨的暖气费多少"));
        assertEquals("呢子大衣能干洗吗", Question.withoutClosingParticle("呢子大衣能干洗吗"));
        assertEquals("嘛", Question.withoutClosingParticle("嘛"));
        assertEquals("how do I pay", Question.withoutClosingParticle("how do I pay"));
        // words that end in one: 网吧, 撒 (to spread), 啰嗦
        assertEquals("小区能开网吧", Question.withoutClosingParticle("小区能开网吧"));
        assertEquals("灭鼠药什么时候撒", Question.withoutClosingParticle("灭鼠药什么时候撒"));
        assertEquals("物业太啰嗦", Question.withoutClosingParticle("物业太啰嗦"));
    }
}
