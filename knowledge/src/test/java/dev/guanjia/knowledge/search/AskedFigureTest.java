package dev.guanjia.knowledge.search;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AskedFigureTest {

    @Test
    void aTimeQuestionIsAnsweredByATimeNotByAPrice() {
        AskedFigure asked = AskedFigure.in("羽毛球馆早上几点开门");
        assertTrue(asked.asks());
        assertTrue(asked.carriedBy("周一至周日 7:30-21:00 开放"));
        assertFalse(asked.carriedBy("每小时收费20元"));
    }

    @Test
    void aPriceQuestionIsNotAnsweredBySayingTheThingExists() {
        AskedFigure asked = AskedFigure.in("小区洗车服务收费多少");
        assertTrue(asked.carriedBy("普通轿车洗车每次25元"));
        assertFalse(asked.carriedBy("地下车库设有洗车点，由第三方经营"));
    }

    @Test
    void aQuestionAskingNoFigureAsksNothing() {
        AskedFigure asked = AskedFigure.in("楼道里能不能停放婴儿车");
        assertFalse(asked.asks());
        assertFalse(asked.carriedBy("电话 0512-6666 8888，每天 8:00 开门"));
    }
}
