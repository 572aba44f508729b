package dev.guanjia.voice.sip;

import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.VoiceEstate;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each call's RTP port is bound without holding the signalling loop: a slow bind delays only its
 * own call, and a bind that fails refuses only its own call, 503, with nothing of it kept.
 */
class MediaPortsTest {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
    }

    @AfterAll
    static void stop() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static SipServer server(MediaPorts ports) throws InterruptedException {
        CallFlow.Parts parts = VoiceEstate.parts(new VoiceEstate.Recording(), null);
        return SipServer.start(SipServer.Settings.of("127.0.0.1", 0).timers(20, 0),
                (id, caller, line) -> new CallFlow(parts, CallFlow.Settings.defaults("c1"), id, "sip", caller, line),
                ports);
    }

    @Test
    void aSlowBindHoldsOnlyItsOwnCall() throws Exception {
        MediaPorts udp = MediaPorts.udp(LOOPS, NioDatagramChannel.class, "127.0.0.1");
        // the port is bound at once, but its future completes only a second later
        MediaPorts slow = () -> {
            ChannelFuture bind = udp.open();
            ChannelPromise late = bind.channel().newPromise();
            bind.addListener(f -> LOOPS.schedule(() -> f.isSuccess() ? late.setSuccess() : late.setFailure(f.cause()),
                    1, TimeUnit.SECONDS));
            return late;
        };
        try (SipServer server = server(slow); Trunk t = new Trunk(server.port())) {
            Trunk.Leg leg = t.leg("13990000001");
            long start = System.currentTimeMillis();
            leg.invite(Trunk.offer(30020, "0"));
            assertNotNull(leg.response("INVITE", 100, 500), "100 Trying at once");
            Trunk.Leg probe = t.leg("13990000002");
            t.send(probe.request("OPTIONS", 1, null, null));
            assertNotNull(probe.response("OPTIONS", 200, 300), "the loop answers others while the port binds");
            assertTrue(System.currentTimeMillis() - start < 900, "and before the bind is done");
            assertNotNull(leg.response("INVITE", 200, 3000), "the call is answered once its port is bound");
            assertTrue(System.currentTimeMillis() - start >= 1000, "not before");
            t.send(leg.request("ACK", 1, null, null));
            leg.send("BYE", null, null);
            assertNotNull(leg.response("BYE", 200, 1000));
            assertEquals(0, server.activeDialogs());
        }
    }

    @Test
    void aFailedBindRefusesTheCall503AndKeepsNothing() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the bind fails, asynchronously
        try (SipServer server = server(MediaPorts.udp(LOOPS, NioDatagramChannel.class, "192.0.2.1"));
             Trunk t = new Trunk(server.port())) {
            Trunk.Leg leg = t.leg("13990000003");
            leg.invite(Trunk.offer(30022, "0"));
            assertNotNull(leg.response("INVITE", 100, 500));
            SipMessage refused = leg.response("INVITE", 503, 2000);
            assertNotNull(refused, "no RTP port: 503, not silence and not a 200 without media");
            assertEquals("5", refused.header("Retry-After").orElse(""), "the trunk may try again shortly");
            assertEquals(0, server.activeDialogs(), "nothing of the call is kept");
            t.send(leg.lastInvite);
            assertNotNull(leg.response("INVITE", 503, 1000), "a retransmitted INVITE gets the same answer");
            assertNull(leg.response("INVITE", 200, 300), "and never a second attempt");
            t.send(t.leg("13990000004").request("OPTIONS", 1, null, null));
            assertNotNull(t.await(m -> !m.isRequest() && m.status() == 200, 1000), "the line still answers");
        }
    }
}
