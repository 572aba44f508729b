package dev.guanjia.community.sms;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The V3 signature against the vector computed independently (Python hashlib/hmac, openapiutil 0.2.2). */
class AcsSignatureTest {

    private static final String CANONICAL = """
            POST
            /
            PhoneNumbers=13800138000&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95&TemplateCode=SMS_154950909&TemplateParam=%7B%22code%22%3A%221234%22%7D
            host:dysmsapi.aliyuncs.com
            x-acs-action:SendSms
            x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-acs-date:2024-01-01T00:00:00Z
            x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
            x-acs-version:2017-05-25

            host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""";

    private static Map<String, String> query() {
        // deliberately not in order: the canonical query sorts them
        Map<String, String> q = new LinkedHashMap<>();
        q.put("TemplateParam", "{\"code\":\"1234\"}");
        q.put("SignName", "阿里云短信测试");
        q.put("PhoneNumbers", "13800138000");
        q.put("TemplateCode", "SMS_154950909");
        return q;
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-acs-version", "2017-05-25");
        h.put("Host", "dysmsapi.aliyuncs.com");
        h.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        h.put("x-acs-date", "2024-01-01T00:00:00Z");
        h.put("x-acs-action", "SendSms");
        h.put("x-acs-content-sha256", AcsSignature.EMPTY_BODY);
        h.put("Accept", "application/json"); // not signed
        return h;
    }

    @Test
    void theDocumentedVectorComesOutBitForBit() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AcsSignature.EMPTY_BODY);
        String canonical = AcsSignature.canonicalRequest("POST", "/", query(), headers(), AcsSignature.EMPTY_BODY);
        assertEquals(CANONICAL, canonical);
        assertEquals("303ff784296b69b05e60bf54f3bbd18ad8865fefa0df56f1a2f500576984d10a", AcsSignature.sha256Hex(canonical));
        assertEquals("93b8f997727d2264ec604b826a8b618291ce89c9a91f891e546134b5e3065369",
                AcsSignature.signature("testsecret", canonical));
        assertEquals("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;"
                        + "x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=93b8f997727d2264ec604b826a8b618291ce89c9a91f891e546134b5e3065369",
                AcsSignature.authorization("testid", "testsecret", "POST", "/", query(), headers(), AcsSignature.EMPTY_BODY));
    }

    @Test
    void onlyUnreservedCharactersStayLiteral() {
        assertEquals("a%20b%2A~-_.%2B%2F%3D%26", AcsSignature.percent("a b*~-_.+/=&"));
        assertEquals("A=&B=x%20y", AcsSignature.canonicalQuery(new java.util.TreeMap<>(Map.of("B", "x y", "A", ""))));
    }
}
