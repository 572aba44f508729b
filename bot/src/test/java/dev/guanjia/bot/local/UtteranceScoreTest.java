package dev.guanjia.bot.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The score a rating gives, however it is written; a clock's minutes are no score. */
class UtteranceScoreTest {

    @Test
    void aScoreWrittenOutAfterAColonIsRead() {
        assertEquals(5, Utterance.score("换锁那次的维修给个评价：五分，干活利索"));
        assertEquals(4, Utterance.score("评分：4"));
        assertEquals(3, Utterance.score("给三颗星吧"));
    }

    @Test
    void minutesOfAClockAreNoScore() {
        assertEquals(0, Utterance.score("师傅10:5分到的"));
        assertEquals(0, Utterance.score("约在下午3点"));
    }
}
