package dev.guanjia.app.serve;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.store.Stores;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.audiosocket.AudioSocketServer;
import dev.guanjia.voice.call.CallFlow;
import dev.guanjia.voice.call.OpenCalls;
import dev.guanjia.voice.sip.SipServer;
import dev.guanjia.voice.speech.CachedSynthesizer;
import dev.guanjia.voice.speech.EspeakSynthesizer;
import dev.guanjia.voice.speech.SpeechSynthesizer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * The phone line of one community: AudioSocket for an Asterisk PBX and, when voice.sip.port is
 * set, SIP/RTP for a trunk or any PBX; espeak-ng speaks, the keypad drives. Its calls stay on this
 * node ({@link OpenCalls} stamps them seen while they last); closing the line ends the open ones
 * as "node stopped" before the sockets close, so no call is left open in the records.
 */
final class PhoneLine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PhoneLine.class.getName());

    private final OpenCalls open;
    private final AudioSocketServer audioSocket;
    private final SipServer sip;

    private PhoneLine(OpenCalls open, AudioSocketServer audioSocket, SipServer sip) {
        this.open = open;
        this.audioSocket = audioSocket;
        this.sip = sip;
    }

    /**
     * @param payLinks texts a caller who owes the payment link; null when payment is off
     * @param calls    told of each call taken, with its transport (audiosocket, sip): the metrics count them
     */
    static PhoneLine start(GuanjiaConfig.Voice v, ServiceDesk desk, Stores stores, ScheduledExecutorService timers,
                           dev.guanjia.voice.pay.PaymentLinks payLinks, java.util.function.Consumer<String> calls) {
        EspeakSynthesizer espeak = new EspeakSynthesizer(v.ttsCommand(), v.ttsRate());
        SpeechSynthesizer tts;
        if (espeak.available()) {
            tts = new CachedSynthesizer(espeak, 200);
        } else {
            LOG.warning("phone line: '" + v.ttsCommand() + "' does not run, so callers will hear silence. "
                    + "Install it: apt-get install espeak-ng (or set voice.tts.command)");
            tts = text -> Pcm.silence(Math.max(500, text.length() * 400));
        }
        dev.guanjia.voice.speech.SpeechRecognizer asr = null;
        if (v.asrModel() == null) {
            LOG.info("phone line: keypad menus; no speech model configured (voice.asr.model), so callers use the keys");
        } else {
            try {
                asr = new dev.guanjia.voice.speech.VoskRecognizer(v.asrModel());
                LOG.info(() -> "phone line: speech recognition with the Vosk model in " + v.asrModel());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warning("phone line: the Vosk model at " + v.asrModel() + " did not load (" + e.getMessage()
                        + "); callers use the keys. Download vosk-model-small-cn-0.22 and point voice.asr.model at it");
            }
        }
        CallFlow.Parts parts = new CallFlow.Parts(desk, stores.community().residents(),
                stores.community().directory(), stores.calls(), tts, asr, timers,
                Executors.newVirtualThreadPerTaskExecutor(), stores.clock(), stores.desk().availability(), payLinks);
        CallFlow.Settings settings = new CallFlow.Settings(v.community(), Duration.ofSeconds(v.firstKeySeconds()),
                500, 0.6);
        OpenCalls open = new OpenCalls(stores.calls());
        AudioSocketServer audioSocket = null;
        try {
            audioSocket = AudioSocketServer.start(v.host(), v.port(), 2,
                    (id, caller, line) -> {
                        calls.accept("audiosocket");
                        return open.add(new CallFlow(parts, settings, id, "audiosocket", caller, line));
                    });
            int port = audioSocket.port();
            LOG.info(() -> "phone line of " + v.community() + ": AudioSocket on " + v.host() + ":" + port);
            SipServer sip = null;
            if (v.sipPort() >= 0) {
                sip = SipServer.start(SipServer.Settings.of(v.host(), v.sipPort()).advertising(v.sipAdvertise())
                                .transferringTo(v.transferUri(), stores.desk().callbacks()),
                        (id, caller, line) -> {
                            calls.accept("sip");
                            return open.add(new CallFlow(parts, settings, id, "sip", caller, line));
                        });
                int sipPort = sip.port();
                String advertised = sip.advertisedAddress();
                LOG.info(() -> "phone line of " + v.community() + ": SIP/UDP on " + v.host() + ":" + sipPort
                        + " (advertised as " + advertised + ")"
                        + (v.transferUri() == null ? "" : ", transfers to " + v.transferUri()));
            }
            return new PhoneLine(open, audioSocket, sip);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open.close();
            if (audioSocket != null) {
                audioSocket.close();
            }
            throw new IllegalStateException("interrupted while starting the phone line", e);
        }
    }

    int port() {
        return audioSocket.port();
    }

    int sipPort() {
        return sip == null ? -1 : sip.port();
    }

    /** The calls this node holds now (tests). */
    java.util.List<CallFlow> openCalls() {
        return open.open();
    }

    /** Ends the open calls as "node stopped" while the database is still there, then closes the sockets. */
    @Override
    public void close() {
        open.close();
        if (sip != null) {
            sip.close();
        }
        audioSocket.close();
    }
}
