package dev.guanjia.voice.speech;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpokenTextTest {

    @Test
    void phoneAndOrderNumbersAreReadDigitByDigitAmountsStayAndSourcesGo() {
        String s = SpokenText.of("请拨打13962000101，工单WO20261127-1001已受理，欠费518.76元。\n（来源：《物业费》）");
        assertTrue(s.contains("幺三九六二零零零幺零幺"), s);
        assertTrue(s.contains("WO二零二六幺幺二七-1001"), s);
        assertTrue(s.contains("518.76元"), s);
        assertFalse(s.contains("来源"), s);
    }

    @Test
    void longAnswersAreCutAtASentence() {
        String s = SpokenText.of("这是一句话。".repeat(100));
        assertTrue(s.length() <= SpokenText.MAX_CHARS, String.valueOf(s.length()));
        assertEquals('。', s.charAt(s.length() - 1));
    }
}
