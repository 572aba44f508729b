package dev.guanjia.bot.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a public fault is, said closely enough for a technician to find it, in Chinese or English. */
class UtterancePlaceTest {

    @Test
    void floorsUnitsAndBlocksInEnglishAreAPlace() {
        assertTrue(Utterance.placeIsSpecific("the landing lights on floors 6 to 8 of block C are out"));
        assertTrue(Utterance.placeIsSpecific("stair lights in unit 2 are dead"));
        assertTrue(Utterance.placeIsSpecific("3号楼2单元楼道灯不亮"));
        assertFalse(Utterance.placeIsSpecific("the stairwell lights are out"));
    }

    @Test
    void aCardReaderIsTheEstatesNotAHomes() {
        assertTrue(Utterance.inPublicArea("the card reader by the door of our building does not beep"));
        assertFalse(Utterance.inPublicArea("my kitchen tap is leaking"));
    }
}
