package dev.guanjia.voice.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SIP request or response as read off the wire: start line, headers in order (names in their
 * long form, compared without case), body.
 */
public record SipMessage(String method, String uri, int status, String reason, List<Header> headers, byte[] body) {

    public record Header(String name, String value) {
    }

    /** Compact header forms (RFC 3261 §7.3.3) mapped to the long names. */
    static final Map<String, String> COMPACT = Map.of("i", "Call-ID", "f", "From", "t", "To", "v", "Via",
            "m", "Contact", "l", "Content-Length", "c", "Content-Type", "k", "Supported", "s", "Subject",
            "e", "Content-Encoding");

    public boolean isRequest() {
        return method != null;
    }

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    public String callId() {
        return header("Call-ID").orElse("");
    }

    /** CSeq number and method. */
    public String cseq() {
        return header("CSeq").orElse("");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The tag parameter of a From or To value; empty when there is none. */
    public static String tag(String nameAddr) {
        if (nameAddr == null) {
            return "";
        }
        String v = nameAddr;
        int gt = v.lastIndexOf('>');
        String params = gt >= 0 ? v.substring(gt + 1) : v;
        for (String p : params.split(";")) {
            String t = p.strip();
            if (t.toLowerCase(Locale.ROOT).startsWith("tag=")) {
                return t.substring(4);
            }
        }
        return "";
    }
}
