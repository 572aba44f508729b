package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DangerTest {

    @Test
    void theDangerToldIsReadFromTheMessage() {
        assertEquals(Danger.GAS, Danger.of("灶台那边一股液化气的味道").orElseThrow());
        assertEquals(Danger.FIRE, Danger.of("楼梯间在冒烟").orElseThrow());
        assertEquals(Danger.LIFT, Danger.of("我爸被关在轿厢里出不来").orElseThrow());
        assertEquals(Danger.WATER, Danger.of("阳台的水管裂开了在跑水").orElseThrow());
        assertEquals(Danger.ELECTRIC, Danger.of("墙上插座啪啪冒火花").orElseThrow());
        assertEquals(Danger.ELECTRIC, Danger.of("there are sparks coming out of the socket").orElseThrow());
        assertEquals(Danger.FALLING, Danger.of("后头那个坡在掉石头，挡墙裂了条缝").orElseThrow());
        assertEquals(Danger.FALLING, Danger.of("rocks are falling onto the path, looks like a landslide").orElseThrow());
        assertTrue(Danger.of("有人晕倒了").isEmpty());
        // a person collapsing, a window smashed, a works notice: no slope giving way
        assertTrue(Danger.of("An old man collapsed outside building 3").isEmpty());
        assertTrue(Danger.of("有人翻墙进来把我家窗户玻璃砸了").map(d -> d != Danger.FALLING).orElse(true));
        assertTrue(Danger.named("关于后山边坡治理工程的公告").isEmpty());
    }

    @Test
    void stepsComeOnlyFromAnArticleAboutTheSameDangerOrAboutEmergenciesInGeneral() {
        assertFalse(Danger.stepsFit("水管爆裂、漏水应急处置", "厨房里一股煤气味"));
        assertFalse(Danger.stepsFit("水管爆裂、漏水应急处置", "插座冒火花还有焦糊味"));
        assertTrue(Danger.stepsFit("水管爆裂、漏水应急处置", "卫生间软管崩开到处喷水"));
        assertTrue(Danger.stepsFit("突发事件应急指引", "厨房里一股煤气味"));
        assertTrue(Danger.stepsFit("燃气泄漏怎么办", "厨房里一股煤气味"));
        assertTrue(Danger.stepsFit("水管爆裂、漏水应急处置", "有人晕倒了"), "a danger not told is not refused its article");
    }
}
