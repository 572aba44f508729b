package dev.guanjia.knowledge.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TraditionalCharactersTest {

    @Test
    void traditionalCharactersAreReadAsSimplifiedOnes() {
        assertEquals("请问电梯几时修好", TraditionalCharacters.simplify("請問電梯幾時修好"));
        assertEquals("管理处的电话号码是多少", TraditionalCharacters.simplify("管理處的電話號碼是多少"));
        // mixed scripts, letters and digits kept
        assertEquals("3号楼的lift坏了", TraditionalCharacters.simplify("3號樓的lift壞了"));
    }

    @Test
    void simplifiedTextComesBackUnchanged() {
        String simplified = "物业费怎么交，著名的乾隆年间于是";
        // characters that are simplified ones too (著, 乾, 于) are never rewritten
        assertSame(simplified, TraditionalCharacters.simplify(simplified));
        assertEquals("", TraditionalCharacters.simplify(""));
    }

    @Test
    void dialectWordsAreLeftToTheColloquialReadings() {
        // Cantonese 係 ("is"), Minnan 佇 ("at") and 睏 ("sleep") are words of their own, read by colloquial.txt
        assertEquals("你係唔係真人", TraditionalCharacters.simplify("你係唔係真人"));
        assertEquals("伊佇厝内", TraditionalCharacters.simplify("伊佇厝內"));
        // 睏 is to sleep: as 困 it would be someone shut in
        assertEquals("电梯口有个醉汉睏咗", TraditionalCharacters.simplify("電梯口有個醉漢睏咗"));
    }
}
