package dev.guanjia.voice.sip;

import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.rtp.RtpSession;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One call as SIP sees it, from its INVITE to its end: the dialog's tags and state, the last
 * answer (sent again to a retransmitted request), its timers, its RTP port, and once acknowledged
 * the call flow on a thread of its own. SIP fields are touched only on the signalling event loop.
 */
final class Dialog {

    enum State { PROCEEDING, ANSWERED, CONFIRMED, ENDED }

    final SipMessage invite;
    final InetSocketAddress peer;
    final String localTag = Long.toHexString(SipServer.RANDOM.nextLong());
    final String offer; // the caller's SDP; empty for a delayed offer
    State state = State.PROCEEDING;
    SipMessage lastInvite;
    byte[] lastResponse;
    long sdpVersion = 1;
    final long sdpSession = System.currentTimeMillis() / 1000;
    final List<ScheduledFuture<?>> timers = new ArrayList<>();
    ScheduledFuture<?> retransmit;
    long cseq = 1;
    boolean transferring;
    private Channel rtpChannel;
    private RtpSession rtp;
    private ExecutorService events;
    private CallFlow flow;

    Dialog(SipMessage invite, InetSocketAddress peer, String offer) {
        this.invite = invite;
        this.lastInvite = invite;
        this.peer = peer;
        this.offer = offer;
    }

    String callId() {
        return invite.callId();
    }

    /** The call's RTP port is bound: the SDP can name it. */
    void media(Channel rtpChannel) {
        this.rtpChannel = rtpChannel;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtpChannel.localAddress()).getPort();
    }

    /**
     * The call begins (ACK with agreed media): RTP flows on the bound port, and the call flow runs
     * on its own virtual thread so speech, the desk and the database never hold an event loop.
     *
     * @param ends our side ends the call (true: by transfer); called on the RTP channel's loop
     */
    void connect(Media media, SipServer.Calls calls, String callerNumber, Consumer<Boolean> ends) {
        state = State.CONFIRMED;
        events = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        RtpSession session = new RtpSession(rtpChannel, media.resolved(), media.codec(), media.dtmf(),
                s -> ends.accept(false), s -> ends.accept(true));
        rtp = session;
        CallFlow f = calls.open(UUID.randomUUID(), callerNumber, session);
        flow = f;
        session.start(new RtpSession.Listener() {
            @Override
            public void audio(short[] frame8k) {
                post(() -> f.onAudio(frame8k));
            }

            @Override
            public void digit(char c) {
                post(() -> f.onDigit(c));
            }
        });
        post(f::start);
    }

    /** Hands something to the call flow on its thread; before the ACK or after the end there is none. */
    void toFlow(Consumer<CallFlow> what) {
        CallFlow f = flow;
        if (f != null) {
            post(() -> what.accept(f));
        }
    }

    /** After the hang-up the call's thread is gone, and late media is simply dropped. */
    private void post(Runnable r) {
        Executor e = events;
        try {
            e.execute(r);
        } catch (RejectedExecutionException ended) {
            // the call has ended
        }
    }

    /**
     * Frees what the call holds (timers, the RTP port, the call's thread) and tells the flow the
     * line is gone.
     *
     * @param received counts the call's RTP packets received, and {@code sent} those sent
     */
    void free(AtomicLong received, AtomicLong sent) {
        state = State.ENDED;
        for (ScheduledFuture<?> t : timers) {
            t.cancel(false);
        }
        if (retransmit != null) {
            retransmit.cancel(false);
        }
        if (rtp != null) {
            rtp.close();
            received.addAndGet(rtp.received());
            sent.addAndGet(rtp.sent());
        } else if (rtpChannel != null) {
            rtpChannel.close();
        }
        toFlow(CallFlow::onHangUp);
        if (events != null) {
            events.shutdown();
        }
    }
}
