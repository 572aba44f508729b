package dev.guanjia.bot.turn;

import dev.guanjia.community.resident.Resident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the tools may know about the current turn, set by the server before the model runs:
 * the community, the verified resident (if any), the channel. Tools also record here what they did.
 */
public final class TurnContext {

    public static final String KEY = "turn";

    private final String communityId;
    private final String conversationId;
    private final Identity identity;
    private final Resident resident;
    private final List<Action> actions = new ArrayList<>();
    private final List<TurnResult.Citation> citations = new ArrayList<>();
    private boolean handoff;
    private boolean missed;
    private boolean billsShown;
    private String emergencyOrder;
    private String emergencyDanger;
    private String orderJustMade;
    private java.util.List<String> ordersListed = java.util.List.of();
    private String visitAsked;
    private String previousMessage;
    private String message;
    private List<String> previousArticles = List.of();
    private final List<String> given = new ArrayList<>();
    private String identityAsked;
    private dev.guanjia.bot.policy.Language language = dev.guanjia.bot.policy.Language.ZH;

    public TurnContext(String communityId, String conversationId, Identity identity, Resident resident) {
        this.communityId = communityId;
        this.conversationId = conversationId;
        this.identity = identity;
        this.resident = resident;
    }

    public String communityId() {
        return communityId;
    }

    public String conversationId() {
        return conversationId;
    }

    public Identity identity() {
        return identity;
    }

    /** Whether the desk's previous reply in this conversation showed the resident's bills. */
    public boolean billsShown() {
        return billsShown;
    }

    public TurnContext billsShown(boolean shown) {
        this.billsShown = shown;
        return this;
    }

    /** The emergency order the desk registered in its previous reply in this conversation, if any. */
    public Optional<String> emergencyOrder() {
        return Optional.ofNullable(emergencyOrder);
    }

    public TurnContext emergencyOrder(String code) {
        this.emergencyOrder = code;
        return this;
    }

    /** A fault in the home told beside another need, whose visit time this reply asks. */
    public Optional<String> visitAsked() {
        return Optional.ofNullable(visitAsked);
    }

    public TurnContext visitAsked(String fault) {
        this.visitAsked = fault;
        return this;
    }

    /** The orders the reply before listed for the resident to choose from ("您问的是哪一张？"), in its order. */
    public java.util.List<String> ordersListed() {
        return ordersListed;
    }

    public TurnContext ordersListed(java.util.List<String> codes) {
        this.ordersListed = java.util.List.copyOf(codes);
        return this;
    }

    /**
     * The order the desk registered in one of its last two replies in this conversation, if any: "师傅到哪了",
     * "不用来了", "阳台灯也一起看看" said next are about it.
     */
    public Optional<String> orderJustMade() {
        return Optional.ofNullable(orderJustMade);
    }

    public TurnContext orderJustMade(String code) {
        this.orderJustMade = code;
        return this;
    }

    /** The resident's message this turn, whole (a tool may be handed only a piece of it). */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    public TurnContext message(String text) {
        this.message = text == null || text.isBlank() ? null : text;
        return this;
    }

    /**
     * What the resident said just before this message in the conversation, if anything: a short follow-up
     * ("用交钱吗", "停到几点") asks about the matter it raised.
     */
    public Optional<String> previousMessage() {
        return Optional.ofNullable(previousMessage);
    }

    public TurnContext previousMessage(String text) {
        this.previousMessage = text == null || text.isBlank() ? null : text;
        return this;
    }

    /**
     * The articles the reply to the resident's previous message gave (cited, or a notice listed): a short
     * follow-up ("那我家9楼也停吗", "do I need to pay for it?") asks about what they said.
     */
    public List<String> previousArticles() {
        return previousArticles;
    }

    public TurnContext previousArticles(List<String> docIds) {
        this.previousArticles = docIds == null ? List.of() : List.copyOf(docIds);
        return this;
    }

    /** An article whose text this reply gives without a citation: a notice listed is its source article's. */
    public void gave(String docId) {
        if (docId != null && !docId.isBlank() && !given.contains(docId)) {
            given.add(docId);
        }
    }

    /** The articles this reply gives: those cited, then the notices' own. */
    public List<String> articlesGiven() {
        List<String> out = new ArrayList<>();
        citations.forEach(c -> out.add(c.docId()));
        given.stream().filter(d -> !out.contains(d)).forEach(out::add);
        return out;
    }

    /**
     * What the desk's previous reply asked the visitor to sign in for (bills, work_orders, payment), if it did:
     * "我是8号楼1501的，我姓李" or "你直接告诉我不就完了" next is no new matter.
     */
    public Optional<String> identityAsked() {
        return Optional.ofNullable(identityAsked);
    }

    public TurnContext identityAsked(String what) {
        this.identityAsked = what;
        return this;
    }

    /** The danger that emergency was about (gas, water…), or empty when none was named. */
    public String emergencyDanger() {
        return emergencyDanger == null ? "" : emergencyDanger;
    }

    public TurnContext emergencyDanger(String danger) {
        this.emergencyDanger = danger;
        return this;
    }

    public Optional<Resident> resident() {
        return Optional.ofNullable(resident);
    }

    public void record(String type, Map<String, Object> details) {
        actions.add(new Action(type, new LinkedHashMap<>(details)));
    }

    public void cite(String docId, String title) {
        if (citations.stream().noneMatch(c -> c.docId().equals(docId))) {
            citations.add(new TurnResult.Citation(docId, title));
        }
    }

    public void handOff() {
        handoff = true;
    }

    public boolean handoff() {
        return handoff;
    }

    /** The knowledge search found nothing to answer with in this turn. */
    public void miss() {
        missed = true;
    }

    /** True when the turn searched, found nothing, and did nothing else. */
    public boolean missed() {
        return missed && citations.isEmpty() && actions.isEmpty();
    }

    public dev.guanjia.bot.policy.Language language() {
        return language;
    }

    public TurnContext language(dev.guanjia.bot.policy.Language l) {
        this.language = l;
        return this;
    }

    public List<Action> actions() {
        return actions;
    }

    public List<TurnResult.Citation> citations() {
        return citations;
    }
}
