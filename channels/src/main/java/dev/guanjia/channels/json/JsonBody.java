package dev.guanjia.channels.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads a request's JSON body; NUL characters (raw or escaped) are refused like malformed JSON. */
public final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUL = Pattern.compile("\u0000|\\\\u0000", Pattern.CASE_INSENSITIVE);

    private JsonBody() {
    }

    public static JsonNode parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (NUL.matcher(text).find()) {
            throw new IOException("NUL characters are not accepted");
        }
        return JSON.readTree(text);
    }
}
