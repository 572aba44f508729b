package dev.guanjia.voice.sip;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Our responses to requests, written out (RFC 3261 §8.2.6): the request's Via (the top one with
 * where we saw the sender), From, Call-ID and CSeq copied, our tag on the To, our Contact.
 *
 * @param here the advertised address and SIP port ("203.0.113.7:5060") for Contact
 */
record Responses(String here) {

    /** A response without further headers or body. */
    byte[] to(SipMessage req, InetSocketAddress from, int code, String reason, String toTag) {
        return to(req, from, code, reason, toTag, "", null);
    }

    /**
     * @param toTag our dialog tag, added when the To has none; null: no tag (no dialog)
     * @param extra further header lines, each ending in CRLF
     * @param sdp   the body; null: none
     */
    byte[] to(SipMessage req, InetSocketAddress from, int code, String reason, String toTag, String extra,
              String sdp) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append("\r\n");
        boolean top = true;
        for (String via : req.all("Via")) {
            r.append("Via: ").append(top ? SipServer.received(via, from) : via).append("\r\n");
            top = false;
        }
        r.append("From: ").append(req.header("From").orElse("")).append("\r\n");
        String to = req.header("To").orElse("");
        r.append("To: ").append(to).append(toTag != null && SipMessage.tag(to).isEmpty() ? ";tag=" + toTag : "")
                .append("\r\n");
        r.append("Call-ID: ").append(req.callId()).append("\r\n");
        r.append("CSeq: ").append(req.cseq()).append("\r\n");
        r.append("Contact: <sip:guanjia@").append(here).append(">\r\n");
        if (code == 200 && ("INVITE".equals(req.method()) || "OPTIONS".equals(req.method()))
                && !extra.contains("Allow:")) {
            r.append("Allow: ").append(SipServer.ALLOW).append("\r\n");
        }
        r.append(extra);
        byte[] body = sdp == null ? new byte[0] : sdp.getBytes(StandardCharsets.UTF_8);
        if (sdp != null) {
            r.append("Content-Type: application/sdp\r\n");
        }
        r.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = r.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
