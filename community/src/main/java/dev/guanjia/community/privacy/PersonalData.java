package dev.guanjia.community.privacy;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Residents' personal data at rest: names, phone numbers and other identifiers are sealed with
 * AES-256-GCM ({@code pd1:<key id>:<base64 nonce+ciphertext>}), and looked up through a keyed hash
 * (HMAC-SHA256) so the database never needs the plaintext to find a phone. Both keys derive from
 * one master key; older master keys stay readable until a rotation has re-sealed every row.
 * <p>
 * The service builds one keyring at start-up from the configured key and hands it to every part
 * that reads or writes personal data. Tests and throwaway evaluation databases use
 * {@link #ephemeral()}, whose key dies with the process, so it is never built for a real data directory.
 */
public final class PersonalData {

    private static final String PREFIX = "pd1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One master key: its id (written into every sealed value) and its 32 bytes. */
    public record Key(String id, byte[] secret) {
        public Key {
            if (secret.length != 32) {
                throw new IllegalArgumentException("a data key is 32 bytes (256 bits), not " + secret.length);
            }
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("a key id is 1-32 letters, digits, - or _");
            }
        }

        public static Key random() {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return new Key("k" + Long.toString(System.currentTimeMillis(), 36), b);
        }
    }

    private final String currentId;
    private final Map<String, SecretKeySpec> sealing = new LinkedHashMap<>();
    private final SecretKeySpec lookup;

    /** @param keys the current key first, then older ones still needed to read old rows */
    public PersonalData(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one data key is needed");
        }
        this.currentId = keys.get(0).id();
        for (Key k : keys) {
            sealing.put(k.id(), new SecretKeySpec(derive(k.secret(), "guanjia seal v1"), "AES"));
        }
        this.lookup = new SecretKeySpec(derive(keys.get(0).secret(), "guanjia lookup v1"), "HmacSHA256");
    }

    /** A keyring with a fresh random key, for tests and throwaway databases: what it seals dies with it. */
    public static PersonalData ephemeral() {
        return new PersonalData(List.of(Key.random()));
    }

    public String currentKeyId() {
        return currentId;
    }

    /** Seals a value; null stays null. Sealing twice gives different text (fresh nonce). */
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, sealing.get(currentId), new GCMParameterSpec(128, nonce));
            c.updateAAD(currentId.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + currentId + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal: " + e.getMessage(), e);
        }
    }

    /** Opens a sealed value; text that was never sealed (rows from before encryption) comes back as is. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        String keyId = stored.substring(PREFIX.length(), colon);
        SecretKeySpec key = sealing.get(keyId);
        if (key == null) {
            throw new IllegalStateException("personal data sealed with key '" + keyId
                    + "', which is not configured (see security.data_key_file)");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("personal data does not open with key '" + keyId + "' (altered?)", e);
        }
    }

    public boolean isSealedWithCurrentKey(String stored) {
        return stored != null && stored.startsWith(PREFIX + currentId + ":");
    }

    /**
     * The keyed hash a value is found by, for one kind of identifier ("phone", "wechat_openid").
     * Phone numbers are hashed in their normal form, so +86…, 0086… and trunk spellings of a number
     * find the one registered; mobiles keep their form, so hashes made before stay valid.
     */
    public String lookup(String kind, String value) {
        if ("phone".equals(kind)) {
            value = dev.guanjia.community.phone.PhoneNumbers.normalise(value);
        }
        return rawLookup(kind, value);
    }

    /** The hash of the value as given: landlines stored before normalising were hashed this way. */
    public String rawLookup(String kind, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookup);
            return HexFormat.of().formatHex(mac.doFinal((kind + ":" + value.strip()).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 138****0001: enough to recognise a number on the phone, not enough to dial it. */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String p = phone.strip();
        if (p.length() < 7) {
            return "*".repeat(p.length());
        }
        return p.substring(0, 3) + "*".repeat(p.length() - 7) + p.substring(p.length() - 4);
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
