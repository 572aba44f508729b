package dev.guanjia.channels.wechat;

import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * Decides whether a callback really comes from WeChat, now, once, and reads it. WxJava checks
 * neither the timestamp's age nor the AppId inside a decrypted message, and plain mode signs only
 * timestamp and nonce, not the body; so here:
 * <ul>
 *   <li>the signature is compared in constant time without WxJava (whose failure log holds the token);</li>
 *   <li>the timestamp must lie within the allowed clock skew, either way;</li>
 *   <li>with an AES key configured only safe-mode messages are read: {@code encrypt_type=aes}, a valid
 *       {@code msg_signature} over the ciphertext, and the configured AppId in the decrypted trailer;</li>
 *   <li>each nonce is remembered with its message (see {@link CallbackNonces}), so a captured request
 *       cannot carry another message or be replayed into reading another resident's data.</li>
 * </ul>
 * Refusals carry an HTTP status and an English reason; nothing here logs tokens, keys or message text.
 */
public final class CallbackGuard {

    private static final Logger LOG = Logger.getLogger(CallbackGuard.class.getName());
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_PARAM = 128;

    /** A request that is not answered normally: HTTP status and an English reason for the caller. */
    public static final class Refused extends Exception {
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The query parameters WeChat signs a callback with; absent ones are empty strings. */
    public record Query(String signature, String timestamp, String nonce, String encryptType, String msgSignature) {
    }

    /** A verified message, and whether it came (and must be answered) encrypted. */
    public record Admitted(WxMpXmlMessage message, boolean aes) {
    }

    private final WeChatAccount account;
    private final Duration maxSkew;
    private final Clock clock;
    private final CallbackNonces nonces;
    private final byte[] aesKey;

    /** @param maxSkew how far a callback's timestamp may lie from this server's clock, before or after */
    public CallbackGuard(WeChatAccount account, DataSource db, Duration maxSkew, Clock clock) {
        this.account = account;
        this.maxSkew = maxSkew;
        this.clock = clock;
        this.nonces = new CallbackNonces(db, account.communityId(), maxSkew, clock);
        this.aesKey = account.aesKey() == null ? null : Base64.getDecoder().decode(account.aesKey() + "=");
    }

    /** WeChat's URL check (GET): a valid, fresh signature. */
    public boolean urlCheck(String signature, String timestamp, String nonce) {
        try {
            signedAndFresh(signature, timestamp, nonce);
            return true;
        } catch (Refused e) {
            return false;
        }
    }

    /** Checks a callback and reads its message; the body is read only once the signature is valid. */
    public Admitted admit(Query q, InputStream body) throws Refused, IOException {
        long sentAt = signedAndFresh(q.signature(), q.timestamp(), q.nonce());
        boolean aes = "aes".equals(q.encryptType());
        if (aesKey != null && !aes) {
            // safe mode configured: a plaintext message would bypass the signature over the body
            LOG.warning(() -> "WeChat callback refused for " + account.communityId() + ": plaintext, but "
                    + "wechat.aes_key is set (set the account to safe mode, 安全模式)");
            throw new Refused(403, "encrypted message required");
        }
        if (aesKey == null && aes) {
            throw new Refused(403, "safe mode is not configured (wechat.aes_key)");
        }
        byte[] raw = body.readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            throw new Refused(413, "message too large");
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new Refused(400, "empty message");
        }
        String xml = aes ? decrypt(text, q) : text;
        try {
            if (!nonces.admit(q.nonce(), sentAt, sha256(xml))) {
                LOG.warning(() -> "WeChat callback refused for " + account.communityId()
                        + ": nonce already used with a different message (replay)");
                throw new Refused(403, "nonce already used");
            }
        } catch (SQLException e) {
            LOG.warning(() -> "WeChat nonce check failed (database): " + e.getMessage());
            // WeChat retries within seconds; nothing was read, nothing is lost
            throw new Refused(503, "temporarily unavailable");
        }
        return new Admitted(parse(xml), aes);
    }

    /** The timestamp in epoch seconds, once signature and age are fine. */
    private long signedAndFresh(String signature, String timestamp, String nonce) throws Refused {
        if (signature.isEmpty() || timestamp.isEmpty() || nonce.isEmpty() || nonce.length() > MAX_PARAM
                || timestamp.length() > 12 || !timestamp.chars().allMatch(Character::isDigit)) {
            throw new Refused(403, "invalid signature");
        }
        if (!constantTimeEquals(sha1(account.token(), timestamp, nonce), signature)) {
            LOG.warning(() -> "WeChat callback with a wrong signature refused for " + account.communityId());
            throw new Refused(403, "invalid signature");
        }
        long sentAt = Long.parseLong(timestamp);
        long skew = clock.instant().getEpochSecond() - sentAt;
        if (Math.abs(skew) > maxSkew.toSeconds()) {
            LOG.warning(() -> "WeChat callback refused for " + account.communityId() + ": timestamp " + Math.abs(skew)
                    + " s " + (skew > 0 ? "old" : "ahead") + ", more than the allowed " + maxSkew.toSeconds()
                    + " s (replay, or this server's clock is wrong)");
            throw new Refused(403, "stale timestamp");
        }
        return sentAt;
    }

