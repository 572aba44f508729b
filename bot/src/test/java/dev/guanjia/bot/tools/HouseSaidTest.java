package dev.guanjia.bot.tools;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A home said in the usual ways, and a lettered block said with a word between it and the unit. */
class HouseSaidTest {

    @Test
    void aHomeSaidIsItsCode() {
        assertEquals("3-2-502", ServiceDeskTools.normalizeHouse("3栋2单元502厨房漏水"));
        assertEquals("11-1-601", ServiceDeskTools.normalizeHouse("11-1-601"));
        assertEquals("B-2-12", ServiceDeskTools.normalizeHouse("额B区那套 就是2单元12号租出去那个"));
        assertEquals("C-1-101", ServiceDeskTools.normalizeHouse("C栋1单元101"));
        assertNull(ServiceDeskTools.normalizeHouse("B超做了2次"));
        assertNull(ServiceDeskTools.normalizeHouse("明天下午3点"));
    }
}
