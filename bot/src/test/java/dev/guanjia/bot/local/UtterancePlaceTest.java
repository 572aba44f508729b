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

    /** The building's rooms and a fitting of its shared parts are no home's; a home's own hallway or basement is. */
    @Test
    void theBuildingsRoomsAndTheHomesOwn() {
        assertTrue(Utterance.inPublicArea("地下室配电房里头响得凶"));
        assertTrue(Utterance.inPublicArea("楼道那插座面板掉了"));
        assertFalse(Utterance.atHome("楼道那插座面板掉了"));
        assertTrue(Utterance.atHome("我家走廊的灯不亮了"));
        assertTrue(Utterance.atHome("我家地下室的水管漏了"));
        assertFalse(Utterance.atHome("我家这层楼道的声控灯黑了"));
        assertTrue(Utterance.placeIsSpecific("俺这层楼道的声控灯黑了好几天了"));
    }

    /** Glass or something sharp where people walk is registered before its floor; a dark stair waits for it. */
    @Test
    void aHazardIsGlassOrSomethingSharpUnderfoot() {
        assertTrue(Utterance.hazard("楼梯上一地碎玻璃"));
        assertTrue(Utterance.hazard("there is broken glass all over the landing"));
        assertFalse(Utterance.hazard("楼梯间的灯不亮了，黑灯瞎火的很危险"));
        assertFalse(Utterance.hazard("the stairwell lights are out, it's dangerous"));
    }
}
