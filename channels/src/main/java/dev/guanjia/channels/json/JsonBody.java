package dev.guanjia.channels.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.community.refusal.Refusal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads a request's JSON body; NUL characters (raw or escaped) are refused like malformed JSON. */
public final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUL = Pattern.compile("\u0000|\\\\u0000", Pattern.CASE_INSENSITIVE);

    private JsonBody() {
    }

    /**
     * A request body that must be one JSON object of at most {@code max} bytes: too large, empty,
     * malformed or not an object is refused in Chinese (the parser's message reaches nobody).
     */
    public static JsonNode object(java.io.InputStream body, int max) {
        try {
            byte[] raw = body.readNBytes(max + 1);
            if (raw.length > max) {
                throw new Refusal(Refusal.Reason.TOO_LARGE, "too_large", "内容太长了。");
            }
            JsonNode n = raw.length == 0 ? null : parse(raw);
            if (n == null || !n.isObject()) {
                throw new Refusal(Refusal.Reason.INVALID, "bad_json", "请求格式不正确。");
            }
            return n;
        } catch (IOException e) {
            throw new Refusal(Refusal.Reason.INVALID, "bad_json", "请求格式不正确。");
        }
    }

    public static JsonNode parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (NUL.matcher(text).find()) {
            throw new IOException("NUL characters are not accepted");
        }
        return JSON.readTree(text);
    }
}
