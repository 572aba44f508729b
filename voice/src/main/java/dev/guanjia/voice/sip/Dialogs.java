package dev.guanjia.voice.sip;

import dev.guanjia.voice.call.CallFlow;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.guanjia.voice.sip.SipServer.LOG;

/**
 * The dialog handler of the signalling pipeline, after {@link SipCodec}: the user agent server's
 * side of each call. INVITE is answered 100, then once the call's RTP port is bound 180 and 200
 * with our SDP (the 2xx retransmitted until ACK, Timer H ending an unacknowledged call); ACK
 * starts the call; BYE and CANCEL end it; INFO carries keys; NOTIFY reports a transfer; OPTIONS
 * says what we allow. Responses to our own BYE and REFER go to {@link ClientTransactions}.
 *
 * <p>Everything here runs on the signalling channel's event loop, and nothing here blocks it.
 */
final class Dialogs extends SimpleChannelInboundHandler<SipCodec.Inbound> {

    private static final Pattern SIGNAL = Pattern.compile("(?mi)^\\s*Signal\\s*=\\s*([0-9*#A-Da-d])");
    private static final Pattern SIPFRAG = Pattern.compile("^SIP/2\\.0 (\\d{3})");
    private static final Pattern CALLER = Pattern.compile("(?:sip|sips|tel):\\+?(?:86)?(\\d{7,12})");

    private final SipServer.Settings settings;
    private final String advertise;
    private final SipServer.Calls calls;
    private final MediaPorts ports;
    private final Map<String, Dialog> dialogs = new HashMap<>();
    // Call-IDs of calls just ended, with the last answer to their INVITE: a late retransmission of the
    // INVITE gets that answer again (64 × T1, as Timer J) instead of starting a second call
    private final Map<String, byte[]> ended = new HashMap<>();
    private final AtomicLong rtpIn = new AtomicLong();
    private final AtomicLong rtpOut = new AtomicLong();
    private ChannelHandlerContext ctx;
    private Responses responses;
    private ClientTransactions requests;
    private String here;

    Dialogs(SipServer.Settings settings, String advertise, SipServer.Calls calls, MediaPorts ports) {
        this.settings = settings;
        this.advertise = advertise;
        this.calls = calls;
        this.ports = ports;
    }

    /** Calls (set up or being set up) holding resources now; on the loop. */
    int size() {
        return dialogs.size();
    }

