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
}
