package dev.guanjia.knowledge.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinyinTest {

    @Test
    void chineseAndTypedPinyinMeetOnTheSameSyllables() {
        assertEquals(List.of("gong", "ben", "fei"), Pinyin.syllables("工本费"));
        assertEquals(List.of("gong", "ben", "fei"), Pinyin.syllables("gongbenfei"));
        assertEquals(Pinyin.bigrams("补办工本费"), Pinyin.bigrams("buban gongbenfei"));
    }

    @Test
    void aHomophoneTypoHasTheSameSyllablesAsTheRightWord() {
        // 页 and 业 are both "ye": a pinyin input method slip
        assertEquals(Pinyin.bigrams("物业费"), Pinyin.bigrams("物页费"));
    }

    @Test
    void englishWordsAreNotPinyin() {
        assertTrue(Pinyin.isPinyin("zenme"));
        assertFalse(Pinyin.isPinyin("property"));
        assertFalse(Pinyin.isPinyin("fee"));
    }
}
