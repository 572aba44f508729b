package dev.guanjia.bot.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fault said to be at the resident's business premises, against one at home or in a public place (our own phrasings). */
class PremisesCueTest {

    @ParameterizedTest
    @ValueSource(strings = {"我们店里的水槽堵住了", "铺面卷帘门拉不下来", "门面的插座没电", "诊所里空调漏水",
            "the office light keeps flickering", "my shop's sink is blocked", "工作室跳闸了"})
    void atBusinessPremises(String text) {
        assertTrue(Cues.atBusinessPremises(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"厨房水槽堵住了", "卫生间漏水", "楼道灯不亮", "my kitchen tap is leaking", "店面租金多少"})
    void notBusinessPremises(String text) {
        assertFalse(Cues.atBusinessPremises(text), text);
    }
}
