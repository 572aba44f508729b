package dev.guanjia.voice.sip;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own requests in a dialog (BYE, REFER), each a non-INVITE client transaction (RFC 3261
 * §17.1.2): Timer E resends it from T1 doubling to T2 (T2 only once the far end said it is
 * proceeding), Timer F gives up after 64 × T1 as a 408, and the final response is matched back
 * to it by the Via branch. Touched only on the signalling event loop.
 */
final class ClientTransactions {

    private static final Pattern BRANCH = Pattern.compile(";\\s*branch=([^;\\s,]+)");

    /** One request waiting for its final response. */
    private static final class Pending {
        final byte[] bytes;
        final InetSocketAddress to;
        final IntConsumer onFinal;
        ScheduledFuture<?> resend;
        ScheduledFuture<?> timeout;
        long interval;

        Pending(byte[] bytes, InetSocketAddress to, IntConsumer onFinal) {
            this.bytes = bytes;
            this.to = to;
            this.onFinal = onFinal;
        }
    }

    private final ChannelHandlerContext ctx;
    private final long t1;
    private final String here;
    private final Map<String, Pending> pending = new HashMap<>(); // by Via branch

    /**
     * @param ctx  where requests are written and timers run: the dialog handler's
     * @param here the advertised address and SIP port, for Via and Contact
     */
    ClientTransactions(ChannelHandlerContext ctx, long t1Millis, String here) {
        this.ctx = ctx;
        this.t1 = t1Millis;
        this.here = here;
    }

    /**
     * Sends an in-dialog request to the caller.
     *
     * @param extra   further header lines, each ending in CRLF
     * @param onFinal the final status (408 when none came); null: not wanted
     */
    void send(Dialog d, String method, String extra, IntConsumer onFinal) {
        String invTo = d.invite.header("To").orElse("");
        String invFrom = d.invite.header("From").orElse("");
        String target = d.invite.header("Contact").map(c -> c.replaceAll(".*<([^>]+)>.*", "$1"))
                .orElse(invFrom.replaceAll(".*<([^>]+)>.*", "$1"));
        String branch = "z9hG4bK" + Long.toHexString(SipServer.RANDOM.nextLong());
        String req = method + " " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + here + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + invTo + (SipMessage.tag(invTo).isEmpty() ? ";tag=" + d.localTag : "") + "\r\n"
                + "To: " + invFrom + "\r\n"
                + "Call-ID: " + d.callId() + "\r\n"
                + "CSeq: " + (++d.cseq) + " " + method + "\r\n"
                + "Contact: <sip:guanjia@" + here + ">\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
        Pending p = new Pending(req.getBytes(StandardCharsets.UTF_8), d.peer, onFinal == null ? status -> { } : onFinal);
        pending.put(branch, p);
        write(p);
        p.interval = t1;
        p.resend = ctx.executor().schedule(() -> resend(branch, p), p.interval, TimeUnit.MILLISECONDS);
        p.timeout = ctx.executor().schedule(() -> {
            if (pending.remove(branch) != null) {
                p.resend.cancel(false);
                p.onFinal.accept(408);
            }
        }, 64 * t1, TimeUnit.MILLISECONDS);
    }

    private void resend(String branch, Pending p) {
        if (pending.get(branch) != p) {
            return;
        }
        write(p);
        p.interval = Math.min(p.interval * 2, 8 * t1);
        p.resend = ctx.executor().schedule(() -> resend(branch, p), p.interval, TimeUnit.MILLISECONDS);
    }

    /** A response that came in: to one of ours, or (ignored) to nothing we sent. */
    void received(SipMessage r) {
        Matcher b = BRANCH.matcher(r.header("Via").orElse(""));
        if (!b.find()) {
            return;
        }
        Pending p = pending.get(b.group(1));
        if (p == null) {
            return;
        }
        if (r.status() < 200) {
            p.interval = 8 * t1; // proceeding: retransmit at T2 only
            return;
        }
        pending.remove(b.group(1));
        p.resend.cancel(false);
        p.timeout.cancel(false);
        p.onFinal.accept(r.status());
    }

    private void write(Pending p) {
        ctx.writeAndFlush(new SipCodec.Outbound(p.bytes, p.to));
    }
}
