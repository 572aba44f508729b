package dev.guanjia.community.sms;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud's V3 request signature (ACS3-HMAC-SHA256), as its SDK's openapiutil computes it:
 * a canonical request (method, path, sorted encoded query, signed headers, body hash), hashed,
 * then HMAC-SHA256 with the AccessKey secret. Kept apart from the SMS calls so the test vector of
 * the documentation can pin it down.
 */
public final class AcsSignature {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    /** SHA-256 of an empty body: every call here sends its parameters in the query. */
    public static final String EMPTY_BODY = sha256Hex("");

    private AcsSignature() {
    }

    /**
     * The canonical request. Headers named {@code host}, {@code content-type} and {@code x-acs-*}
     * are signed (names lowercased, values trimmed, sorted); the others are not.
     */
    public static String canonicalRequest(String method, String path, Map<String, String> query,
                                          Map<String, String> headers, String payloadHash) {
        TreeMap<String, String> signed = signedHeaders(headers);
        StringBuilder h = new StringBuilder();
        signed.forEach((k, v) -> h.append(k).append(':').append(v).append('\n'));
        return method + "\n" + path + "\n" + canonicalQuery(query) + "\n" + h + "\n"
                + String.join(";", signed.keySet()) + "\n" + payloadHash;
    }

    /** The Authorization header for a request. */
    public static String authorization(String accessKeyId, String accessKeySecret, String method, String path,
                                       Map<String, String> query, Map<String, String> headers, String payloadHash) {
        String canonical = canonicalRequest(method, path, query, headers, payloadHash);
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders="
                + String.join(";", signedHeaders(headers).keySet()) + ",Signature=" + signature(accessKeySecret, canonical);
    }

    /** hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical request)))). */
    public static String signature(String accessKeySecret, String canonicalRequest) {
        String toSign = ALGORITHM + "\n" + sha256Hex(canonicalRequest);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parameters sorted by name, {@code pct(name)=pct(value)} joined with {@code &}. */
    public static String canonicalQuery(Map<String, String> query) {
        return new TreeMap<>(query).entrySet().stream()
                .map(e -> percent(e.getKey()) + "=" + percent(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** UTF-8 URL encoding where only A-Z a-z 0-9 - _ . ~ stay literal (space is %20, not +). */
    public static String percent(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TreeMap<String, String> signedHeaders(Map<String, String> headers) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.equals("host") || name.equals("content-type") || name.startsWith("x-acs-")) {
                signed.put(name, v.strip());
            }
        });
        return signed;
    }
}
