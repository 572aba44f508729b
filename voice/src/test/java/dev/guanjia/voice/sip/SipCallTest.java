package dev.guanjia.voice.sip;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.VoiceEstate;
import dev.guanjia.voice.speech.SpeechRecognizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SIPp (Debian package sip-tester) calls the SIP server: INVITE/100/180/200/ACK, G.711 RTP both
 * ways at 20 ms, RFC 4733 digit 2 starts the repair flow, BYE ends the call and the record is stored.
 */
class SipCallTest {

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
        VoiceEstate.warmCallPath(); // SIPp's caller keeps to its clock, not ours
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SipCallTest.class.getResource("/sipp/" + name).toURI());
    }

    @Test
    void sippCallsPressesTwoAndHangsUp() throws Exception {
        assumeTrue(new File("/usr/bin/sipp").canExecute(), "sipp is not installed (apt-get install sip-tester)");
        // a recognizer is configured, so 2 asks the caller to describe the repair
        SpeechRecognizer listening = VoiceEstate.silentRecognizer();
        Map<UUID, CallFlow> flows = new ConcurrentHashMap<>();
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        try (SipServer server = SipServer.start("127.0.0.1", 0, (id, caller, line) -> {
            CallFlow f = new CallFlow(VoiceEstate.parts(tts, listening), CallFlow.Settings.defaults("c1"), id, "sip",
                    caller, line);
            flows.put(id, f);
            return f;
        }, null)) {
            Path log = ScratchDirectory.make("sipp").resolve("sipp.log");
            Process sipp = new ProcessBuilder("sipp", "127.0.0.1:" + server.port(), "-sf",
                    resource("call-and-press-2.xml").toString(), "-inf", resource("callers.csv").toString(),
                    "-m", "1", "-i", "127.0.0.1", "-p", "0", "-mi", "127.0.0.1", "-mp", String.valueOf(40000 + 2 * new java.util.Random().nextInt(5000)),
                    "-timeout", "30s", "-nostdin", "-bg").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(sipp.waitFor(60, TimeUnit.SECONDS), "sipp finished");
            // -bg forks; wait until the call has ended on our side
            long until = System.currentTimeMillis() + 40_000;
            while (System.currentTimeMillis() < until && (flows.isEmpty() || ended(flows.keySet().iterator().next()) == null)) {
                Thread.sleep(100);
            }
            assertEquals(1, flows.size(), Files.readString(log));
            UUID id = flows.keySet().iterator().next();
            List<String> said = flows.get(id).spoken();
            assertTrue(said.get(0).contains("物业服务热线"), said.toString());
            Map<String, String> rec = ended(id);
            assertTrue(said.stream().anyMatch(s -> s.contains("维修")), "2 started the repair flow: " + said + " "
                    + rec + " media " + java.util.Arrays.toString(server.mediaPackets()));
            assertTrue(rec != null, "the call record is stored and ended");
            assertTrue(rec.get("menu_path").startsWith("2"), rec.toString());
            assertEquals("caller hung up", rec.get("outcome"));
            long[] media = server.mediaPackets();
            assertTrue(media[0] > 50, "audio and the key arrived over RTP: " + media[0]);
            assertTrue(media[1] > 150, "our frames went out at 20 ms for the call's seconds: " + media[1]);
        }
    }

    @Test
    void sippPlacesTwoHundredCallsFiftyAtATimeAndEveryOneIsAnswered() throws Exception {
        assumeTrue(new File("/usr/bin/sipp").canExecute(), "sipp is not installed (apt-get install sip-tester)");
        VoiceEstate.Recording tts = new VoiceEstate.Recording();
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        List<UUID> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SipServer server = SipServer.start(SipServer.Settings.of("127.0.0.1", 0), (id, caller, line) -> {
            opened.incrementAndGet();
            ids.add(id);
            return new CallFlow(VoiceEstate.parts(tts, null), CallFlow.Settings.defaults("c1"), id, "sip", caller, line);
        })) {
            Path stats = ScratchDirectory.make("sipp-stats");
            Path log = stats.resolve("sipp.log");
            // SIPp's built-in caller: INVITE, 100/180 optional, 200, ACK, 1 s on the line, BYE, 200;
            // 200 calls at 40 a second with at most 50 up at once; exit 0 only when every call succeeded
            Process sipp = new ProcessBuilder("sipp", "127.0.0.1:" + server.port(), "-sn", "uac",
                    "-m", "200", "-r", "40", "-l", "50", "-d", "1000", "-i", "127.0.0.1", "-p", "0",
                    "-timeout", "60s", "-nostdin", "-trace_err", "-error_file", stats.resolve("err.log").toString())
                    .directory(stats.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(sipp.waitFor(90, TimeUnit.SECONDS), "sipp finished");
            String errors = Files.exists(stats.resolve("err.log")) ? Files.readString(stats.resolve("err.log")) : "";
            assertEquals(0, sipp.exitValue(), "every call answered 200 and ended: " + errors);
            assertEquals(200, opened.get(), "each call was set up");
            long until = System.currentTimeMillis() + 10_000;
            while (server.activeDialogs() > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertEquals(0, server.activeDialogs(), "nothing left of 200 calls");
            // every call's record is written and ended: the flows' database work is done, none of it
            // left to hold up the next test's caller on a busy machine
            until = System.currentTimeMillis() + 60_000;
            long open = ids.size();
            while (System.currentTimeMillis() < until && (open = ids.stream().filter(i -> {
                try {
                    return ended(i) == null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).count()) > 0) {
                Thread.sleep(200);
            }
            assertEquals(0, open, "every call of the 200 is recorded as ended");
        }
    }

    private static Map<String, String> ended(UUID id) throws Exception {
        try (Connection c = VoiceEstate.db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT menu_path, outcome, transcript, ended_at - started_at FROM calls WHERE id = '" + id
                     + "' AND ended_at IS NOT NULL")) {
            return rs.next() ? Map.of("menu_path", rs.getString(1), "outcome", rs.getString(2),
                    "transcript", rs.getString(3), "length", rs.getString(4)) : null;
        }
    }
}
