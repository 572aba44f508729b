package dev.guanjia.voice.call;

import dev.guanjia.testkit.ScratchDirectory;
import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.local.LocalChatModel;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Resealing;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.analysis.Aliases;
import dev.guanjia.knowledge.document.KbDocumentStore;
import dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.guanjia.voice.speech.SpeechRecognizer;
import dev.guanjia.voice.speech.SpeechSynthesizer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The shared two-household community (see TwoHouseholds) with the offline agent model, for the phone line. */
public final class VoiceEstate {

    public static final String OWNER_PHONE = TwoHouseholds.OWNER_PHONE;
    public static final String NEIGHBOUR_PHONE = TwoHouseholds.NEIGHBOUR_PHONE;

    public static DataSource db;
    /** One keyring for the estate: what the pack sealed, the calls open. */
    public static final PersonalData personalData = PersonalData.ephemeral();
    public static ServiceDesk desk;
    public static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2);

    private VoiceEstate() {
    }

    /** The community's notices (key 4). */
    public static dev.guanjia.notices.notice.Notices notices;

    public static synchronized void build() throws Exception {
        if (db != null) {
            return;
        }
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "payments", "notices", "desk", "bot", "voice");
        try (Connection c = db.getConnection()) {
            TwoHouseholds.insert(c);
            Resealing.community(c, personalData);
        }
        KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db), ScratchDirectory.make("voice-kb"),
                BgeSmallZhEmbedder.shared(), Aliases.bundled()).open();
        ConversationLog log = new ConversationLog(db, personalData);
        Callbacks callbacks = new Callbacks(db, personalData);
        CommunityDirectory communities = new CommunityDirectory(db);
        ServiceDeskTools tools = new ServiceDeskTools(kb, new Bills(db), new WorkOrders(db, Clock.systemUTC()),
                communities, new dev.guanjia.desk.handoff.HandoffIntake(log, new Availability(db), callbacks));
        notices = new dev.guanjia.notices.notice.Notices(db, Clock.systemUTC(), communities);
        tools.withNotices(notices, new dev.guanjia.notices.receipt.NoticeReach(db, Clock.systemUTC()));
        IntentClassifier intents = IntentClassifier.bundled(BgeSmallZhEmbedder.shared());
        desk = new ServiceDesk(new dev.guanjia.bot.agent.ResidentAgent(new LocalChatModel(intents), tools,
                new dev.guanjia.bot.memory.PostgresChatMemoryStore(db)), log, new Residents(db, personalData), communities, callbacks,
                intents, personalData);
    }

    /**
     * One call through the whole flow (greeting, key 2, the desk's answer, hang-up) on a line that
     * plays nothing: the first call of a JVM loads and compiles the call path, the desk and the
     * database statements, which on a busy machine takes longer than a scripted caller waits.
     */
    public static void warmCallPath() throws InterruptedException {
        CallLine quiet = new CallLine() {
            @Override
            public void play(short[] pcm) {
            }

            @Override
            public void stopPlayback() {
            }

            @Override
            public long queuedMillis() {
                return 0;
            }

            @Override
            public void transfer() {
            }

            @Override
            public void hangUp() {
            }
        };
        CallFlow f = new CallFlow(parts(new Recording(), silentRecognizer()), CallFlow.Settings.defaults("c1"),
                java.util.UUID.randomUUID(), "sip", OWNER_PHONE, quiet);
        f.start();
        f.onDigit('2');
        long until = System.currentTimeMillis() + 60_000;
        while (f.spoken().size() < 2 && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        f.onHangUp();
    }

    public static CallFlow.Parts parts(SpeechSynthesizer tts, SpeechRecognizer asr) {
        return parts(tts, asr, null);
    }

    /** With online payment: a caller who owes can have the payment link texted. */
    public static CallFlow.Parts parts(SpeechSynthesizer tts, SpeechRecognizer asr, dev.guanjia.voice.pay.PaymentLinks payLinks) {
        return new CallFlow.Parts(desk, new Residents(db, personalData), new CommunityDirectory(db), new CallRecords(db, personalData), tts, asr,
                TIMERS, Executors.newVirtualThreadPerTaskExecutor(), Clock.systemUTC(), new Availability(db), payLinks);
    }

    /** A recognizer that hears nothing: the call flow then offers speech, and tests feed it transcripts. */
    public static SpeechRecognizer silentRecognizer() {
        return grammar -> new SpeechRecognizer.Utterance() {
            @Override
            public void accept(short[] frame8k) {
            }

            @Override
            public SpeechRecognizer.Heard finish() {
                return new SpeechRecognizer.Heard("", 0);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A synthesizer that keeps the text and gives a short tone, so flows run quickly. */
    public static class Recording implements SpeechSynthesizer {
        public final java.util.List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public short[] speak(String text) {
            texts.add(text);
            short[] s = new short[800]; // 100 ms
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) (3000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            }
            return s;
        }
    }
}
