package dev.guanjia.bot.booking;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** English booking words read as the Chinese the facilities are named in. */
class BookingCuesTest {

    @Test
    void movingThingsInIsAMove() {
        assertTrue(BookingCues.mandarin("We are moving two wardrobes in on Saturday morning").contains("搬家"));
        assertTrue(BookingCues.mandarin("I'm moving my boxes out next Monday, can I have the lift?").contains("搬家"));
    }

    @Test
    void somethingMovedAboutInAPlaceIsNoMove() {
        assertFalse(BookingCues.mandarin("the neighbours keep moving furniture in the hallway at night").contains("搬家"));
        assertFalse(BookingCues.mandarin("he is moving his car out of my space").contains("搬家"));
    }

    /** The part of the day said before the hours: "Saturday afternoon, 3 to 5". */
    @Test
    void thePartOfTheDayBeforeTheHours() {
        String read = BookingCues.mandarin("Can I have the tennis court on Saturday afternoon, 3 to 5?");
        assertTrue(read.contains("下午3点到5点"), read);
        assertTrue(BookingCues.mandarin("Sunday morning from 9 to 10 please").contains("上午9点到10点"));
        String noon = BookingCues.mandarin("Sunday morning 11 to 1");
        assertTrue(noon.contains("上午11点到下午1点"), noon);
    }
}