    /** Safe mode: the Encrypt element, its msg_signature, AES-CBC decryption and the AppId trailer. */
    private String decrypt(String body, Query q) throws Refused {
        Document outer = xml(body);
        NodeList enc = outer.getElementsByTagName("Encrypt");
        String encrypted = enc.getLength() == 0 ? "" : enc.item(0).getTextContent().strip();
        if (encrypted.isEmpty()) {
            throw new Refused(403, "encrypted message required");
        }
        if (q.msgSignature().isEmpty()
                || !constantTimeEquals(sha1(account.token(), q.timestamp(), q.nonce(), encrypted), q.msgSignature())) {
            LOG.warning(() -> "WeChat callback with a wrong msg_signature refused for " + account.communityId());
            throw new Refused(403, "invalid signature");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(aesKey, 0, 16)));
            plain = cipher.doFinal(Base64.getMimeDecoder().decode(encrypted));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            LOG.warning(() -> "WeChat message for " + account.communityId() + " could not be decrypted ("
                    + e.getClass().getSimpleName() + "); is wechat.aes_key current?");
            throw new Refused(403, "invalid message");
        }
        // PKCS#7 over 32-byte blocks, then 16 random bytes, a 4-byte length, the XML and the AppId
        int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
        int end = plain.length - (pad >= 1 && pad <= 32 ? pad : 0);
        if (end < 20) {
            throw new Refused(403, "invalid message");
        }
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || length > end - 20) {
            throw new Refused(403, "invalid message");
        }
        String appId = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!appId.equals(account.appId())) {
            LOG.warning(() -> "WeChat message for " + account.communityId() + " refused: encrypted for another "
                    + "AppId than wechat.app_id");
            throw new Refused(403, "invalid message");
        }
        return new String(plain, 20, length, StandardCharsets.UTF_8);
    }

    /** The message, or 400 when it is not the XML WeChat sends (sender and type are required). */
    private static WxMpXmlMessage parse(String xml) throws Refused {
        xml(xml); // well-formed, no DOCTYPE: WxJava's parser would otherwise guess at broken input
        WxMpXmlMessage in;
        try {
            // WxMpXmlMessage.fromXml(xml) minus its getAllFieldsMap(), which nothing here reads: that map
            // is a second parse with a new dom4j SAX parser per message, a third of a callback's parsing
            in = me.chanjar.weixin.mp.util.xml.XStreamTransformer.fromXml(WxMpXmlMessage.class,
                    xml.replace("</PicList><PicList>", ""));
        } catch (RuntimeException e) {
            // the exception may quote the message: only its type is worth logging
            LOG.warning(() -> "WeChat callback not readable (" + e.getClass().getSimpleName() + ")");
            throw new Refused(400, "malformed message XML");
        }
        if (in == null || blank(in.getFromUser()) || blank(in.getMsgType())) {
            throw new Refused(400, "message without FromUserName or MsgType");
        }
        return in;
    }

    private static Document xml(String text) throws Refused {
        DocumentBuilder builder = PARSERS.poll();
        try {
            if (builder == null) {
                builder = newParser();
            }
            // reset() puts back the factory's error handler, which prints: silent here, the caller gets 400
            builder.setErrorHandler(SILENT);
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            throw new Refused(400, "malformed message XML");
        } finally {
            if (builder != null) {
                builder.reset();
                if (PARSERS.size() < KEPT_PARSERS) {
                    PARSERS.offer(builder);
                }
            }
        }
    }

    /**
     * Parsers kept for the next callbacks: making one (the factory's lookup, the parser's tables)
     * cost more than parsing a message. A parser is used by one request at a time.
     */
    private static final java.util.Queue<DocumentBuilder> PARSERS = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final int KEPT_PARSERS = 32;
    private static final org.xml.sax.ErrorHandler SILENT = new org.xml.sax.helpers.DefaultHandler();

    private static DocumentBuilder newParser() throws javax.xml.parsers.ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        return f.newDocumentBuilder();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** WeChat's signature: SHA-1 over the sorted, concatenated parts, in lower-case hex. */
    static String sha1(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
