package dev.guanjia.bot.tools;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which of a resident's fee items a request to pay names (sentences written for this test). */
class FeeNamesTest {

    private static final List<String> ITEMS = List.of("多层住宅物业服务费", "地下车位管理服务费", "生活垃圾处理费");

    @Test
    void theBillsAsAWholeNameNoItem() {
        assertEquals(List.of(), FeeNames.named("把物业费都交了吧", ITEMS));
    }

    @Test
    void oneFeeNamesItsItem() {
        assertEquals(List.of("地下车位管理服务费"), FeeNames.named("只交车位的管理费", ITEMS));
    }

    @Test
    void thePropertyFeeBesideAnotherFeeIsItsOwnItem() {
        assertEquals(List.of("生活垃圾处理费", "多层住宅物业服务费"), FeeNames.named("垃圾费和物业费一块交掉", ITEMS));
        assertEquals(List.of("地下车位管理服务费", "多层住宅物业服务费"), FeeNames.named("车位费同管理费都俾埋", ITEMS));
    }
}
