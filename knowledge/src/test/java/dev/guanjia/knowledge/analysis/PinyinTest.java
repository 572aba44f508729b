package dev.guanjia.knowledge.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinyinTest {

    @Test
    void chineseAndTypedPinyinMeetOnTheSameSyllables() {
        assertEquals(List.of("men", "jin", "ka"), Pinyin.syllables("门禁卡"));
        assertEquals(List.of("men", "jin", "ka"), Pinyin.syllables("menjinka"));
        assertEquals(Pinyin.bigrams("门禁卡丢了"), Pinyin.bigrams("menjinka diu le"));
    }

    @Test
    void aHomophoneTypoHasTheSameSyllablesAsTheRightWord() {
        // 叶 and 业 are both "ye": a pinyin input method slip
        assertEquals(Pinyin.bigrams("物业费"), Pinyin.bigrams("物叶费"));
    }

    @Test
    void englishWordsAreNotPinyin() {
        assertTrue(Pinyin.isPinyin("zenme"));
        assertFalse(Pinyin.isPinyin("property"));
        assertFalse(Pinyin.isPinyin("fee"));
    }
}
