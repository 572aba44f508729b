package dev.guanjia.app.serve;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.bot.agent.ServiceDesk;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.audiosocket.AudioSocketServer;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.CallRecords;
import dev.guanjia.voice.speech.EspeakSynthesizer;
import dev.guanjia.voice.speech.SpeechSynthesizer;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/** Starts the phone line of one community: AudioSocket for the PBX, espeak-ng for the voice. */
final class PhoneLine {

    private static final Logger LOG = Logger.getLogger(PhoneLine.class.getName());

    private PhoneLine() {
    }

    static AudioSocketServer start(GuanjiaConfig.Voice v, ServiceDesk desk, DataSource db,
                                   ScheduledExecutorService timers, Clock clock) {
        EspeakSynthesizer espeak = new EspeakSynthesizer(v.ttsCommand(), v.ttsRate());
        SpeechSynthesizer tts;
        if (espeak.available()) {
            tts = new dev.guanjia.voice.speech.CachedSynthesizer(espeak, 200);
        } else {
            LOG.warning("phone line: '" + v.ttsCommand() + "' does not run, so callers will hear silence. "
                    + "Install it: apt-get install espeak-ng (or set voice.tts.command)");
            tts = text -> Pcm.silence(Math.max(500, text.length() * 400));
        }
        LOG.info("phone line: keypad menus; speech recognition is not configured (a Chinese Vosk model is an "
                + "operator download, see README), so callers use the keys");
        CallFlow.Parts parts = new CallFlow.Parts(desk, new Residents(db), new CommunityDirectory(db),
                new CallRecords(db), tts, null, timers, Executors.newVirtualThreadPerTaskExecutor(), clock);
        CallFlow.Settings settings = new CallFlow.Settings(v.community(), Duration.ofSeconds(v.firstKeySeconds()),
                500, 0.6);
        try {
            AudioSocketServer server = AudioSocketServer.start(v.host(), v.port(), 2,
                    (id, caller, line) -> new CallFlow(parts, settings, id, "audiosocket", caller, line));
            LOG.info(() -> "phone line of " + v.community() + ": AudioSocket on " + v.host() + ":" + server.port());
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the phone line", e);
        }
    }
}
