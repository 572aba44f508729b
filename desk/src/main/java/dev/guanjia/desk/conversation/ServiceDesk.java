package dev.guanjia.desk.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.bot.agent.ResidentAgent;
import dev.guanjia.bot.intent.IntentClassifier;
import dev.guanjia.bot.policy.Language;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnContext;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.logging.LogContext;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.desk.handoff.Callbacks;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One turn of a conversation, whatever the channel: the resident is resolved from the identity the
 * channel verified, the message is stored before anything else happens, the agent runs with the
 * tools, and the reply and actions are stored after. A failure still gives the resident an answer.
 */
public final class ServiceDesk {

    private static final Logger LOG = Logger.getLogger(ServiceDesk.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResidentAgent agent;
    private final ConversationLog log;
    private final Residents residents;
    private final CommunityDirectory communities;
    private final IntentClassifier intents;
    private final Callbacks callbacks;
    private final PersonalData personalData;
    private static final Pattern SCORE = Pattern.compile("([1-5])\\s*(分|星)?[。!！.]?");
    private static final Pattern CALLBACK = Pattern.compile("回电|回个电话|打电话给我|给我打电话");
    private volatile KnowledgeGaps gaps = KnowledgeGaps.NONE;
    private volatile java.util.function.LongFunction<String> feedbackLinks;

    /**
     * @param agent   the bot, with its tools and memory
     * @param log     where every message and answer is stored
     * @param intents labels each conversation's topic for the supervisor's report; null: not labelled
     */
    public ServiceDesk(ResidentAgent agent, ConversationLog log, Residents residents, CommunityDirectory communities,
                       Callbacks callbacks, IntentClassifier intents, PersonalData personalData) {
        this.agent = agent;
        this.log = log;
        this.residents = residents;
        this.communities = communities;
        this.callbacks = callbacks;
        this.intents = intents;
        this.personalData = personalData;
    }

    /** Tells {@code gaps} of every question the bot could not answer (see {@link KnowledgeGaps}). */
    public ServiceDesk withKnowledgeGaps(KnowledgeGaps gaps) {
        this.gaps = gaps;
        return this;
    }

    /**
     * On a channel that pushes text (WeChat), a knowledge answer ends with a short link to rate it
     * on the web; {@code links} gives the link for the resident's message the answer replies to.
     */
    public ServiceDesk withFeedbackLinks(java.util.function.LongFunction<String> links) {
        this.feedbackLinks = links;
        return this;
    }

    /** Starts a conversation for this identity in a community; returns its id. */
    public String open(String communityId, Identity identity) {
        Resident r = resolve(communityId, identity);
        boolean phone = "phone".equals(identity.kind()) && identity.value() != null;
        return log.open(communityId, identity.channel(), channelUser(identity), r == null ? null : r.id(),
                phone ? identity.value() : null).toString();
    }

    public TurnResult turn(String communityId, String conversationId, Identity identity, String text) {
        return turnStored(communityId, conversationId, identity, text).result();
    }

    /** {@link #turn}, with the id its answer was stored under. */
    public Answered turnStored(String communityId, String conversationId, Identity identity, String text) {
        long start = System.nanoTime();
        ConversationLog.Received in = receive(conversationId, text, null);
        Answered a = answerStored(communityId, conversationId, identity, text, in.messageId(), java.time.Instant.now());
        TurnResult r = a.result();
        return new Answered(new TurnResult(r.conversationId(), r.reply(), r.citations(), r.actions(), r.handoff(),
                (System.nanoTime() - start) / 1000), a.answerId());
    }

    /**
     * Answers {@code text} as an anonymous visitor's first message on the web would be answered, then
     * discards the conversation with all the turn stored: a start-up rehearsal, so that the code of a
     * turn is compiled before residents' turns wait on it. Not metered; use it only with
     * messages that ask a question (a repair or a person asked for would act: an order, a hand-off).
     */
    public TurnResult rehearse(String communityId, String text) {
        Identity visitor = Identity.anonymous("web");
        String conversation = open(communityId, visitor);
        try {
            ConversationLog.Received in = receive(conversation, text, null);
            return answerStored(communityId, conversation, visitor, text, in.messageId(), java.time.Instant.now(), false)
                    .result();
        } finally {
            log.discard(UUID.fromString(conversation));
        }
    }

    /**
     * A turn's result and the id of the answer this turn stored: empty when it stored none (a silent
     * turn, or the message was answered first by another worker), so the caller reads what is stored.
     */
    public record Answered(TurnResult result, java.util.Optional<Long> answerId) {
    }

    /** How long a worker may take to answer a message before another one may answer it instead. */
    public static final java.time.Duration ANSWER_LEASE = java.time.Duration.ofSeconds(45);

    /**
     * Stores an inbound message before anything else happens, leased to this worker for answering.
     * With the channel's message id, a second delivery (WeChat retries, even after a restart) is
     * recognised: the stored message comes back, not fresh.
     */
    public ConversationLog.Received receive(String conversationId, String text, String channelMessageId) {
        return log.receive(UUID.fromString(conversationId), text, channelMessageId, lease);
    }

    /**
     * Stores a message its sender named ({@code channelMessageId}, a web page's {@code web:<id>}), or
     * finds it when the sender sends it again (a resend after a network failure, perhaps to another
     * node, perhaps before the sender learnt its conversation): see {@link ConversationLog#receiveOnce}.
     *
     * @param conversationId the conversation the sender names (already checked to be theirs), or null
     */
    public ConversationLog.Receipt receiveOnce(String communityId, String conversationId, Identity identity, String text,
                                               String channelMessageId) {
        ConversationLog.Opening opening = ConversationLog.Opening.NOBODY;
        if (conversationId == null) {
            Resident r = resolve(communityId, identity);
            boolean phone = "phone".equals(identity.kind()) && identity.value() != null;
            opening = new ConversationLog.Opening(r == null ? null : r.id(), phone ? identity.value() : null);
        }
        return log.receiveOnce(communityId, identity.channel(), channelUser(identity),
                conversationId == null ? null : UUID.fromString(conversationId), opening, text, channelMessageId, lease);
    }

    /** Where a stored message stands: awaiting (leased or not) or answered, with its answer. */
    public java.util.Optional<ConversationLog.Progress> progress(long inboundId) {
        return log.progress(inboundId);
    }

    /** The lease this desk takes on a message it answers (desk.answer_lease_seconds). */
    public java.time.Duration answerLease() {
        return lease;
    }

    /** Takes over answering a stored message whose worker is gone (its lease ended). */
    public boolean claim(long inboundId) {
        return log.claim(inboundId, lease);
    }

    private java.time.Duration lease = ANSWER_LEASE;

    /** A shorter lease lets a crashed node's messages be resumed sooner (tests, operators). */
    public ServiceDesk answerLease(java.time.Duration lease) {
        this.lease = lease;
        return this;
    }

    /** Messages on a channel that wait for an answer nobody is making (see {@link ConversationLog#unanswered}). */
    public List<ConversationLog.Unanswered> unanswered(String communityId, String channel, java.time.Duration within,
                                                       int limit) {
        return log.unanswered(communityId, channel, within, limit);
    }

    /** Stores a fixed answer (a welcome, a binding step) to a stored message, as any answer is stored. */
    public void reply(String conversationId, long inboundId, String text, java.time.Instant deliverAfter) {
        log.answer(UUID.fromString(conversationId), inboundId, "bot", text, null, pushes(conversationId), deliverAfter);
    }

    private boolean pushes(String conversationId) {
        return log.owner(UUID.fromString(conversationId)).map(o -> "wechat".equals(o.channel())).orElse(false);
    }

    /** The latest conversation of this identity in the community, or a new one. */
    public String conversationFor(String communityId, Identity identity) {
        return log.latest(communityId, identity.channel(), channelUser(identity)).map(UUID::toString).orElseGet(() -> {
            // opened under a lock: a message and its retry arriving at once must share one conversation
            Resident r = resolve(communityId, identity);
            boolean phone = "phone".equals(identity.kind()) && identity.value() != null;
            return log.latestOrOpen(communityId, identity.channel(), channelUser(identity), r == null ? null : r.id(),
                    phone ? identity.value() : null).toString();
        });
    }

    /**
     * Runs the agent on an already stored message and stores the reply and actions as that message's
     * answer (on WeChat also as a delivery due from {@code deliverAfter}).
     */
    public TurnResult answer(String communityId, String conversationId, Identity identity, String text,
                             long inboundId, java.time.Instant deliverAfter) {
        return answerStored(communityId, conversationId, identity, text, inboundId, deliverAfter).result();
    }

    /** {@link #answer}, with the id its answer was stored under (the caller need not read it back). */
    public Answered answerStored(String communityId, String conversationId, Identity identity, String text,
                                 long inboundId, java.time.Instant deliverAfter) {
        return answerStored(communityId, conversationId, identity, text, inboundId, deliverAfter, true);
    }

    private Answered answerStored(String communityId, String conversationId, Identity identity, String text,
                                  long inboundId, java.time.Instant deliverAfter, boolean metered) {
        Answering answering = new Answering(UUID.fromString(conversationId), inboundId,
                "wechat".equals(identity.channel()), deliverAfter);
        // every line logged during the turn names the conversation; the community is read once for it
        return gate.through(() -> LogContext.inConversation(conversationId, () -> communities.once(() -> {
            long start = System.nanoTime();
            Metered m = answerTurn(communityId, conversationId, identity, text, answering);
            long nanos = System.nanoTime() - start;
            if (m.counted() && metered) {
                meter.turn(identity.channel(), nanos, m.outcome());
            }
            LOG.fine(() -> "turn on " + identity.channel() + (m.counted() ? ": " + m.outcome().name().toLowerCase()
                    : ": a person has the conversation") + " in " + nanos / 1_000_000 + " ms");
            return new Answered(m.result(), java.util.Optional.ofNullable(answering.stored));
        })));
    }

    private volatile TurnGate gate = TurnGate.OPEN;

    /**
     * At most {@code turns} turns run at once, the others wait in arrival order: with a model that
     * only computes (the local one), more turns at once than cores only share the cores, so every
     * turn under load takes as long as the slowest; in order, each waits its place and then runs.
     * Not for a remote model, whose turns mostly wait on the network.
     */
    public ServiceDesk turnsAtOnce(int turns) {
        this.gate = new TurnGate(turns);
        return this;
    }

    /**
     * Runs a channel's handling of one message (its checks, the turn, the answer) with each community
     * read once: see {@link CommunityDirectory#once}.
     */
    public <T> T once(java.util.function.Supplier<T> work) {
        return communities.once(work);
    }

    /** A turn's result and how it counts: not at all while a person owns the conversation. */
    private record Metered(TurnResult result, boolean counted, TurnMeter.Outcome outcome) {
        static Metered of(TurnResult r) {
            return new Metered(r, true, TurnMeter.Outcome.ANSWERED);
        }
    }

    private volatile TurnMeter meter = TurnMeter.NONE;

    /** Where each answered turn is reported (the app's metrics); none by default. */
    public ServiceDesk meter(TurnMeter meter) {
        this.meter = meter;
        return this;
    }

    private Metered answerTurn(String communityId, String conversationId, Identity identity, String text,
                               Answering answering) {
        long start = System.nanoTime();
        UUID id = answering.conversation();
        long inboundId = answering.inboundId();
        Resident resident = resolve(communityId, identity);
        ConversationLog.TurnState turn = log.turnState(id);
        String state = turn.state();
        if ("human".equals(state)) {
            // a person owns the conversation: the message shows in their console, the bot keeps quiet
            store(answering, "", null);
            return new Metered(new TurnResult(conversationId, "", List.of(), List.of(), true,
                    (System.nanoTime() - start) / 1000), false, TurnMeter.Outcome.ANSWERED);
        }
        if ("queued".equals(state) && CALLBACK.matcher(text).find()
                && resident == null && !"phone".equals(identity.kind())) {
            // nobody to call: say what will happen instead of promising a call
            return Metered.of(quick(answering, start, "我们这里还没有您的电话号码，所以没法给您回电。客服接入后会直接在这里回复您，"
                    + "您也可以继续留言。着急的话请直接拨打物业服务电话" + communities.profile(communityId)
                    .map(c -> c.servicePhone()).filter(p -> p != null && !p.isBlank()).orElse("") + "。", List.of(), true));
        }
        if ("queued".equals(state) && CALLBACK.matcher(text).find()) {
            long task = callbacks.request(communityId, id, identity.channel(), resident == null ? null : resident.id(),
                    identity.value() == null ? "anonymous" : identity.value(), text);
            return Metered.of(quick(answering, start, "好的，已为您登记回电，客服会尽快联系您。您也可以继续留言，客服接入后都能看到。",
                    List.of(new Action("callback.requested", Map.of("task", task))), true));
        }
        if (turn.csatPending()) {
            Matcher score = SCORE.matcher(text.strip());
            if (score.matches()) {
                int n = Integer.parseInt(score.group(1));
                log.recordCsat(id, n);
                return Metered.of(quick(answering, start, n >= 4 ? "感谢您的评价（" + n + "分）！还有其他问题随时找我。"
                                : "感谢您的评价（" + n + "分），我们会改进服务。如需进一步处理，回复“转人工”即可。",
                        List.of(new Action("csat.recorded", Map.of("score", n))), false));
            }
            log.dropCsat(id);
        }
        if (intents != null && (turn.intent() == null || "greeting".equals(turn.intent()))) {
            try {
                log.recordIntent(id, intents.classify(text).intent());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "intent not recorded", e);
            }
        }
        TurnContext context = new TurnContext(communityId, conversationId, identity, resident).language(Language.of(text));
        String name = communities.profile(communityId).map(c -> c.name()).orElse("本小区");
        String reply = agent.reply(name, text, context, turn.misses());
        java.util.function.LongFunction<String> links = feedbackLinks;
        if (links != null && answering.push() && !context.citations().isEmpty() && !context.handoff()) {
            reply = reply + "\n这条回答有帮助吗？点此评价：" + links.apply(inboundId);
        }
        TurnResult result = new TurnResult(conversationId, reply, context.citations(), context.actions(),
                context.handoff(), (System.nanoTime() - start) / 1000);
        java.util.Optional<Long> answerId = store(answering, reply, payload(Map.of("actions", result.actions(),
                "citations", result.citations(), "misses", context.missed() ? turn.misses() + 1 : 0,
                "handoff", result.handoff())));
        recordGap(communityId, id, answerId.orElse(null), context, text, reply);
        // a hand-off counts once, on the turn that made it, not on the turns that wait in the queue
        TurnMeter.Outcome outcome = context.handoff() && !"queued".equals(state) ? TurnMeter.Outcome.HANDED_OFF
                : context.missed() ? TurnMeter.Outcome.ABSTAINED : TurnMeter.Outcome.ANSWERED;
        return new Metered(result, true, outcome);
    }

