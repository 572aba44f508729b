package dev.guanjia.voice.call;

import dev.guanjia.bot.agent.ServiceDesk;
import dev.guanjia.bot.conversation.ConversationLog;
import dev.guanjia.bot.handoff.Availability;
import dev.guanjia.bot.handoff.Callbacks;
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
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.guanjia.voice.speech.SpeechRecognizer;
import dev.guanjia.voice.speech.SpeechSynthesizer;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A small community for the phone line: an owner born in 1950 with a phone on record and an
 * unpaid bill of 600.00, a younger neighbour, one agent (offline), the offline agent model.
 */
public final class VoiceEstate {

    public static final String OWNER_PHONE = "13700000001";
    public static final String NEIGHBOUR_PHONE = "13700000002";

    public static DataSource db;
    public static ServiceDesk desk;
    public static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2);

    private VoiceEstate() {
    }

    public static synchronized void build() throws Exception {
        if (db != null) {
            return;
        }
        db = TestDatabase.fresh("community", "knowledge", "ticketing", "bot", "voice");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO communities VALUES ('c1', '测试苑', '市', '路', '0512-1234 5678', '0512-1234 9999', "
                    + "'每天 8:00-18:00', now())");
            s.execute("INSERT INTO buildings (community_id, code, name, units, floors, elevators) "
                    + "VALUES ('c1', '1', '1幢', '{1}', 10, 1)");
            s.execute("""
                    INSERT INTO houses (community_id, code, building_id, unit, room, area_m2, house_type)
                    SELECT 'c1', v.code, b.id, '1', v.room, v.area, 'residential' FROM buildings b,
                    (VALUES ('1-1-101', '101', 100.00), ('1-1-102', '102', 80.00)) v(code, room, area)""");
            s.execute("INSERT INTO residents (community_id, code, name, birth_year) VALUES "
                    + "('c1', 'r1', '业主甲', 1950), ('c1', 'r2', '邻居乙', 1985)");
            s.execute("""
                    INSERT INTO resident_houses (resident_id, house_id, role)
                    SELECT r.id, h.id, 'owner' FROM residents r JOIN houses h
                    ON (r.code = 'r1' AND h.code = '1-1-101') OR (r.code = 'r2' AND h.code = '1-1-102')""");
            s.execute("INSERT INTO resident_identities (community_id, resident_id, kind, value, source) "
                    + "SELECT 'c1', id, 'phone', CASE code WHEN 'r1' THEN '" + OWNER_PHONE + "' ELSE '"
                    + NEIGHBOUR_PHONE + "' END, 'pack' FROM residents");
            Resealing.community(c, PersonalData.current());
            s.execute("INSERT INTO staff (community_id, code, name, role) VALUES ('c1', 'a1', '客服小李', 'agent')");
            s.execute("INSERT INTO fee_items (community_id, code, name, unit_price, unit, basis, cycle) VALUES "
                    + "('c1', 'property', '物业服务费', 2.00, '元/平方米/月', 'area', 'quarterly')");
            s.execute("""
                    INSERT INTO bills (community_id, code, house_id, fee_item_id, period, amount, due, status)
                    SELECT 'c1', 'b1', h.id, f.id, '2026-Q4', 600.00, DATE '2026-12-31', 'unpaid'
                    FROM houses h JOIN fee_items f ON f.code = 'property' WHERE h.code = '1-1-101'""");
        }
        KnowledgeBase kb = new KnowledgeBase(new KbDocumentStore(db), Files.createTempDirectory("voice-kb"),
                BgeSmallZhEmbedder.shared(), Aliases.bundled()).open();
        ServiceDeskTools tools = new ServiceDeskTools(kb, new Bills(db), new WorkOrders(db, Clock.systemUTC()),
                new CommunityDirectory(db), new ConversationLog(db), new Availability(db), new Callbacks(db));
        IntentClassifier intents = IntentClassifier.bundled(BgeSmallZhEmbedder.shared());
        desk = new ServiceDesk(new LocalChatModel(intents), tools, db, intents);
    }

    public static CallFlow.Parts parts(SpeechSynthesizer tts, SpeechRecognizer asr) {
        return new CallFlow.Parts(desk, new Residents(db), new CommunityDirectory(db), new CallRecords(db), tts, asr,
                TIMERS, Executors.newVirtualThreadPerTaskExecutor(), Clock.systemUTC(), new Availability(db));
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
