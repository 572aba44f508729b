package dev.guanjia.voice.sip;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SDP offer or answer agrees to (RFC 4566 / 3264, the little of it a G.711 call needs):
 * where the caller's RTP goes, the codec in the caller's order of preference, and the RFC 4733
 * telephone-event type when offered.
 */
record Media(InetSocketAddress remote, int codec, int dtmf) {

    private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio (\\S+) RTP/AVP ([\\d ]+)\\s*$");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)\\s*$");
    private static final Pattern EVENT = Pattern.compile("(?mi)^a=rtpmap:(\\d+) telephone-event/8000");

    /** The media of an SDP; null when nothing we can play. */
    static Media of(String sdp) {
        Matcher media = MEDIA.matcher(sdp);
        Matcher conn = CONNECTION.matcher(sdp);
        if (!media.find() || !conn.find()) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(media.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (port <= 0 || port > 65535) {
            return null;
        }
        List<String> offered = List.of(media.group(2).strip().split("\\s+"));
        // the caller's order of preference
        int codec = offered.stream().filter(c -> c.equals("0") || c.equals("8")).findFirst()
                .map(Integer::parseInt).orElse(-1);
        if (codec < 0) {
            return null;
        }
        Matcher ev = EVENT.matcher(sdp);
        int dtmf = ev.find() && offered.contains(ev.group(1)) ? Integer.parseInt(ev.group(1)) : -1;
        return new Media(InetSocketAddress.createUnresolved(conn.group(1), port), codec, dtmf);
    }

    InetSocketAddress resolved() {
        return new InetSocketAddress(remote.getHostString(), remote.getPort());
    }

    /**
     * Our SDP: the answer to the caller's offer, or our own offer (PCMU, PCMA, telephone-event)
     * when the INVITE had none.
     *
     * @param offer   the caller's SDP; empty for a delayed offer
     * @param version goes up with each new answer in the same call (a re-INVITE)
     */
    static String ours(String offer, long session, long version, String address, int rtpPort) {
        int[] codecs;
        int dtmf;
        if (offer.isEmpty()) {
            codecs = new int[]{0, 8};
            dtmf = 101;
        } else {
            Media media = of(offer);
            codecs = new int[]{media.codec()};
            dtmf = media.dtmf();
        }
        StringBuilder s = new StringBuilder("v=0\r\no=guanjia " + session + " " + version + " IN IP4 "
                + address + "\r\ns=guanjia\r\nc=IN IP4 " + address + "\r\nt=0 0\r\nm=audio " + rtpPort + " RTP/AVP");
        for (int c : codecs) {
            s.append(' ').append(c);
        }
        s.append(dtmf >= 0 ? " " + dtmf : "").append("\r\n");
        for (int c : codecs) {
            s.append("a=rtpmap:").append(c).append(c == 0 ? " PCMU/8000" : " PCMA/8000").append("\r\n");
        }
        if (dtmf >= 0) {
            s.append("a=rtpmap:").append(dtmf).append(" telephone-event/8000\r\na=fmtp:").append(dtmf).append(" 0-15\r\n");
        }
        return s.append("a=ptime:20\r\na=sendrecv\r\n").toString();
    }
}