    /**
     * How a conversation records who is talking: a phone number only as its keyed hash (it is
     * personal data), openids and resident codes as they are.
     */
    private String channelUser(Identity identity) {
        if (identity.value() == null) {
            return "anonymous";
        }
        return "phone".equals(identity.kind())
                ? "tel:" + personalData.lookup("phone", identity.value())
                : identity.value();
    }

    /** A reply the desk gives itself, without the agent (scores, callback requests); stored like any other. */
    private TurnResult quick(Answering answering, long start, String reply, List<Action> actions, boolean handoff) {
        // the hand-off is kept with the answer: a resend of the message is answered from what was stored
        store(answering, reply, payload(Map.of("actions", actions, "handoff", handoff)));
        return new TurnResult(answering.conversation().toString(), reply, List.of(), actions, handoff,
                (System.nanoTime() - start) / 1000);
    }

    private static String payload(Map<String, ?> extras) {
        try {
            return JSON.writeValueAsString(extras);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "reply extras not stored", e);
            return null;
        }
    }

    /** Where this turn's answer goes: the inbound message it answers, and whether the channel pushes it. */
    private static final class Answering {
        private final UUID conversation;
        private final long inboundId;
        private final boolean push;
        private final java.time.Instant deliverAfter;
        /** The stored answer's id, once {@link #store} stored one. */
        private Long stored;

        Answering(UUID conversation, long inboundId, boolean push, java.time.Instant deliverAfter) {
            this.conversation = conversation;
            this.inboundId = inboundId;
            this.push = push;
            this.deliverAfter = deliverAfter;
        }

        UUID conversation() {
            return conversation;
        }

        long inboundId() {
            return inboundId;
        }

        boolean push() {
            return push;
        }

        java.time.Instant deliverAfter() {
            return deliverAfter;
        }
    }

    /**
     * An abstention, or the hand-off after a second one, is a question the knowledge base lacks; a
     * failure to record it is logged and the resident still gets the answer.
     */
    private void recordGap(String communityId, UUID conversation, Long answerId, TurnContext context, String text,
                           String reply) {
        KnowledgeGaps.Kind kind = context.missed() ? KnowledgeGaps.Kind.ABSTAINED
                : context.actions().stream().anyMatch(a -> "handoff.requested".equals(a.type())
                && dev.guanjia.bot.policy.DialoguePolicy.TWO_MISSES.equals(a.details().get("reason")))
                ? KnowledgeGaps.Kind.HANDOFF : null;
        if (kind == null) {
            return;
        }
        try {
            gaps.record(communityId, conversation, answerId, kind, text, reply);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unanswered question not recorded", e);
        }
    }

    private java.util.Optional<Long> store(Answering a, String reply, String payload) {
        // the answer is stored before anything sends it; a failure here must not lose the turn silently
        java.util.Optional<Long> id = log.answer(a.conversation(), a.inboundId(), "bot", reply, payload, a.push(),
                a.deliverAfter());
        a.stored = id.orElse(null);
        return id;
    }

    private Resident resolve(String communityId, Identity identity) {
        if (identity.value() == null || "anonymous".equals(identity.kind())) {
            return null;
        }
        return residents.identify(communityId, identity.kind(), identity.value()).orElse(null);
    }
}