    /** RTP packets received and sent over all ended calls. */
    long[] mediaPackets() {
        return new long[]{rtpIn.get(), rtpOut.get()};
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // bound: now our port is known, and nothing is read before this
        this.ctx = ctx;
        here = advertise + ":" + ((InetSocketAddress) ctx.channel().localAddress()).getPort();
        responses = new Responses(here);
        requests = new ClientTransactions(ctx, settings.t1Millis(), here);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SipCodec.Inbound in) {
        SipMessage m = in.message();
        InetSocketAddress from = in.from();
        if (!m.isRequest()) {
            requests.received(m);
            return;
        }
        try {
            switch (m.method()) {
                case "INVITE" -> invite(m, from);
                case "ACK" -> ack(m);
                case "BYE" -> bye(m, from);
                case "CANCEL" -> cancel(m, from);
                case "NOTIFY" -> notify(m, from);
                case "INFO" -> info(m, from);
                case "OPTIONS" -> send(from, responses.to(m, from, 200, "OK", Long.toHexString(SipServer.RANDOM.nextLong()),
                        "Allow: " + SipServer.ALLOW + "\r\nAccept: application/sdp\r\n", null));
                default -> send(from, responses.to(m, from, 405, "Method Not Allowed", null,
                        "Allow: " + SipServer.ALLOW + "\r\n", null));
            }
        } catch (RuntimeException e) {
            LOG.warning("SIP " + m.method() + " failed: " + e);
            if (!"ACK".equals(m.method())) {
                send(from, responses.to(m, from, 500, "Server Internal Error", null));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // one bad datagram or a socket error must not close the line every call shares
        LOG.warning("SIP signalling: " + cause);
    }

    // ------------------------------------------------------------------ INVITE to ACK

    private void invite(SipMessage m, InetSocketAddress from) {
        byte[] over = ended.get(m.callId());
        if (over != null && !dialogs.containsKey(m.callId())) {
            if (SipMessage.tag(m.header("To").orElse("")).isEmpty()) {
                send(from, over);
            } else {
                send(from, responses.to(m, from, 481, "Call/Transaction Does Not Exist", null));
            }
            return;
        }
        Dialog existing = dialogs.get(m.callId());
        if (existing != null) {
            if (m.cseq().equals(existing.lastInvite.cseq())) {
                if (existing.lastResponse != null) {
                    send(from, existing.lastResponse); // a retransmitted INVITE gets the same answer
                }
            } else if (existing.state == Dialog.State.CONFIRMED) {
                reInvite(existing, m, from);
            } else {
                send(from, responses.to(m, from, 491, "Request Pending", existing.localTag));
            }
            return;
        }
        String sdp = m.bodyText();
        boolean delayed = sdp.isBlank();
        if (!delayed && Media.of(sdp) == null) {
            send(from, responses.to(m, from, 488, "Not Acceptable Here", null));
            return;
        }
        Dialog d = new Dialog(m, from, delayed ? "" : sdp);
        dialogs.put(m.callId(), d);
        d.lastResponse = responses.to(m, from, 100, "Trying", null);
        send(from, d.lastResponse);
        // the bind completes on some event loop; the call continues on ours, never waiting for it here
        ChannelFuture bind;
        try {
            bind = ports.open();
        } catch (RuntimeException e) {
            unbound(d, e); // e.g. the loops are shutting down
            return;
        }
        bind.addListener(f -> ctx.executor().execute(() -> bound(d, bind)));
    }

    private void bound(Dialog d, ChannelFuture bind) {
        if (!bind.isSuccess()) {
            bind.channel().close();
            unbound(d, bind.cause());
            return;
        }
        if (d.state == Dialog.State.ENDED) {
            bind.channel().close(); // cancelled while binding
            return;
        }
        d.media(bind.channel());
        d.lastResponse = responses.to(d.invite, d.peer, 180, "Ringing", d.localTag);
        send(d.peer, d.lastResponse);
        d.timers.add(ctx.executor().schedule(() -> answer(d), settings.answerMillis(), TimeUnit.MILLISECONDS));
    }

    /** No RTP port for the call: the caller hears it failed and may retry, and nothing of it is kept. */
    private void unbound(Dialog d, Throwable cause) {
        if (d.state == Dialog.State.ENDED) {
            return;
        }
        LOG.warning("RTP port not bound: " + cause);
        d.lastResponse = responses.to(d.invite, d.peer, 503, "Service Unavailable", d.localTag,
                "Retry-After: 5\r\n", null);
        send(d.peer, d.lastResponse);
        release(d);
    }

    private void answer(Dialog d) {
        if (d.state != Dialog.State.PROCEEDING) {
            return;
        }
        d.state = Dialog.State.ANSWERED;
        d.lastResponse = responses.to(d.invite, d.peer, 200, "OK", d.localTag, "", sdp(d));
        send(d.peer, d.lastResponse);
        retransmit2xx(d, settings.t1Millis());
        // Timer H: no ACK in 64 × T1 — the dialog is confirmed and then ended at once (§13.3.1.4)
        d.timers.add(ctx.executor().schedule(() -> {
            if (d.state == Dialog.State.ANSWERED) {
                LOG.info(() -> "SIP call " + d.callId() + " never acknowledged; hanging up");
                requests.send(d, "BYE", "", null);
                release(d);
            }
        }, 64 * settings.t1Millis(), TimeUnit.MILLISECONDS));
    }

    private String sdp(Dialog d) {
        return Media.ours(d.offer, d.sdpSession, d.sdpVersion, advertise, d.rtpPort());
    }

    /** The 2xx is ours to repeat until the ACK (§13.3.1.4): from T1, doubling up to T2. */
    private void retransmit2xx(Dialog d, long interval) {
        d.retransmit = ctx.executor().schedule(() -> {
            if (d.state == Dialog.State.ANSWERED) {
                send(d.peer, d.lastResponse);
                retransmit2xx(d, Math.min(interval * 2, 8 * settings.t1Millis()));
            }
        }, interval, TimeUnit.MILLISECONDS);
    }

    private void reInvite(Dialog d, SipMessage m, InetSocketAddress from) {
        d.lastInvite = m;
        d.sdpVersion++;
        if (!m.bodyText().isBlank() && Media.of(m.bodyText()) == null) {
            send(from, responses.to(m, from, 488, "Not Acceptable Here", d.localTag));
            return;
        }
        d.lastResponse = responses.to(m, from, 200, "OK", d.localTag, "", sdp(d));
        send(from, d.lastResponse);
    }

    private void ack(SipMessage m) {
        Dialog d = dialogs.get(m.callId());
        if (d == null || d.state != Dialog.State.ANSWERED) {
            return; // an ACK to a non-2xx, to a re-INVITE, or a retransmission
        }
        if (d.retransmit != null) {
            d.retransmit.cancel(false);
        }
        Media media = Media.of(d.offer.isEmpty() ? m.bodyText() : d.offer);
        if (media == null) {
            // a delayed offer answered with nothing we can play: end it properly
            LOG.info(() -> "SIP call " + m.callId() + ": no usable SDP answer in the ACK; hanging up");
            requests.send(d, "BYE", "", null);
            release(d);
            return;
        }
        d.connect(media, calls, callerOf(d.invite), transfer -> ctx.executor().execute(() -> end(d, transfer)));
    }

    /** The caller's number from the From header's URI (sip:13962000101@…); null when it holds none. */
    static String callerOf(SipMessage invite) {
        Matcher m = CALLER.matcher(invite.header("From").orElse(""));
        return m.find() ? m.group(1) : null;
    }

    // ------------------------------------------------------------------ in the dialog

    /** The call a request belongs to; null, answered 481 with the reason, when there is none. */
    private Dialog dialogOf(SipMessage m, InetSocketAddress from, String missing) {
        Dialog d = dialogs.get(m.callId());
        if (d == null) {
            send(from, responses.to(m, from, 481, missing, null));
        }
        return d;
    }

    private void bye(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogOf(m, from, "Call/Transaction Does Not Exist");
        if (d == null) {
            return;
        }
        send(from, responses.to(m, from, 200, "OK", d.localTag));
        release(d);
    }

    private void cancel(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogOf(m, from, "Call/Transaction Does Not Exist");
        if (d == null) {
            return;
        }
        send(from, responses.to(m, from, 200, "OK", d.localTag));
        if (d.state == Dialog.State.PROCEEDING) {
            // before our 200: the INVITE ends 487 and nothing of the call remains
            d.lastResponse = responses.to(d.invite, d.peer, 487, "Request Terminated", d.localTag);
            send(d.peer, d.lastResponse);
            release(d);
        }
        // after the 2xx the call stands; the caller sends BYE
    }

    private void info(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogOf(m, from, "Call/Transaction Does Not Exist");
        if (d == null) {
            return;
        }
        Character key = key(m.header("Content-Type").orElse("").toLowerCase(Locale.ROOT), m.bodyText().strip());
        if (key == null) {
            send(from, responses.to(m, from, 415, "Unsupported Media Type", d.localTag,
                    "Accept: application/dtmf-relay, application/dtmf\r\n", null));
            return;
        }
        send(from, responses.to(m, from, 200, "OK", d.localTag));
        char k = key;
        if (d.state == Dialog.State.CONFIRMED) {
            d.toFlow(flow -> flow.onDigit(k));
        }
    }

    /** The key of an INFO body (application/dtmf-relay "Signal=5", or application/dtmf "5"/"10"/"11"); null if none. */
    private static Character key(String type, String body) {
        if (type.startsWith("application/dtmf-relay")) {
            Matcher s = SIGNAL.matcher(body);
            return s.find() ? Character.toUpperCase(s.group(1).charAt(0)) : null;
        }
        if (type.startsWith("application/dtmf") && body.length() == 1 && "0123456789*#ABCDabcd".indexOf(body.charAt(0)) >= 0) {
            return Character.toUpperCase(body.charAt(0));
        }
        if (type.startsWith("application/dtmf") && body.matches("1[0-1]")) {
            return body.equals("10") ? '*' : '#';
        }
        return null;
    }

    private void notify(SipMessage m, InetSocketAddress from) {
        Dialog d = dialogOf(m, from, "Subscription Does Not Exist");
        if (d == null) {
            return;
        }
        send(from, responses.to(m, from, 200, "OK", d.localTag));
        Matcher frag = SIPFRAG.matcher(m.bodyText().strip());
        if (!d.transferring || !frag.find()) {
            return;
        }
        int status = Integer.parseInt(frag.group(1));
        if (status >= 200 && status < 300) {
            // the caller now talks to a person: our leg ends
            requests.send(d, "BYE", "", null);
            release(d);
        } else if (status >= 300) {
            transferFailed(d, "NOTIFY " + status);
        }
    }

    // ------------------------------------------------------------------ our side ends it

    /** Our side ends the call: BYE, or REFER to the agents when transferring and a destination is set. */
    private void end(Dialog d, boolean transfer) {
        if (d.state == Dialog.State.ENDED || d.transferring) {
            return;
        }
        if (transfer && settings.transferTo() != null) {
            d.transferring = true;
            requests.send(d, "REFER", "Refer-To: <" + settings.transferTo() + ">\r\nReferred-By: <sip:guanjia@"
                    + here + ">\r\n", status -> {
                if (status >= 300 && d.state != Dialog.State.ENDED) {
                    transferFailed(d, status == 408 ? "no answer to REFER" : "REFER " + status);
                }
            });
            return;
        }
        requests.send(d, "BYE", "", null);
        release(d);
    }

    private void transferFailed(Dialog d, String why) {
        if (!d.transferring) {
            return;
        }
        d.transferring = false;
        LOG.warning("SIP call " + d.callId() + ": transfer failed (" + why + "); the caller is offered a call back");
        d.toFlow(flow -> flow.transferFailed(settings.callbacks()));
    }

    /** The server closes: calls being set up are refused 503, calls up get our BYE. */
    void endAll() {
        for (Dialog d : new ArrayList<>(dialogs.values())) {
            if (d.state == Dialog.State.PROCEEDING || d.state == Dialog.State.ANSWERED) {
                send(d.peer, responses.to(d.lastInvite, d.peer, 503, "Service Unavailable", d.localTag));
            } else {
                requests.send(d, "BYE", "", null);
            }
            release(d);
        }
    }

    /** Frees everything the call holds, and remembers its last answer for a late retransmission. */
    private void release(Dialog d) {
        if (d.state == Dialog.State.ENDED) {
            return;
        }
        dialogs.remove(d.callId(), d);
        if (d.lastResponse != null) {
            String callId = d.callId();
            ended.put(callId, d.lastResponse);
            ctx.executor().schedule(() -> ended.remove(callId), 64 * settings.t1Millis(), TimeUnit.MILLISECONDS);
        }
        d.free(rtpIn, rtpOut);
    }

    private void send(InetSocketAddress to, byte[] data) {
        ctx.writeAndFlush(new SipCodec.Outbound(data, to));
    }
}
