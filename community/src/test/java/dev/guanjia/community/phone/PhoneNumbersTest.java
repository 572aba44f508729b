package dev.guanjia.community.phone;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumbersTest {

    @Test
    void trunkSpellingsOfOneNumberBecomeOne() {
        for (String s : new String[]{"+8651266010901", "008651266010901", "8651266010901", "0512-66010901",
                "0512 6601 0901", "(0512)66010901", "051266010901", "0512-66010901转8001", "051266010901 ext 12",
                "+86 512 6601 0901"}) {
            assertEquals("051266010901", PhoneNumbers.normalise(s), s);
        }
        for (String s : new String[]{"13800138000", "+8613800138000", "008613800138000", "8613800138000",
                "013800138000", "1795113800138000", "138-0013-8000", "+86 138 0013 8000"}) {
            assertEquals("13800138000", PhoneNumbers.normalise(s), s);
        }
        assertEquals("01012345678", PhoneNumbers.normalise("+861012345678"), "Beijing is not a mobile");
        assertEquals("66010901", PhoneNumbers.normalise("66010901"), "a local number without area code stays");
        assertEquals("+85291234567", PhoneNumbers.normalise("+852 9123 4567"));
        assertEquals("anonymous", PhoneNumbers.normalise(" anonymous "));
    }
}
