package dev.guanjia.bot.tools;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Room numbers said digit by digit on the phone line are the house's digits; counts and floors stay words. */
class SpokenDigitsTest {

    @Test
    void roomNumbersSaidDigitByDigit() {
        assertEquals("我洋房那套 202 卫生间", ServiceDeskTools.spokenDigits("我洋房那套 二零二 卫生间"));
        assertEquals("A1栋那套 502", ServiceDeskTools.spokenDigits("A一栋那套 五零二"));
        assertEquals("1101室", ServiceDeskTools.spokenDigits("幺幺零幺室"));
        assertEquals("三十二楼的一户人家", ServiceDeskTools.spokenDigits("三十二楼的一户人家"));
    }
}
