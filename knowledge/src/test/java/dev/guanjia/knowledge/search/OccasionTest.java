package dev.guanjia.knowledge.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OccasionTest {

    @Test
    void aDayThisTimeOrWhenIsAnOccasion() {
        for (String q : List.of("8号要停电吗", "十五日上午检修电梯哪部能用", "12月20那天消防演练几点开始",
                "礼拜六小区里放电影不", "明儿个还停气不", "这回水箱清洗影响几楼", "下个月物业费涨了？",
                "最近小区在修什么路", "燃气公司啥时候来入户安检", "供暖几时开始", "is the water off tomorrow",
                "when will the lift inspection finish")) {
            assertTrue(Occasion.in(q), q);
        }
    }

    @Test
    void aStandingQuestionIsNot() {
        for (String q : List.of("停水了怎么办", "物业费一平方多少钱", "装修要交押金吗", "宠物可以坐电梯吗",
                "how do I get an access card", "电动车能推上楼吗")) {
            assertFalse(Occasion.in(q), q);
        }
    }
}
