package dev.guanjia.community.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonalDataTest {

    private final PersonalData.Key k1 = PersonalData.Key.random();

    @Test
    void sealedValuesOpenOnlyWithTheirKeyAndNeverShowThePlaintext() {
        PersonalData pd = new PersonalData(List.of(k1));
        String sealed = pd.seal("13900001111");
        assertFalse(sealed.contains("1390000"), sealed);
        assertNotEquals(sealed, pd.seal("13900001111"), "a fresh nonce every time");
        assertEquals("13900001111", pd.open(sealed));
        assertEquals("unsealed legacy text", pd.open("unsealed legacy text"));
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(IllegalStateException.class, () -> pd.open(tampered), "GCM refuses an altered value");
        assertThrows(IllegalStateException.class,
                () -> new PersonalData(List.of(PersonalData.Key.random())).open(sealed), "another key cannot read it");
    }

    @Test
    void lookupsAreStablePerKeyAndKindAndOldKeysStillOpen() {
        PersonalData pd = new PersonalData(List.of(k1));
        assertEquals(pd.lookup("phone", "13900001111"), pd.lookup("phone", " 13900001111 "));
        assertNotEquals(pd.lookup("phone", "13900001111"), pd.lookup("wechat_openid", "13900001111"));
        String old = pd.seal("沈某某");
        PersonalData.Key k2 = new PersonalData.Key("k2", PersonalData.Key.random().secret());
        PersonalData rotated = new PersonalData(List.of(k2, k1));
        assertEquals("沈某某", rotated.open(old));
        assertFalse(rotated.isSealedWithCurrentKey(old));
        assertTrue(rotated.isSealedWithCurrentKey(rotated.seal("x")));
        assertNotEquals(pd.lookup("phone", "1"), rotated.lookup("phone", "1"), "hashes follow the current key");
    }

    @Test
    void phonesAreMaskedForDisplay() {
        assertEquals("139****1111", PersonalData.maskPhone("13900001111"));
        assertEquals("057*****8888", PersonalData.maskPhone("057188888888"));
        assertEquals("****", PersonalData.maskPhone("1234"));
    }
}
