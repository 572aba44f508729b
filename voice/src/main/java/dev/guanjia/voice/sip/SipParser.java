package dev.guanjia.voice.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one SIP message from a UDP datagram, leniently where RFC 3261 allows (compact and
 * mixed-case header names, folded lines, any amount of space around colons, unknown methods) and
 * strictly where a wrong guess would be dangerous (a Content-Length beyond the datagram, a broken
 * start line, missing Via/From/To/Call-ID/CSeq in a request). Anything it cannot read is a
 * {@link SipParseException}, never another exception.
 */
public final class SipParser {

    public static final int MAX_DATAGRAM = 65_507;

    private SipParser() {
    }

    public static SipMessage parse(byte[] datagram) throws SipParseException {
        try {
            return read(datagram);
        } catch (SipParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SipParseException("unreadable message: " + e.getClass().getSimpleName());
        }
    }

    private static SipMessage read(byte[] datagram) throws SipParseException {
        if (datagram.length == 0 || datagram.length > MAX_DATAGRAM) {
            throw new SipParseException("empty or oversized datagram");
        }
        int headEnd = indexOf(datagram, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int sepLength = 4;
        if (headEnd < 0) {
            headEnd = indexOf(datagram, "\n\n".getBytes(StandardCharsets.US_ASCII));
            sepLength = 2;
        }
        if (headEnd < 0) {
            throw new SipParseException("no blank line after the headers");
        }
        String head = new String(datagram, 0, headEnd, StandardCharsets.UTF_8);
        // skip leading empty lines (keep-alives), allowed before a message
        head = head.replaceFirst("^(\r?\n)+", "");
        List<String> lines = unfold(head.split("\r?\n", -1));
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new SipParseException("no start line");
        }
        String start = lines.get(0);
        String method = null;
        String uri = null;
        int status = 0;
        String reason = null;
        if (start.startsWith("SIP/")) {
            String[] p = start.split(" ", 3);
            if (p.length < 2 || !p[0].equals("SIP/2.0") || !p[1].matches("[1-6]\\d\\d")) {
                throw new SipParseException("bad status line");
            }
            status = Integer.parseInt(p[1]);
            reason = p.length > 2 ? p[2] : "";
        } else {
            String[] p = start.split(" ");
            if (p.length != 3 || !p[2].equals("SIP/2.0")) {
                throw new SipParseException("bad request line");
            }
            if (!p[0].matches("[A-Za-z0-9.!%*_+`'~-]+")) {
                throw new SipParseException("bad method token");
            }
            if (p[1].startsWith("<") || !p[1].matches("[A-Za-z][A-Za-z0-9+.-]*:\\S+")) {
                throw new SipParseException("bad Request-URI");
            }
            method = p[0];
            uri = p[1];
        }
        List<SipMessage.Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new SipParseException("header without a name: " + abbreviate(line));
            }
            String name = line.substring(0, colon).strip();
            if (!name.matches("[A-Za-z0-9.!%*_+`'~-]+")) {
                throw new SipParseException("bad header name");
            }
            String longName = SipMessage.COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name);
            headers.add(new SipMessage.Header(longName, line.substring(colon + 1).strip()));
        }
        int bodyStart = headEnd + sepLength;
        int available = datagram.length - bodyStart;
        int length = available;
        String cl = headers.stream().filter(h -> h.name().equalsIgnoreCase("Content-Length"))
                .map(SipMessage.Header::value).findFirst().orElse(null);
        if (cl != null) {
            if (!cl.matches("\\d{1,9}")) {
                throw new SipParseException("bad Content-Length");
            }
            length = Integer.parseInt(cl);
            if (length > available) {
                throw new SipParseException("Content-Length larger than the message");
            }
        }
        byte[] body = new byte[length];
        System.arraycopy(datagram, bodyStart, body, 0, length);
        SipMessage m = new SipMessage(method, uri, status, reason, List.copyOf(headers), body);
        for (String required : new String[]{"Via", "From", "To", "Call-ID", "CSeq"}) {
            if (m.header(required).isEmpty()) {
                throw new SipParseException("missing " + required);
            }
        }
        String cseq = m.cseq();
        if (!cseq.matches("\\d{1,10}\\s+[A-Za-z0-9.!%*_+`'~-]+") || Long.parseLong(cseq.split("\\s+")[0]) > 0xffffffffL) {
            throw new SipParseException("bad CSeq");
        }
        if (m.isRequest() && !cseq.split("\\s+")[1].equals(method) && !method.equals("ACK")
                && !method.equals("CANCEL")) {
            throw new SipParseException("CSeq method does not match the request");
        }
        return m;
    }

    /** Joins folded header lines (a line starting with space or tab continues the previous one). */
    private static List<String> unfold(String[] raw) {
        List<String> out = new ArrayList<>();
        for (String line : raw) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
