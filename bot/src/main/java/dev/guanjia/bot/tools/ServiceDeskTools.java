package dev.guanjia.bot.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.bot.handoff.HandoffSummary;
import dev.guanjia.bot.handoff.HumanDesk;
import dev.guanjia.bot.turn.TurnContext;
import dev.guanjia.community.billing.Bill;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunityProfile;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.session.Caller;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.search.Hit;
import dev.guanjia.knowledge.search.KnowledgeSearch;
import dev.guanjia.knowledge.search.Passage;
import dev.guanjia.knowledge.search.SearchResult;
import dev.guanjia.payments.offer.Offer;
import dev.guanjia.payments.offer.PaymentOffers;
import dev.guanjia.ticketing.workorder.Priority;
import dev.guanjia.ticketing.workorder.Status;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.invocation.InvocationParameters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The only door from the agent to residents' data. Every tool reads the caller from the turn
 * context the server set (never from its arguments), works only on that caller's own houses and
 * orders, records what it did, and returns data (JSON) — never prose for the resident.
 */
public final class ServiceDeskTools {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many passages of the top article an answer quotes: enough for the figure, short to read. */
    private static final int MAX_PASSAGES = 4;

    private final KnowledgeBase knowledge;
    private final Bills bills;
    private final WorkOrders orders;
    private final CommunityDirectory communities;
    private final HumanDesk desk;
    private final java.time.Clock clock;
    /** Null when payments are not configured: then residents are told where to pay, as before. */
    private final PaymentOffers payments;
    /** Where residents open a payment link ("https://wy.example.com"), for the official account and SMS. */
    private final String publicBase;

    public ServiceDeskTools(KnowledgeBase knowledge, Bills bills, WorkOrders orders, CommunityDirectory communities,
                            HumanDesk desk) {
        this(knowledge, bills, orders, communities, desk, java.time.Clock.systemUTC());
    }

    public ServiceDeskTools(KnowledgeBase knowledge, Bills bills, WorkOrders orders, CommunityDirectory communities,
                            HumanDesk desk, java.time.Clock clock) {
        this(knowledge, bills, orders, communities, desk, clock, null, "");
    }

    /**
     * @param payments   offers payments for residents' bills; null when payment is off
     * @param publicBase the service's public address the payment links start with (empty: relative links)
     */
    public ServiceDeskTools(KnowledgeBase knowledge, Bills bills, WorkOrders orders, CommunityDirectory communities,
                            HumanDesk desk, java.time.Clock clock, PaymentOffers payments, String publicBase) {
        this.payments = payments;
        this.publicBase = publicBase == null ? "" : publicBase.replaceAll("/+$", "");
        this.clock = clock;
        this.desk = desk;
        this.knowledge = knowledge;
        this.bills = bills;
        this.orders = orders;
        this.communities = communities;
    }

    /** Booking in the conversation; null when the bookings module is not wired (then no turn is about it). */
    private volatile dev.guanjia.bot.booking.BookingDesk bookingDesk;

    /** Lets residents book, cancel and list bookings in the conversation. */
    public ServiceDeskTools withBookings(dev.guanjia.bot.booking.BookingDesk desk) {
        this.bookingDesk = desk.payingWith(this::offerCharge);
        return this;
    }

    /** The reply when a turn is about bookings (done through the booking desk); empty otherwise. */
    public Optional<String> bookingTurn(String text, TurnContext turn) {
        dev.guanjia.bot.booking.BookingDesk d = bookingDesk;
        return d == null ? Optional.empty() : d.turn(text, turn);
    }

    @Tool("Search the community's knowledge base (fees, procedures, rules, contacts, emergencies). "
            + "Returns the best passages with their document ids and titles, or abstained=true.")
    public String searchKnowledge(@P("the resident's question, in their words") String question,
                                  InvocationParameters params) {
        return search(question, params.get(TurnContext.KEY), true);
    }

    /**
     * The knowledge base's answer to a question asked beside something the desk did (a repair, a
     * payment, a hand-off): as {@link #searchKnowledge}, but finding nothing is no missed question.
     */
    public String knowledgeBeside(String question, InvocationParameters params) {
        return search(question, params.get(TurnContext.KEY), false);
    }

    /**
     * What the articles say to a question about one of these notices (their source articles); abstained, and
     * nothing cited, when the best article is none of them.
     */
    public String noticePassages(String question, java.util.Collection<String> docs, InvocationParameters params) {
        // the notices were given already: their article is not recorded as given a second time
        return search(question, params.get(TurnContext.KEY), false, docs::contains, true);
    }

    /**
     * The knowledge base's answer to a question, found but not yet given: nothing cited, no miss counted; {@link #cite}
     * gives it when the reply quotes it.
     */
    public String knowledgeAside(String question, InvocationParameters params) {
        return search(question, params.get(TurnContext.KEY), false, null, false);
    }

    /** An answer found aside ({@link #knowledgeAside}) now quoted: cited, and a notice's text recorded as given. */
    public void cite(TurnContext t, JsonNode found) {
        String docId = found.path("docId").asText("");
        if (!docId.isBlank()) {
            given(t, docId, found.path("title").asText(""), found.path("category").asText(""), null);
        }
    }

    /**
     * An article given in the reply: cited, and a notice's text recorded as given (not when the notices themselves
     * were just listed: {@code among} their articles).
     */
    private void given(TurnContext t, String docId, String title, String category,
                       java.util.function.Predicate<String> among) {
        t.cite(docId, title);
        if ("notices".equals(category) && among == null) {
            noticeQuoted(t, docId); // only a notice article can be a notice's text
        }
    }

    private String search(String question, TurnContext t, boolean missCounts) {
        return search(question, t, missCounts, null, true);
    }

    /**
     * {@code among}: only these articles may answer (null: any), and a notice among them is not recorded again;
     * {@code cite}: the answer is given (cited, a notice recorded), false only looks.
     */
    private String search(String question, TurnContext t, boolean missCounts, java.util.function.Predicate<String> among,
                          boolean cite) {
        SearchResult r = knowledge.search(t.communityId(), question, 3);
        // what the repair just registered costs ("上门看要钱不", "这个修要俺掏钱不", "放气要钱吗"): asked of the repair
        // rules and prices, not of whatever else in the articles is paid or visited
        if (among == null && t.orderJustMade().isPresent() && FollowUp.leansOnWhatCameBefore(question)
                && COST_OF_IT.matcher(question).find()) {
            String subject = question.codePoints().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN)
                    ? "维修 " : "repair ";
            SearchResult repair = knowledge.search(t.communityId(), subject + question, 3);
            if (!repair.abstained()) {
                r = repair;
            }
        }
        // a follow-up that names nothing at all ("收钱不", "那要带啥", "几点开始弄") has no subject of its own, so what it
        // finds alone is chance (the payment article for "收钱不" after a free check's notice): it asks about the
        // article just given — of several, the one it leans to most alone
        // (only when the whole message is such a follow-up and nothing else was done this turn: "卫生间漏水了。收费吗？"
        // hands this search its second sentence alone, which is about the leak, not the article before)
        if (among == null && !t.previousArticles().isEmpty() && FollowUp.namesNothing(question)
                && t.message().map(FollowUp::namesNothing).orElse(false) && t.actions().isEmpty()
                && !(t.orderJustMade().isPresent() && COST_OF_IT.matcher(question).find())) {
            List<String> before = t.previousArticles();
            String d = before.size() == 1 ? before.get(0) : knowledge.explain(t.communityId(), question).ranked().stream()
                    .map(x -> x.candidate().docId()).filter(before::contains).findFirst().orElse(before.get(0));
            Optional<KnowledgeSearch.Quoted> quoted = knowledge.quoteIn(t.communityId(), d, question);
            if (quoted.isPresent() && !quoted.get().passages().isEmpty()) {
                return answered(t, quoted.get().hit(), quoted.get().passages(), r.confidence(), null, cite);
            }
        }
        // a short follow-up about the article just given ("那我家9楼也停吗" after the water notice, "用交钱吗" after
        // the repair article) that finds nothing alone: that article's passages for the follow-up's own words,
        // when the follow-up alone still finds it among its best three, or five when it points back ("…too?",
        // "也…吗"), and shares a word with it — "快递柜在哪" after a notice names nothing the notice says, and "那游泳池呢，
        // 也要办卡吗" after the card's article names a thing no article knows: a subject of its own
        var explained = r.abstained() && among == null && !t.previousArticles().isEmpty()
                && FollowUp.leansOnWhatCameBefore(question) ? knowledge.explain(t.communityId(), question) : null;
        if (explained != null) {
            var alone = explained.ranked();
            int reach = FollowUp.pointsBack(question) ? 5 : 3;
            // half its words in the article at least: "那我家冰箱坏了谁赔" after a power notice is about more than it says;
            // or, naming nothing of its own ("要停好久嘛", "要钱不"), about the one article given
            boolean bare = t.previousArticles().size() == 1 && FollowUp.namesNothingBut(question,
                    knowledge.document(t.communityId(), t.previousArticles().get(0)).map(KbDocument::title).orElse(null));
            Optional<KnowledgeSearch.Quoted> quoted = t.previousArticles().stream()
                    .filter(d -> alone.stream().limit(reach).anyMatch(x -> x.candidate().docId().equals(d)
                            && (bare || explained.unknown() == 0 && x.candidate().coverage() >= FOLLOW_UP_COVERAGE)))
                    .findFirst().flatMap(d -> knowledge.quoteIn(t.communityId(), d, question));
            if (quoted.isPresent()) {
                return answered(t, quoted.get().hit(), quoted.get().passages(), r.confidence(), among, cite);
            }
        }
        // a short follow-up ("用交钱吗", "停到几点", "这个修要我掏钱不") that nothing answers alone asks about the
        // matter the resident raised just before: read with it
        // — and so a longer one that finds nothing sure alone ("俺都七十八了 手机整不明白 能上家来收不" after one's bills), only
        // when what it finds alone already puts that article first (its own words lean to it; the message before only
        // makes it sure)
        boolean leans = FollowUp.leansOnWhatCameBefore(question);
        if (r.abstained() && among == null && t.previousMessage().isPresent()) {
            SearchResult read = knowledge.search(t.communityId(), t.previousMessage().get() + "\n" + question, 3);
            // and only when the article found leans toward the follow-up's own words as well ("快递柜在哪" after a
            // lost card is its own question: the card's article is not among what it finds alone)
            String found = read.abstained() ? null : read.hits().get(0).docId();
            // — or when it names nothing of its own ("用交钱吗" after booking the meeting room: the room is what it asks about;
            // "卡呢" after an invoice names a card, unless the article found is the card's)
            if (found != null && (leans && FollowUp.namesNothingBut(question, read.hits().get(0).title())
                    || r.hits().stream().limit(leans ? 3 : 1).anyMatch(h -> h.docId().equals(found)))) {
                r = read;
            }
        }
        boolean abstained = r.abstained() || among != null && !among.test(r.hits().get(0).docId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("abstained", abstained);
        out.put("confidence", r.confidence());
        if (abstained && missCounts) {
            t.miss();
        }
        if (abstained) {
            return withServiceContacts(t, out);
        }
        return answered(t, r.hits().get(0), r.passages(), r.confidence(), among, cite);
    }

    /** A cost asked about ("要钱吗", "收费不", "使唔使钱", "is it free?"). */
    private static final java.util.regex.Pattern COST_OF_IT = java.util.regex.Pattern.compile(
            "要钱|收钱|收费|掏钱|花钱|免费|付钱|出钱|给钱|使唔使钱|使钱|多少钱|几多钱|几钱|贵不贵|费用|"
                    + "(?i)\\b(cost|charge|charged|free|pay for|fee)\\b");
    /** The share of a follow-up's words the article just given must hold for the follow-up to be read as about it. */
    private static final double FOLLOW_UP_COVERAGE = 0.5;

    /** The answer from one article: cited, its passages quoted, a notice's text recorded as given. */
    private String answered(TurnContext t, Hit top, List<Passage> found, double confidence,
                            java.util.function.Predicate<String> among, boolean cite) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("abstained", false);
        out.put("confidence", confidence);
        if (cite) {
            given(t, top.docId(), top.title(), top.category(), among);
        }
        out.put("docId", top.docId());
        out.put("title", top.title());
        out.put("category", top.category());
        List<String> passages = new ArrayList<>();
        for (Passage p : found) {
            if (p.docId().equals(top.docId()) && passages.size() < MAX_PASSAGES) {
                passages.add(p.text());
            }
        }
        out.put("passages", passages);
        return withServiceContacts(t, out);
    }

    @Tool("List the caller's own bills: outstanding ones per house with totals, and the latest paid "
            + "period of each fee item. Only the caller's houses; a house number is only a filter.")
    public String listMyBills(@P("a house number the resident mentioned, or empty") String house,
                              InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "bills");
        }
        List<Resident.Household> houses = me.get().houses();
        String wanted = normalizeHouse(house);
        if (wanted != null) {
            List<Resident.Household> match = houses.stream().filter(h -> h.houseCode().equals(wanted)).toList();
            if (match.isEmpty()) {
                return json(Map.of("status", "not_yours", "house", wanted));
            }
            houses = match;
        } else {
            houses = ofTheKindNamed(houses, house);
        }
        List<Bill> all = bills.ofHouses(houses.stream().map(Resident.Household::houseId).toList());
        // overdue as of the service's day in the community, not as the records were when written
        java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(communities.zone(t.communityId())));
        List<Map<String, Object>> perHouse = new ArrayList<>();
        BigDecimal grand = BigDecimal.ZERO;
        for (Resident.Household h : houses) {
            List<Map<String, Object>> outstanding = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            Map<String, Bill> latestPaid = new LinkedHashMap<>();
            for (Bill b : all) {
                if (!b.houseCode().equals(h.houseCode())) {
                    continue;
                }
                if (b.outstanding()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("item", b.itemName());
                    m.put("period", b.period());
                    m.put("amount", b.amount().toPlainString());
                    m.put("due", b.due().toString());
                    m.put("status", b.overdueOn(today) ? "overdue" : "unpaid");
                    m.put("calculation", calculation(b));
                    outstanding.add(m);
                    total = total.add(b.amount());
                } else {
                    latestPaid.merge(b.itemName(), b, (a, c) -> a.due().isAfter(c.due()) ? a : c);
                }
            }
            grand = grand.add(total);
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("house", h.houseCode());
            hm.put("outstanding", outstanding);
            hm.put("total", total.toPlainString());
            hm.put("latestPaid", latestPaid.values().stream().map(b -> Map.of("item", b.itemName(),
                    "period", b.period(), "amount", b.amount().toPlainString())).toList());
            perHouse.add(hm);
        }
        t.record("bill.listed", Map.of("houses", houses.stream().map(Resident.Household::houseCode).toList(),
                "total", grand.toPlainString()));
        // with payment on, the resident can pay right here rather than go somewhere else
        return json(Map.of("status", "ok", "houses", perHouse, "total", grand.toPlainString(), "payOnline", payments != null));
    }

    /** Null until the application hands the notices over: then questions about outages are answered from them. */
    private volatile dev.guanjia.notices.notice.Notices notices;
    private volatile dev.guanjia.notices.receipt.NoticeReach noticeReach;

    /** Answers questions about outages, maintenance and activities from the community's current notices. */
    public ServiceDeskTools withNotices(dev.guanjia.notices.notice.Notices notices,
                                        dev.guanjia.notices.receipt.NoticeReach reach) {
        this.notices = notices;
        this.noticeReach = reach;
        return this;
    }

    /**
     * Whether the article is the text of a notice on the board (current or past, for any building): its dates and
     * buildings, not the article alone, say whom it concerns.
     */
    public boolean onTheBoard(String docId, InvocationParameters params) {
        dev.guanjia.notices.notice.Notices board = notices;
        return board != null && docId != null && board.list(params.<TurnContext>get(TurnContext.KEY).communityId()).stream()
                .anyMatch(n -> docId.equals(n.sourceDoc()));
    }

    /**
     * Whether a notice from this article stands today for other buildings only, not the caller's, and its text
     * names the caller's building: it is then what tells them their building is not concerned ("B1栋洋房…不受影响").
     */
    public boolean onTheBoardElsewhere(String docId, InvocationParameters params) {
        dev.guanjia.notices.notice.Notices board = notices;
        if (board == null || docId == null) {
            return false;
        }
        TurnContext t = params.get(TurnContext.KEY);
        java.time.LocalDate today = board.today(t.communityId());
        List<String> mine = buildingsOf(t);
        // only when its text names the caller's building (as spared): another building's outage is none of theirs
        return t.resident().isPresent() && board.list(t.communityId()).stream().anyMatch(n -> docId.equals(n.sourceDoc())
                && n.currentOn(today) && !n.communityWide() && n.buildings().stream().noneMatch(mine::contains)
                && t.resident().get().houses().stream().anyMatch(h -> dev.guanjia.notices.pack.NoticeDays.namesBuilding(
                        n.body(), h.building(), h.buildingName())));
    }

    /**
     * An answer quoted from a current notice of the caller's buildings gives that notice, whichever way
     * the question found it ("电梯系唔系要停嚟换嘢" finds the lift notice by search, not by the word 通知).
     */
    private void noticeQuoted(TurnContext t, String docId) {
        dev.guanjia.notices.notice.Notices board = notices;
        if (board == null || docId == null) {
            return;
        }
        List<String> buildings = buildingsOf(t);
        List<dev.guanjia.notices.notice.Notice> quoted = board.current(t.communityId(), buildings).stream()
                .filter(n -> docId.equals(n.sourceDoc())).toList();
        if (!quoted.isEmpty()) {
            currentNoticesOf(t, board, quoted);
        }
    }

    private static final java.util.regex.Pattern BUILDING_NAMED = java.util.regex.Pattern.compile(
            "([A-Za-z]?\\d{1,3}[A-Za-z]?)\\s*(栋|幢|号楼|座)|(?i)\\b(?:building|block|tower) ([A-Za-z]?\\d{1,3}[A-Za-z]?)\\b");

    /** The buildings a message names ("A2栋", "3号楼", "building A2"), as the pack writes them; null when none. */
    static List<String> buildingsNamed(String text) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = BUILDING_NAMED.matcher(text);
        while (m.find()) {
            out.add((m.group(1) != null ? m.group(1) : m.group(3)).toUpperCase(java.util.Locale.ROOT));
        }
        return out.isEmpty() ? null : out;
    }

    /** A resident asking about another building ("5栋电梯这两天停不停", "lifts in building 5") hears its notices too. */
    private static List<String> withNamed(List<String> own, List<String> named) {
        if (named == null) {
            return own;
        }
        List<String> all = new ArrayList<>(own == null ? List.of() : own);
        named.stream().filter(b -> !all.contains(b)).forEach(all::add);
        return all;
    }

    /** The buildings of the caller's houses, whose notices concern them; null for an anonymous caller (the whole community's). */
    private static List<String> buildingsOf(TurnContext t) {
        return t.resident().map(r -> r.houses().stream().map(Resident.Household::building).distinct().toList())
                .orElse(null);
    }

    /** Whether the community's notices answer (the notices store is wired). */
    public boolean noticesOn() {
        return notices != null;
    }

    @Tool("The community's current notices (停水、停电、电梯维保、消杀、活动、缴费通知): those for the caller's "
            + "building first, then the whole community's (anonymous callers: the whole community's). For "
            + "questions about outages, lift maintenance, activities or announcements. status none: no notice applies.")
    public String currentNotices(@P("the resident's question, in their words, or empty for all current notices")
                                 String question, InvocationParameters params) {
        return currentNotices(question, params, true);
    }

    /** The same reading of the board as {@link #currentNotices}, nothing recorded as given: to decide first. */
    public String currentNoticesUnsaid(String question, InvocationParameters params) {
        return currentNotices(question, params, false);
    }

    /** Records the notices of an earlier {@link #currentNoticesUnsaid} reading as given to the resident now. */
    public void noticesGiven(JsonNode reading, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        List<Long> ids = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        reading.path("notices").forEach(n -> {
            ids.add(n.path("id").asLong());
            if (!categories.contains(n.path("category").asText())) {
                categories.add(n.path("category").asText());
            }
            t.gave(n.path("doc").asText(null));
        });
        recordGiven(t, ids, categories);
    }

    private void recordGiven(TurnContext t, List<Long> ids, List<String> categories) {
        t.record("notice.listed", Map.of("ids", ids, "categories", categories));
        Optional<Resident> me = t.resident();
        if (me.isPresent() && noticeReach != null) {
            noticeReach.seen(ids, me.get().id(), "voice".equals(t.identity().channel())
                    ? dev.guanjia.notices.receipt.NoticeReach.VOICE : dev.guanjia.notices.receipt.NoticeReach.CHAT);
        }
    }

    private String currentNotices(String question, InvocationParameters params, boolean said) {
        TurnContext t = params.get(TurnContext.KEY);
        dev.guanjia.notices.notice.Notices board = notices;
        if (board == null) {
            return json(Map.of("status", "none"));
        }
        String q = question == null ? "" : question;
        // a visitor naming a building ("I'm visiting my parents in building A2") hears that building's notices too:
        // what is posted in its lobby is no secret
        List<String> buildings = t.resident().isPresent() ? withNamed(buildingsOf(t), buildingsNamed(q)) : buildingsNamed(q);
        // a question naming a kind (停水, 电梯, 活动) wants that kind; one naming none, everything current
        List<dev.guanjia.notices.notice.NoticeCategory> asked = java.util.Arrays.stream(
                dev.guanjia.notices.notice.NoticeCategory.values()).filter(c -> c.askedIn(q)).toList();
        // a visitor asking for the notices of one kind ("这两天有啥停水的通知") and naming no building hears every notice
        // of it in force, each with its buildings — "none" would be wrong for those it concerns; asked for everything,
        // the community's own notices; asked about the kind without the word (电梯坏了找谁), the articles answer
        List<dev.guanjia.notices.notice.Notice> current = t.resident().isEmpty() && buildings == null && !asked.isEmpty()
                && NOTICE_WORD.matcher(q).find() ? board.everyCurrent(t.communityId()) : board.current(t.communityId(), buildings);
        // "有没有消杀或者演练": a kind named, and another notice named beside it by its subject (a drill filed
        // under 其他) — with a list asked ("或者", "和", "还有"), each notice whose title shares a pair of subject
        // characters with the question comes too
        Set<String> pairs = ASKED_LIST.matcher(q).find() ? contentPairs(q) : Set.of();
        List<dev.guanjia.notices.notice.Notice> chosen = asked.isEmpty() ? current
                : current.stream().filter(n -> asked.contains(n.category())
                        || shared(pairs, contentPairs(n.title().replace("通知", "").replace("公告", ""))) >= 1).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asked", asked.stream().map(dev.guanjia.notices.notice.NoticeCategory::label).toList());
        out.put("today", board.today(t.communityId()).toString());
        out.put("buildings", buildings == null ? List.of() : buildings);
        if (chosen.isEmpty()) {
            out.put("status", "none");
            return json(out);
        }
        return currentNoticesOf(t, board, chosen, out, said);
    }

    private static final java.util.regex.Pattern NOTICE_WORD = java.util.regex.Pattern.compile(
            "通知|公告|告示|(?i)\\b(notices?|announcements?)\\b");

    /** Two or more things asked together: "消杀或者演练", "停水和停电", "活动还有讲座". */
    private static final java.util.regex.Pattern ASKED_LIST = java.util.regex.Pattern.compile(
            "或者|或是|还是|以及|还有|[和跟、]|(?i)\\b(or|and)\\b");

    private String currentNoticesOf(TurnContext t, dev.guanjia.notices.notice.Notices board,
                                    List<dev.guanjia.notices.notice.Notice> chosen) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asked", List.of());
        out.put("today", board.today(t.communityId()).toString());
        return currentNoticesOf(t, board, chosen, out, true);
    }

    private String currentNoticesOf(TurnContext t, dev.guanjia.notices.notice.Notices board,
                                    List<dev.guanjia.notices.notice.Notice> chosen, Map<String, Object> out, boolean said) {
        if (said) {
            recordGiven(t, chosen.stream().map(dev.guanjia.notices.notice.Notice::id).toList(),
                    chosen.stream().map(n -> n.category().code()).distinct().toList());
            chosen.forEach(n -> t.gave(n.sourceDoc()));
        }
        out.put("status", "ok");
        out.put("notices", chosen.stream().map(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("doc", n.sourceDoc());
            m.put("title", n.title());
            m.put("body", n.body());
            m.put("category", n.category().code());
            m.put("label", n.category().label());
            m.put("buildings", n.buildings());
            m.put("validFrom", n.validFrom().toString());
            m.put("validUntil", n.validUntil().toString());
            return m;
        }).toList());
        return json(out);
    }

    /**
     * The current notices for the caller's buildings that a question names by their subject ("楼顶在
     * 搞什么" → a notice on roof waterproofing, "壁挂炉检查到哪天截止" → the boiler check notice): the
     * question shares at least two pairs of subject characters with a notice's title, or four with
     * its body. Status "none" when no notice is named.
     */
    public String noticesNamed(String question, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        dev.guanjia.notices.notice.Notices board = notices;
        if (board == null || question == null || question.isBlank()) {
            return json(Map.of("status", "none"));
        }
        List<String> buildings = buildingsOf(t);
        Set<String> asked = contentPairs(question);
        List<dev.guanjia.notices.notice.Notice> named = board.current(t.communityId(), buildings).stream()
                .filter(n -> shared(asked, contentPairs(n.title())) >= 2 || shared(asked, contentPairs(n.body())) >= 4
                        || shared(contentChars(question), contentChars(n.title())) >= 3)
                .toList();
        if (named.isEmpty()) {
            return json(Map.of("status", "none"));
        }
        return currentNoticesOf(t, board, named);
    }

    /** Characters that carry no subject: pronouns, particles, question and time words. */
    private static final String NOT_SUBJECT = "的了吗呢吧啊呀么是不我你他她们这那哪几什时候要有在和跟一个下上来去说还能会就都也把给让被对从到"
            + "小区物业请问知道今明天号月日点多少怎样啥咋嘛呗哦噢喂您";

    /** The pairs of adjacent Chinese characters of a text that could name a subject ("壁挂", "挂炉", "检查"). */
    private static Set<String> contentPairs(String text) {
        Set<String> out = new java.util.HashSet<>();
        String s = text == null ? "" : text;
        for (int i = 0; i + 1 < s.length(); i++) {
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            if (Character.UnicodeScript.of(a) == Character.UnicodeScript.HAN && Character.UnicodeScript.of(b) == Character.UnicodeScript.HAN
                    && NOT_SUBJECT.indexOf(a) < 0 && NOT_SUBJECT.indexOf(b) < 0) {
                out.add(s.substring(i, i + 2));
            }
        }
        return out;
    }

    /** Characters every notice title has, which name no subject of its own. */
    private static final String TITLE_WORDS = "通知公告告示及与和期间年度冬夏春秋季各位业主住户温馨提示安排工作";

    /**
     * The single characters of a text that could name a subject, for a notice asked about in other words
     * than its title's ("给树刷白修枝" for "树木涂白及修剪", "泳池是不是关了" for "泳池闭池"): closing words
     * (闭, 封) read as 关.
     */
    private static Set<String> contentChars(String text) {
        Set<String> out = new java.util.HashSet<>();
        String s = text == null ? "" : text.replace("关于", "");
        for (int i = 0; i < s.length(); i++) {
            char a = s.charAt(i);
            if (Character.UnicodeScript.of(a) == Character.UnicodeScript.HAN && NOT_SUBJECT.indexOf(a) < 0
                    && TITLE_WORDS.indexOf(a) < 0) {
                out.add(a == '闭' || a == '封' ? "关" : String.valueOf(a));
            }
        }
        return out;
    }

    private static int shared(Set<String> asked, Set<String> notice) {
        int n = 0;
        for (String p : asked) {
            if (notice.contains(p)) {
                n++;
            }
        }
        return n;
    }

    /** Whether residents can pay in the conversation (payments configured). */
    public boolean paymentsOn() {
        return payments != null;
    }

    @Tool("Offer the caller one online payment (WeChat Pay) for their own unpaid bills, when they want to pay now: "
            + "all of them, or only the fee items or the house they named. Amounts come from the bills, never "
            + "from the conversation. Not for questions about how or where to pay.")
    public String offerPayment(@P("the fee items the resident named (e.g. 停车费), or empty for all") String items,
                               @P("a house number the resident named, or empty") String house,
                               InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "payment");
        }
        if (payments == null) {
            // payment is off: the bills, and where to pay them, as before
            return listMyBills(house, params);
        }
        List<Resident.Household> houses = me.get().houses();
        String said = (items == null ? "" : items) + " " + (house == null ? "" : house);
        String wanted = normalizeHouse(said);
        if (wanted != null) {
            List<Resident.Household> match = houses.stream().filter(h -> h.houseCode().equals(wanted)).toList();
            if (match.isEmpty()) {
                return json(Map.of("status", "not_yours", "house", wanted));
            }
            houses = match;
        } else if (houses.size() > 1) {
            houses = ofTheKindNamed(houses, said);
        }
        if (wanted == null && houses.size() > 1) {
            // "交501的物业费": a room number of one of their homes narrows it to that home
            List<Resident.Household> byRoom = houses.stream().filter(h -> said.matches(
                    ".*(?<!\\d)" + java.util.regex.Pattern.quote(h.room() == null ? h.houseCode() : h.room()) + "(?!\\d).*")).toList();
            if (byRoom.size() == 1) {
                houses = byRoom;
            }
        }
        List<Bill> all = bills.ofHouses(houses.stream().map(Resident.Household::houseId).toList());
        List<Bill> unpaid = all.stream().filter(Bill::outstanding).toList();
        // the fees they named, among all their bills: "停车费" already paid is not a reason to take 物业费
        String text = items == null ? "" : items;
        List<String> named = FeeNames.named(text, all.stream().map(Bill::itemName).distinct().toList());
        List<Bill> chosen = named.isEmpty() ? unpaid : unpaid.stream().filter(b -> named.contains(b.itemName())).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("houses", houses.stream().map(Resident.Household::houseCode).toList());
        out.put("named", named);
        if (chosen.isEmpty()) {
            out.put("status", "nothing_due");
            return json(out);
        }
        Optional<Offer> offer = payments.offer(t.communityId(), me.get().id(),
                houses.stream().map(Resident.Household::houseId).toList(), chosen.stream().map(Bill::code).toList(),
                t.identity().channel(), openid(t), t.conversationId());
        if (offer.isEmpty()) {
            out.put("status", "nothing_due");
            return json(out);
        }
        return json(offered(t, offer.get(), out));
    }

    /**
     * A payment offered for one bill the conversation itself charged (a booking's fee), as the reply's
     * words in the resident's channel; empty when payment is off or the bill is no longer due.
     */
    public Optional<String> offerCharge(TurnContext t, long houseId, String billCode) {
        Optional<Resident> me = t.resident();
        if (payments == null || me.isEmpty()) {
            return Optional.empty();
        }
        return payments.offer(t.communityId(), me.get().id(), List.of(houseId), List.of(billCode),
                        t.identity().channel(), openid(t), t.conversationId())
                .map(o -> dev.guanjia.bot.policy.Replies.payment(t.language(), JSON.valueToTree(offered(t, o, new LinkedHashMap<>()))));
    }

    /** Records the offer on the turn (the web chat draws its pay button from it) and describes it. */
    private Map<String, Object> offered(TurnContext t, Offer o, Map<String, Object> out) {
        String total = Offer.yuan(o.totalFen());
        t.record("payment.offered", Map.of("total", total, "bills",
                o.bills().stream().map(Offer.OfferedBill::code).toList(), "token", o.token()));
        out.put("status", "offered");
        out.put("token", o.token());
        out.put("total", total);
        out.put("channel", t.identity().channel());
        out.put("link", publicBase + "/pay/o/" + o.token());
        out.put("bills", o.bills().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("house", b.houseCode());
            m.put("item", b.itemName());
            m.put("period", b.period());
            m.put("amount", Offer.yuan(b.amountFen()));
            return m;
        }).toList());
        out.put("expiresAt", o.expiresAt().toString());
        return out;
    }

    @Tool("Create a work order (repair, cleaning, noise, parking, complaint, suggestion…) for the caller. "
            + "For a problem inside their home give when someone is home; for a public area give the place.")
    public String createWorkOrder(@P("what is wrong, in the resident's words") String description,
                                  @P("when someone is home for the visit, or empty") String appointment,
                                  @P("public-area location if not inside the home, or empty") String location,
                                  @P("category code if known (plumbing, electrical, elevator, door_access, "
                                          + "public_facility, cleaning, greening, security, parking, noise, complaint, "
                                          + "suggestion, other), or empty") String category,
                                  @P("priority if urgent (emergency, high), or empty") String priority,
                                  @P("which of the caller's houses (e.g. 3-2-501) when they have several, or empty")
                                  String house,
                                  InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_order");
        }
        boolean publicArea = location != null && !location.isBlank();
        String code = blankToNull(category) == null ? CLASSIFIER.classify(description).category().code() : category;
        // a neighbour's flat named as the source of noise or a grievance ("1201那家半夜拖椅子"), or of water
        // coming into the speaker's home ("楼上1502漏到我家"), is no order for that flat; any other repair said of
        // another flat would send the technician to the wrong door
        // — and so is a neighbour said to be doing something ("对门602把纸箱堆在楼道里"), unless the speaker reports
        // on the neighbour's behalf ("给1-1-102报修", "帮楼下的报一下")
        boolean aboutThem = ABOUT_A_NEIGHBOUR.contains(code) || LEAKS_INTO_MINE.matcher(description).find()
                || NEIGHBOUR_DOING.matcher(description).find() && !IN_A_FLAT.contains(code);
        Optional<String> elsewhere = aboutThem && !ON_BEHALF.matcher(description).find()
                ? Optional.empty() : otherHouse(me.get(), (house == null ? "" : house) + " " + description);
        if (elsewhere.isPresent()) {
            // an order on the speaker's home for someone else's flat would send a technician to the wrong door
            return json(Map.of("status", "refused", "message", t.language().say(
                    "只能为您名下的房屋（" + houseList(me.get()) + "）报修。" + elsewhere.get()
                            + "的问题请由该户住户自己提交，或回复“转人工”由客服核实后登记。",
                    "I can only register repairs for your own home (" + houseList(me.get()) + "). For "
                            + elsewhere.get() + ", the household there can report it, or reply \"agent\" and staff will check.")));
        }
        String chosen = houseOf(me.get(), (house == null ? "" : house) + " " + description + " "
                + (appointment == null ? "" : appointment));
        boolean homeTrade = AT_HOME.contains(code);
        if (!publicArea && chosen == null && homeTrade) {
            // a flat and a parking space or a shop: a leaking kitchen is the flat's, a shop's fault the shop's
            chosen = (LET_WORDS.matcher(description).find() ? me.get().onlyLetHouse()
                    : me.get().onlyHouseFor(useSaid(description))).map(Resident.Household::houseCode).orElse(null);
        }
        if (!publicArea && chosen == null && me.get().houses().size() > 1 && homeTrade) {
            // an order for the wrong home sends the technician to the wrong door: ask first
            return json(Map.of("status", "choose_house",
                    "houses", me.get().houses().stream().map(Resident.Household::houseCode).toList()));
        }
        return json(create(t, me.get(), description, appointment, location, category, priority, chosen, params));
    }

    @Tool("Record a complaint (about staff, a service, a neighbour, noise, fees) or a suggestion, in the "
            + "resident's own words. It goes to the community's supervisor, who answers by a deadline; returns "
            + "the order code, who handles it and by when. Not for repairs.")
    public String fileComplaint(@P("what the resident said, in their own words") String words,
                                @P("complaint or suggestion") String kind, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "complaint");
        }
        String category = "suggestion".equals(kind) ? "suggestion" : "complaint";
        Map<String, Object> created = create(t, me.get(), words, "", null, category,
                "complaint".equals(category) ? Priority.HIGH.code() : null, houseOf(me.get(), words), params);
        if (!"ok".equals(created.get("status"))) {
            return json(created);
        }
        @SuppressWarnings("unchecked")
        String code = String.valueOf(((Map<String, Object>) created.get("order")).get("code"));
        Caller c = caller(t, me.get());
        Optional<dev.guanjia.ticketing.complaint.Complaint> k = orders.complaints().find(c, code);
        Map<String, Object> out = new LinkedHashMap<>(created);
        out.put("kind", category);
        // a role, never a private phone: whoever is supervisor that day answers
        out.put("handler", "supervisor");
        k.ifPresent(x -> {
            java.time.ZoneId zone = communities.zone(t.communityId());
            out.put("subject", x.subject().code());
            out.put("answerBy", local(x.firstAnswerDue().atZoneSameInstant(zone)));
            out.put("closeBy", local(x.closeDue().atZoneSameInstant(zone)));
            out.put("answerByEn", english(x.firstAnswerDue().atZoneSameInstant(zone)));
            out.put("closeByEn", english(x.closeDue().atZoneSameInstant(zone)));
            if (x.linkedTo() != null) {
                out.put("linkedTo", x.linkedTo());
            }
        });
        return json(out);
    }

    /** Whether the caller was asked about a complaint's answer and has not said yet if it resolved the matter. */
    public boolean awaitsFollowUp(InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        return t.resident().isPresent()
                && orders.complaints().awaitingFollowUp(caller(t, t.resident().get())).isPresent();
    }

    /**
     * Records the resident's 回访 on the complaint last answered: resolved yes/no and/or a score 1–5,
     * as read by the policy from their reply.
     */
    public String recordFollowUp(Boolean resolved, Integer score, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "complaint");
        }
        Caller c = caller(t, me.get());
        Optional<dev.guanjia.ticketing.complaint.Complaint> k = orders.complaints().awaitingFollowUp(c);
        if (k.isEmpty()) {
            return json(Map.of("status", "none"));
        }
        try {
            var done = orders.complaints().followUp(c, k.get().code(), resolved, score);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", done.code());
            if (resolved != null) {
                event.put("resolved", resolved);
            }
            if (score != null) {
                event.put("score", score);
            }
            t.record("complaint.followed_up", event);
            Map<String, Object> out = new LinkedHashMap<>(event);
            out.put("status", "ok");
            return json(out);
        } catch (WorkOrderException e) {
            return json(Map.of("status", "refused", "message", e.getMessage()));
        }
    }

    private static String english(java.time.ZonedDateTime z) {
        return z.format(java.time.format.DateTimeFormatter.ofPattern("MMM d, HH:mm", java.util.Locale.ENGLISH));
    }

    private static String local(java.time.ZonedDateTime z) {
        return String.format("%d月%d日%02d:%02d", z.getMonthValue(), z.getDayOfMonth(), z.getHour(), z.getMinute());
    }

    /** A full house reference (building, unit, room) in the text, the way residents write it. */
    private static final java.util.regex.Pattern HOUSE_REFERENCE = java.util.regex.Pattern.compile(
            "(?<![\\dA-Za-z])([A-Za-z]?\\d{1,3})\\s*(?:幢|栋|号楼|-)\\s*(\\d{1,2})\\s*(?:单元|-)\\s*(\\d{3,4})(?![\\d-])");

    /** The house named in the text when it is not one of the caller's own. */
    static Optional<String> otherHouse(Resident me, String text) {
        var m = HOUSE_REFERENCE.matcher(text == null ? "" : text);
        while (m.find()) {
            String named = m.group(1).toUpperCase() + "-" + m.group(2) + "-" + m.group(3);
            boolean mine = me.houses().stream().anyMatch(h -> h.houseCode().equalsIgnoreCase(named)
                    || named.equals(normalizeHouse(h.houseCode())));
            if (!mine) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    private static String houseList(Resident me) {
        return String.join("、", me.houses().stream().map(Resident.Household::houseCode).toList());
    }

    /** An order number the resident typed: a whole code ("WO20261203-1003") or its last digits ("1003"). */
    private static final java.util.regex.Pattern ORDER_NUMBER = java.util.regex.Pattern.compile(
            "(?<![A-Za-z0-9])([A-Za-z]{1,4}\\d[\\d-]{3,}\\d|\\d{4,})(?![\\d年元块月])");

    /**
     * When the resident names an order number, that exact order of theirs or nothing: acting on
     * another order than the one named (a neighbour's, a mistyped one) is worse than asking again.
     * Empty when no number is named; else the order, or a refusal saying why.
     */
    private Optional<Object> named(TurnContext t, List<WorkOrder> mine, List<WorkOrder> actionable, String hint,
                                   String action, String actionEn) {
        var m = ORDER_NUMBER.matcher(hint == null ? "" : hint);
        if (!m.find()) {
            return Optional.empty();
        }
        String number = m.group(1).toUpperCase();
        java.util.function.Predicate<WorkOrder> isIt = w -> w.code().equalsIgnoreCase(number)
                || w.code().toUpperCase().endsWith("-" + number) || !number.matches("[A-Z].*") && w.code().endsWith(number);
        List<WorkOrder> hits = actionable.stream().filter(isIt).toList();
        if (hits.size() == 1) {
            return Optional.of(hits.get(0));
        }
        Optional<WorkOrder> other = mine.stream().filter(isIt).findFirst();
        // "1902浴霸跳闸嗰单唔使嚟喇": the room of one of their homes, which names the order's home, not its number
        if (other.isEmpty() && number.matches("\\d{3,4}") && t.resident().map(r -> r.houses().stream()
                .anyMatch(h -> number.equals(h.room()))).orElse(false)) {
            return Optional.empty();
        }
        String message = other.isPresent()
                ? t.language().say("工单" + other.get().code() + "当前状态是“" + other.get().status().label() + "”，不能" + action
                        + "。需要帮助请回复“转人工”。", "Order " + other.get().code() + " cannot be " + actionEn + " in its "
                        + "current state; reply \"agent\" for help.")
                : t.language().say("您名下没有编号为" + number + "的工单，请核对编号（回复“我的工单”可查看），没有" + action
                        + "任何工单。", "You have no order numbered " + number + "; nothing was " + actionEn
                        + ". Reply \"my orders\" to see yours.");
        return Optional.of(json(Map.of("status", "refused", "message", message)));
    }

    /** Trades that come into a home: an order for one of them needs to know which home. */
    private static final Set<String> AT_HOME = Set.of("plumbing", "electrical", "door_access", "other");

    /** Trades whose order is the speaker's grievance about another household, which may be named. */
    private static final Set<String> ABOUT_A_NEIGHBOUR = Set.of("noise", "complaint", "suggestion");

    /** Trades whose work is done inside a flat: said of another flat, they are that flat's to report. */
    private static final Set<String> IN_A_FLAT = Set.of("plumbing", "electrical", "door_access");

    /** Another household named by where it lives beside the speaker, or doing something on shared ground. */
    private static final java.util.regex.Pattern NEIGHBOUR_DOING = java.util.regex.Pattern.compile(
            "对门|对面|楼上|楼下|隔壁|邻居|那家|那户|他家|他们家|人家|对面厝|"
                    + "(堆|摆|搭|圈|占|晾|养|扔|丢|停)[^，,。！!？?]{0,8}(楼道|走廊|过道|楼梯|公共|绿地|花园|门口|草坪|通道)|"
                    + "(楼道|走廊|过道|楼梯|公共|绿地|花园|草坪|通道)[^，,。！!？?]{0,6}(堆|摆|搭|圈|占|晾|养|扔|丢|停)");

    /** A report made for someone else's home, which that household should make. */
    private static final java.util.regex.Pattern ON_BEHALF = java.util.regex.Pattern.compile(
            "给[^，,。！!？?]{0,12}报修|(帮|替|代)(我家|我们家)?(他|她|他们|她们|人家|邻居|亲戚|朋友|老人|父母|爸妈|对门|楼上|楼下|隔壁)"
                    + "[^，,。！!？?]{0,6}报");

    /** Water from another flat coming into the speaker's own home ("楼上502漏水，渗到我家天花板了"). */
    private static final java.util.regex.Pattern LEAKS_INTO_MINE = java.util.regex.Pattern.compile(
            "(漏|渗|滲|滴|流|淌|洇)[^，,。！!？?]{0,4}(到|进|落)(了)?(我|俺|咱|阿拉|伲)(们)?(家|屋)");
    private static final dev.guanjia.ticketing.classify.Classifier CLASSIFIER = new dev.guanjia.ticketing.classify.Classifier();

    private static final java.util.regex.Pattern PARKING_WORDS = java.util.regex.Pattern.compile(
            "车位|车库|停车位|储藏室|储物间|杂物间|地下室|\\b(parking (space|spot|bay)|garage|storage room|store ?room)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A landlord speaking of the flat they let. */
    private static final java.util.regex.Pattern LET_WORDS = java.util.regex.Pattern.compile(
            "出租|租出去|租给|租客|租户|房客|\\b(tenants?|rented out|let out|my rental)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The kind of house a fault's own words put it in: a shop, a parking space or storage, else a home. */
    static Resident.Use useSaid(String description) {
        if (dev.guanjia.bot.policy.Cues.atBusinessPremises(description)) {
            return Resident.Use.BUSINESS;
        }
        return PARKING_WORDS.matcher(description).find() ? Resident.Use.PARKING_OR_STORAGE : Resident.Use.DWELLING;
    }

    /** The caller's house named in the text ("3-2-501", "3栋2单元501", or just "501"), else their only one. */
    static String houseOf(Resident me, String spoken) {
        String text = spokenDigits(spoken);
        String named = normalizeHouse(text);
        for (Resident.Household h : me.houses()) {
            if (h.houseCode().equals(named)) {
                return h.houseCode();
            }
        }
        return me.named(text).map(Resident.Household::houseCode).orElse(null);
    }

    /**
     * A new order recorded as this turn's action and shown: a home left without water, power or lift, or damage
     * spreading, may not wait for the visit, so the 24-hour line is said with it (complaints are filed high too,
     * but are no outage).
     */
    private Map<String, Object> registered(TurnContext t, WorkOrder w) {
        t.record("work_order.created", Map.of("id", w.code(), "category", w.category(),
                "priority", w.priority().code(), "house", w.houseCode() == null ? "" : w.houseCode()));
        Map<String, Object> order = view(w);
        if (w.priority() == Priority.HIGH && !"complaint".equals(w.category()) && !"suggestion".equals(w.category())) {
            dutyPhone(t).ifPresent(ph -> order.put("dutyPhone", ph));
        }
        return order;
    }

    private Map<String, Object> create(TurnContext t, Resident me, String description, String appointment,
                                       String location, String category, String priority, String chosenHouse,
                                       InvocationParameters params) {
        String house = chosenHouse != null ? chosenHouse : me.houses().isEmpty() ? null : me.houses().get(0).houseCode();
        boolean publicArea = location != null && !location.isBlank();
        String text = description + (appointment == null || appointment.isBlank() ? "" : "（上门时间：" + appointment + "）");
        Optional<dev.guanjia.ticketing.appointment.VisitWindow> window = publicArea ? Optional.empty()
                : dev.guanjia.ticketing.appointment.VisitWindow.parse(appointment == null || appointment.isBlank()
                ? description : appointment, java.time.ZonedDateTime.now(clock.withZone(communities.zone(t.communityId()))));
        try {
            WorkOrder w = orders.create(caller(t, me), new WorkOrders.NewOrder(publicArea ? null : house,
                    publicArea ? location : null, t.identity().channel(), null, text, blankToNull(category),
                    blankToNull(priority), window.map(v -> v.from()).orElse(null), window.map(v -> v.to()).orElse(null),
                    List.of(), null));
            return Map.of("status", "ok", "order", registered(t, w));
        } catch (dev.guanjia.ticketing.workorder.TooManyOrders e) {
            // past the creation limit a person decides, never a silent refusal: a real emergency
            // among many reports still reaches someone who can act on it
            t.record("work_order.limited", Map.of("retryAfterSeconds", e.retryAfter().toSeconds()));
            String handed = handOff("work_order_limit", "报修次数已达上限，待人工核实：" + description, params);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", "handed_off");
            out.put("message", e.getMessage() + "已为您转接人工客服，工作人员核实后会尽快处理。");
            if (!e.emergencyPhone().isEmpty()) {
                out.put("emergencyPhone", e.emergencyPhone());
            }
            try {
                out.put("handoff", JSON.readTree(handed));
            } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                throw new IllegalStateException(bad);
            }
            return out;
        } catch (WorkOrderException e) {
            return Map.of("status", "refused", "message", e.getMessage());
        }
    }

    @Tool("The caller's work orders, newest first, with status and who handles them. "
            + "A hint (what the order was about) puts the best match first.")
    public String myWorkOrders(@P("what the order was about, or empty") String hint, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_orders");
        }
        List<WorkOrder> all = orders.list(caller(t, me.get()), WorkOrders.Filter.all());
        List<WorkOrder> open = all.stream().filter(w -> !w.status().isFinal()).toList();
        return statusOf(t, open.isEmpty() ? all : open, hint);
    }

    /**
     * The caller's open orders when they ask about an earlier report: the one meant, or all of them
     * to choose from; status "none" when nothing is open (then the message is not about an order).
     * {@code category}: only orders of that trade; {@code sameThing}: and only one naming the same thing.
     */
    public String openWorkOrders(String hint, String category, boolean sameThing, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_orders");
        }
        List<WorkOrder> open = orders.list(caller(t, me.get()), WorkOrders.Filter.all()).stream()
                .filter(w -> !w.status().isFinal())
                // "…又漏了" is about an open order only when it names the same thing, not just the same trade
                // (English or pinyin shares no characters with a Chinese title: there the trade alone names it, unless
                // the order was told in English too — "ceiling light … still nothing" is not the balcony socket's)
                .filter(w -> category == null || category.isBlank() || category.equals(w.category())
                        && (!sameThing || overlap(hint, w) > 0 || !HAN.matcher(hint).find() && !toldInEnglish(w)))
                .toList();
        return statusOf(t, open, hint);
    }

    /** The order the hint means, best first; all of them to choose from when several are open and none is named. */
    private String statusOf(TurnContext t, List<WorkOrder> candidates, String hint) {
        boolean choose = candidates.stream().filter(w -> !w.status().isFinal()).count() > 1 && !singlesOut(candidates, hint);
        List<WorkOrder> mine = choose ? candidates : rank(candidates, hint);
        if (!mine.isEmpty()) {
            // a list to choose from names its orders: the resident's next words pick one of them (listedWorkOrder)
            t.record("work_order.status", choose ? Map.of("id", mine.get(0).code(), "status", mine.get(0).status().code(),
                    "listed", mine.stream().limit(10).map(WorkOrder::code).toList())
                    : Map.of("id", mine.get(0).code(), "status", mine.get(0).status().code()));
        }
        return json(Map.of("status", mine.isEmpty() ? "none" : "ok", "choose", choose,
                "orders", mine.stream().limit(choose ? 10 : 3).map(this::view).toList()));
    }

    /**
     * One of the orders a reply listed to choose from, as the resident picks it: by its code, its place in the
     * list ("第二个") or what it was about ("电梯那个"); status "none" when the words single none out.
     */
    public String listedWorkOrder(String said, List<String> codes, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_orders");
        }
        List<WorkOrder> listed = orders.list(caller(t, me.get()), WorkOrders.Filter.all()).stream()
                .filter(w -> codes.contains(w.code()))
                .sorted(Comparator.comparingInt((WorkOrder w) -> codes.indexOf(w.code())))
                .toList();
        Optional<Integer> n = dev.guanjia.bot.booking.BookingCues.ordinal(said);
        // what points at it is no part of what it was about: "电梯那个" shares "梯那" with "楼梯那扇门…"
        String about = POINTING.matcher(said).replaceAll(" ");
        WorkOrder chosen = listed.stream().filter(w -> said.contains(w.code())).findFirst()
                .orElse(n.isPresent() && n.get() >= 1 && n.get() <= listed.size() ? listed.get(n.get() - 1)
                        : listed.size() > 1 && singlesOut(listed, about) ? rank(listed, about).get(0) : null);
        if (chosen == null) {
            return json(Map.of("status", "none", "orders", List.of()));
        }
        t.record("work_order.status", Map.of("id", chosen.code(), "status", chosen.status().code()));
        return json(Map.of("status", "ok", "choose", false, "orders", List.of(view(chosen))));
    }

    private static final java.util.regex.Pattern POINTING = java.util.regex.Pattern.compile(
            "的?(那|这|嗰|呢|该)(个|张|单|件|次|回|条|一个|一张|一单|一件)|(?i)\\b(the|that|this) one\\b|\\bone\\b");

    /** True when the hint names one order's code, or matches one order clearly better than the rest. */
    private static boolean singlesOut(List<WorkOrder> candidates, String hint) {
        if (hint == null || hint.isBlank()) {
            return false;
        }
        if (candidates.stream().anyMatch(w -> hint.contains(w.code()))) {
            return true;
        }
        List<Integer> scores = candidates.stream().map(closeness(hint)::applyAsInt).sorted(Comparator.reverseOrder()).toList();
        return scores.get(0) >= 1 && scores.get(0) > scores.get(1);
    }

    @Tool("Cancel one of the caller's own work orders whose work is not finished yet.")
    public String cancelWorkOrder(@P("the order code, or what it was about") String codeOrHint,
                                  @P("why, in the resident's words") String reason, InvocationParameters params) {
        return changeOne(params.get(TurnContext.KEY), codeOrHint,
                w -> w.status() == Status.SUBMITTED || w.status() == Status.ASSIGNED || w.status() == Status.IN_PROGRESS,
                "取消", "cancelled",
                (c, code) -> orders.cancel(c, code, reason, null), Map.of());
    }

    @Tool("Set when someone is home for the visit on one of the caller's open orders, made before a time was "
            + "said (an urgent one registered at once) or to change it: \"明天上午来吧\", \"tomorrow after 7pm\".")
    public String scheduleVisit(@P("the order code, or what it was about") String codeOrHint,
                                @P("when someone is home, in the resident's words") String appointment,
                                InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<dev.guanjia.ticketing.appointment.VisitWindow> window = t.resident().isEmpty() ? Optional.empty()
                : dev.guanjia.ticketing.appointment.VisitWindow.parse(appointment == null ? "" : appointment,
                java.time.ZonedDateTime.now(clock.withZone(communities.zone(t.communityId()))));
        if (t.resident().isPresent() && window.isEmpty()) {
            return json(Map.of("status", "no_time"));
        }
        // a home's own order (a public area's has no visit to agree) that is not finished yet
        return changeOne(t, codeOrHint, w -> w.houseCode() != null && (w.status() == Status.SUBMITTED
                        || w.status() == Status.ASSIGNED || w.status() == Status.IN_PROGRESS), "约时间", "scheduled",
                (c, code) -> orders.schedule(c, code, window.get().from(), window.get().to(), appointment, null), Map.of());
    }

    /** The trade of one of the caller's own open orders, by its code; empty when it is not theirs or is closed. */
    public Optional<String> openOrderCategory(String code, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        return t.resident().flatMap(me -> openOrder(t, me, code)).map(WorkOrder::category);
    }

    /** One of the caller's own orders by its code, while it is not finished. */
    private Optional<WorkOrder> openOrder(TurnContext t, Resident me, String code) {
        return orders.list(caller(t, me), WorkOrders.Filter.all()).stream()
                .filter(w -> w.code().equals(code) && !w.status().isFinal()).findFirst();
    }

    /**
     * A second fault in the same home to be seen on the visit already agreed for one of the caller's orders
     * ("阳台灯也不亮了，一块儿给瞅瞅", "can the same guy check it while he's here?"): a new order of its own
     * trade, at that order's home and visit window. Status "none" when that order has no visit booked.
     */
    public String createBeside(String code, String description, String category, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_order");
        }
        Optional<WorkOrder> first = openOrder(t, me.get(), code)
                .filter(w -> w.houseCode() != null && w.appointmentFrom() != null && w.appointmentTo() != null);
        if (first.isEmpty()) {
            return json(Map.of("status", "none"));
        }
        WorkOrder w = first.get();
        if (category != null && category.equals(w.category())) {
            // the same trade ("厨房龙头也一起看看" after a leaking pipe): one technician, one order
            return json(Map.of("status", "same_trade", "order", view(w)));
        }
        try {
            WorkOrder made = orders.create(caller(t, me.get()), new WorkOrders.NewOrder(w.houseCode(), null,
                    t.identity().channel(), null, description, blankToNull(category), null,
                    w.appointmentFrom(), w.appointmentTo(), List.of(), null));
            return json(Map.of("status", "ok", "order", registered(t, made)));
        } catch (WorkOrderException e) {
            return json(Map.of("status", "refused", "message", e.getMessage()));
        }
    }

    @Tool("Add what the resident says after an order was made to that open order: where exactly a shared "
            + "thing is (\"A1栋后面那块小广场\", \"the lift on the left\"), or what else is wrong.")
    public String addWorkOrderDetail(@P("the order code, or what it was about") String codeOrHint,
                                     @P("what the resident added, in their words") String detail,
                                     InvocationParameters params) {
        return changeOne(params.get(TurnContext.KEY), codeOrHint, w -> w.status() != Status.CLOSED
                        && w.status() != Status.CANCELLED, "补充说明", "detailed",
                (c, code) -> orders.addDetail(c, code, detail), Map.of());
    }

    @Tool("Rate one of the caller's work orders from 1 to 5: a closed one, or one finished and awaiting the "
            + "resident's acceptance (rating it accepts the work).")
    public String rateWorkOrder(@P("the order code, or what it was about") String codeOrHint,
                                @P("rating 1-5") int rating, @P("comment, or empty") String comment,
                                InvocationParameters params) {
        // a resident who rates finished work (待验收) has accepted it: the order closes, then takes the rating
        TurnContext t = params.get(TurnContext.KEY);
        String result = changeOne(t, codeOrHint,
                w -> w.status() == Status.CLOSED && w.rating() == null || w.status() == Status.PENDING_ACCEPTANCE,
                "评价", "rated", (c, code) -> {
                    if (rating >= 1 && rating <= 5 && orders.find(c, code)
                            .filter(w -> w.status() == Status.PENDING_ACCEPTANCE).isPresent()) {
                        orders.accept(c, code, null);
                    }
                    return orders.rate(c, code, rating, blankToNull(comment), null);
                }, Map.of("rating", rating));
        // nothing left to rate, but the order meant was rated before: say so rather than that none was found
        if (t.resident().isPresent() && "none".equals(statusField(result))) {
            String hint = codeOrHint == null ? "" : codeOrHint;
            List<WorkOrder> rated = orders.list(caller(t, t.resident().get()), WorkOrders.Filter.all()).stream()
                    .filter(w -> w.status() == Status.CLOSED && w.rating() != null).toList();
            Optional<WorkOrder> meant = rated.size() == 1 ? Optional.of(rated.get(0))
                    : rated.stream().filter(w -> hint.contains(w.code()) || overlap(hint, w) > 0)
                    .max(Comparator.comparingInt((WorkOrder w) -> overlap(hint, w)).thenComparing(WorkOrder::createdAt));
            if (meant.isPresent()) {
                return json(Map.of("status", "already_rated", "order", view(meant.get())));
            }
        }
        return result;
    }

    private static String statusField(String json) {
        try {
            return JSON.readTree(json).path("status").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Changes the one order of the caller's that the resident means, among those the change applies
     * to; asks which when several fit, and otherwise answers why nothing changed (not signed in, a
     * named order that is not theirs or not in that state, none at all, or the change refused).
     *
     * @param action the change in Chinese (取消) and done its event name (cancelled), for {@link #named}
     * @param details what the event records besides the order's id
     */
    private String changeOne(TurnContext t, String codeOrHint, java.util.function.Predicate<WorkOrder> applies,
                             String action, String done, java.util.function.BiFunction<Caller, String, WorkOrder> change,
                             Map<String, Object> details) {
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_orders");
        }
        Caller c = caller(t, me.get());
        List<WorkOrder> all = orders.list(c, WorkOrders.Filter.all());
        List<WorkOrder> fitting = all.stream().filter(applies).toList();
        Optional<Object> named = named(t, all, fitting, codeOrHint, action, done);
        if (named.isPresent() && named.get() instanceof String refusal) {
            return refusal;
        }
        if (named.isEmpty() && fitting.size() > 1 && !singlesOut(fitting, codeOrHint)) {
            return choose(fitting);
        }
        Optional<WorkOrder> target = named.map(WorkOrder.class::cast).or(() -> pick(fitting, codeOrHint));
        if (target.isEmpty()) {
            return json(Map.of("status", "none"));
        }
        try {
            WorkOrder w = change.apply(c, target.get().code());
            Map<String, Object> event = new LinkedHashMap<>(Map.of("id", w.code()));
            event.putAll(details);
            t.record("work_order." + done, event);
            return json(Map.of("status", "ok", "order", view(w)));
        } catch (WorkOrderException e) {
            return json(Map.of("status", "refused", "message", e.getMessage()));
        }
    }

    @Tool("Hand the conversation to a human agent, with the reason and a summary of what is known.")
    public String handOff(@P("why a human is needed") String reason, @P("what the resident wants, briefly") String summary,
                          InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        t.handOff();
        // houses, not the name: the summary is stored as plain text, and the console shows the
        // (sealed) name from the resident's record
        String full = HandoffSummary.of(t.resident(), openid(t), summary);
        desk.queue(UUID.fromString(t.conversationId()), reason, full);
        t.record("handoff.requested", Map.of("reason", reason));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "queued");
        HumanDesk.Wait wait = desk.estimate(t.communityId());
        // a call back needs a number: a resident on record or a caller's line, not an unbound follower
        boolean callable = t.resident().isPresent()
                || "phone".equals(t.identity().kind()) && t.identity().value() != null;
        if (wait.agentsOnline() == 0) {
            // nobody can pick it up now: promise a call back rather than leave the resident waiting
            long task = desk.requestCallback(t.communityId(), UUID.fromString(t.conversationId()),
                    t.identity().channel(), t.resident().map(Resident::id).orElse(null),
                    t.identity().value() == null ? "anonymous" : t.identity().value(), full);
            t.record("callback.requested", Map.of("task", task));
            // without a number the task is a reply in this chat, and the resident is told just that
            out.put("status", callable ? "callback" : "reply_here");
        } else {
            out.put("waiting", wait.waiting());
            out.put("expectedMinutes", wait.expectedMinutes());
            out.put("offerCallback", callable && wait.offerCallback());
        }
        out.put("channel", t.identity().channel());
        return withServiceContacts(t, out);
    }

    @Tool("An emergency (gas smell, fire, electric shock risk, people trapped in a lift, flooding): "
            + "returns the emergency instructions and phone, opens an emergency work order and alerts a human.")
    public String reportEmergency(@P("what is happening, in the resident's words") String description,
                                  InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Map<String, Object> out = new LinkedHashMap<>();
        // emergency articles are titled as such (应急处理); saying so steers the search to them
        SearchResult r = knowledge.search(t.communityId(), "紧急情况应急处理：" + description, 3);
        // an article about another danger (a leak's steps for a smell of gas or sparks from a socket) or about no
        // danger (how to report a repair) misleads more than no steps: the first hit about the same danger, or an
        // emergency article about none in particular, is quoted; else the phone alone
        Optional<Hit> steps = r.hits().stream()
                .filter(h -> dev.guanjia.bot.policy.Danger.named(h.title()).isEmpty()
                        ? "emergencies".equals(h.category()) : dev.guanjia.bot.policy.Danger.stepsFit(h.title(), description))
                .findFirst();
        if (steps.isPresent()) {
            Hit top = steps.get();
            t.cite(top.docId(), top.title());
            if ("notices".equals(top.category())) {
                noticeQuoted(t, top.docId()); // only a notice article can be a notice's text
            }
            out.put("title", top.title());
            // the steps to take, in the article's own order
            out.put("passages", knowledge.opening(t.communityId(), top.docId(), 420));
            // and, when something was asked ("集合点在哪", "多久能到") rather than what to do, the piece that
            // best answers it, to lead with
            r.passages().stream().filter(p -> p.docId().equals(top.docId()))
                    .filter(p -> dev.guanjia.bot.policy.Cues.asksAboutOneThing(description))
                    .max(java.util.Comparator.comparingDouble(Passage::score))
                    .ifPresent(p -> out.put("lead", p.text()));
        } else {
            // no article of the estate's for this danger: the general first steps for it
            dev.guanjia.bot.policy.Danger.of(description).ifPresent(d -> out.put("danger", d.name()));
        }
        contacts(t).ifPresent(c -> out.put("emergencyPhone", c.emergencyPhone()));
        t.resident().ifPresent(me -> {
            Map<String, Object> created = create(t, me, description, "", null, null, Priority.EMERGENCY.code(),
                    houseOf(me, description), params);
            out.put("order", created.get("order"));
        });
        t.handOff();
        desk.queue(UUID.fromString(t.conversationId()), "emergency",
                HandoffSummary.of(t.resident(), openid(t), description));
        t.record("handoff.requested", Map.of("reason", "emergency"));
        out.put("status", "ok");
        return json(out);
    }

    /**
     * The emergency order this conversation's previous reply opened, for the resident's next word on it
     * ("进水阀拧紧了，师傅快来"): the same order confirmed, with the duty line — never a second one. Not a tool
     * for the model: the policy answers those turns whatever the model.
     */
    public String emergencyOrder(String code, boolean askedHowItStands, InvocationParameters params) {
        TurnContext t = params.get(TurnContext.KEY);
        Optional<Resident> me = t.resident();
        if (me.isEmpty()) {
            return identityRequired(t, "work_orders");
        }
        Optional<WorkOrder> order = orders.list(caller(t, me.get()), WorkOrders.Filter.all()).stream()
                .filter(w -> w.code().equals(code)).findFirst();
        if (order.isEmpty()) {
            return json(Map.of("status", "not_found"));
        }
        WorkOrder w = order.get();
        // the order the resident asked for ("快派人来修") is the one registered a moment ago: reported as theirs,
        // with its own number, so nobody gets a duplicate; asked when someone comes ("恁们人啥时候到", "when will
        // someone look at it?"), it is that order's standing that is told
        if (askedHowItStands) {
            t.record("work_order.status", Map.of("id", w.code(), "status", w.status().code()));
        } else {
            t.record("work_order.created", Map.of("id", w.code(), "category", w.category(),
                    "priority", w.priority().code(), "house", w.houseCode() == null ? "" : w.houseCode(), "earlier", true));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ok");
        out.put("order", view(w));
        dutyPhone(t).ifPresent(ph -> out.put("emergencyPhone", ph));
        return json(out);
    }

    // ---------------------------------------------------------------- helpers

    private static String openid(TurnContext t) {
        return "wechat".equals(t.identity().channel()) ? t.identity().value() : null;
    }

    /** Several orders fit: nothing is changed until the resident says which. */
    private String choose(List<WorkOrder> candidates) {
        return json(Map.of("status", "choose", "orders", candidates.stream().limit(6).map(this::view).toList()));
    }


    private String identityRequired(TurnContext t, String what) {
        t.record("identity.required", Map.of("for", what));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "identity_required");
        out.put("identity_required_for", what);
        out.put("channel", t.identity().channel());
        out.put("howTo", dev.guanjia.bot.policy.Replies.howToVerify(t.language(), t.identity().channel()));
        contacts(t).ifPresent(c -> out.put("servicePhone", c.servicePhone()));
        return json(out);
    }

    /** The answer, with the service centre's phone and hours so the resident always has a person to reach. */
    private String withServiceContacts(TurnContext t, Map<String, Object> out) {
        contacts(t).ifPresent(c -> {
            out.put("servicePhone", c.servicePhone());
            out.put("officeHours", c.officeHours());
            if (c.emergencyPhone() != null && !c.emergencyPhone().isBlank()) {
                out.put("emergencyPhone", c.emergencyPhone());
            }
        });
        return json(out);
    }

    /** The community's 24-hour line, when it has one. */
    public Optional<String> dutyPhone(TurnContext t) {
        return contacts(t).map(CommunityProfile::emergencyPhone).filter(ph -> ph != null && !ph.isBlank());
    }

    private Optional<CommunityProfile> contacts(TurnContext t) {
        return communities.profile(t.communityId());
    }

    private static Caller caller(TurnContext t, Resident me) {
        return new Caller(t.communityId(), Caller.Kind.RESIDENT, me.id(), "resident", me.code(), me.name());
    }

    /** "面积 × 单价 × 月数" for area-based items, "单价 × 月数" for fixed ones: residents can check the sum. */
    static String calculation(Bill b) {
        if ("area".equals(b.basis())) {
            return b.areaM2().toPlainString() + "平方米 × " + b.unitPrice().toPlainString() + "元 × " + b.months()
                    + "个月 = " + b.amount().toPlainString() + "元";
        }
        BigDecimal whole = b.unitPrice().multiply(BigDecimal.valueOf(b.months()));
        String each = b.unitPrice().toPlainString() + "元 × " + b.months() + "个月";
        if (b.amount().compareTo(whole) == 0) {
            return each + " = " + b.amount().toPlainString() + "元";
        }
        // a share of the whole (a discount, part of a month) is shown as its factor when it is a short one ("× 0.5");
        // one with no short decimal (a third) is said as the sum charged, never divided out
        BigDecimal factor = whole.signum() == 0 ? null : shortQuotient(b.amount(), whole);
        return factor == null ? each + "，本期应收" + b.amount().toPlainString() + "元"
                : each + " × " + factor.toPlainString() + " = " + b.amount().toPlainString() + "元";
    }

    /** a / b when it has at most four decimals, else null. */
    private static BigDecimal shortQuotient(BigDecimal a, BigDecimal b) {
        try {
            BigDecimal q = a.divide(b).stripTrailingZeros();
            return q.scale() <= 4 ? q : null;
        } catch (ArithmeticException notTerminating) {
            return null;
        }
    }

    private static final java.util.regex.Pattern SPOKEN_NUMBER = java.util.regex.Pattern.compile(
            "[零〇一二三四五六七八九幺]{3,4}|(?<=[A-Za-z])[一二三四五六七八九]");

    /** Room numbers said digit by digit ("五零二", "A一栋" on the phone line) written as digits: 502, A1栋. */
    static String spokenDigits(String text) {
        if (text == null) {
            return "";
        }
        return SPOKEN_NUMBER.matcher(text).replaceAll(m -> {
            StringBuilder out = new StringBuilder();
            m.group().codePoints().forEach(c -> {
                int digit = "零一二三四五六七八九".indexOf(c);
                out.append(digit >= 0 ? digit : c == '〇' ? 0 : 1); // 幺 is "one" said on the phone
            });
            return out.toString();
        });
    }

    private static final java.util.regex.Pattern HOUSE_SAID = java.util.regex.Pattern.compile(
            "([A-Za-z]?\\d+)\\s*(?:幢|栋|号楼|-)\\s*(\\d+)\\s*(?:单元|-)\\s*(\\d{2,4})"
                    + "|(?<![A-Za-z])([A-Za-z])\\s*(?:区|栋|幢|座)[^\\d，,。？?！!]{0,6}?(\\d+)\\s*单元\\s*(\\d{2,4})");

    /** "3幢2单元501", "3-2-501", "3栋2单元501室" → "3-2-501"; null when no house number is given. */
    static String normalizeHouse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        // "3栋2单元502", "3-2-502", and a lettered block said with a word between ("B区那套 就是2单元12号")
        var m = HOUSE_SAID.matcher(text);
        if (!m.find()) {
            return null;
        }
        int g = m.group(1) != null ? 1 : 4;
        return m.group(g).toUpperCase() + "-" + m.group(g + 1) + "-" + m.group(g + 2);
    }

    private static List<WorkOrder> rank(List<WorkOrder> list, String hint) {
        if (hint == null || hint.isBlank()) {
            return list;
        }
        java.util.function.ToIntFunction<WorkOrder> close = closeness(hint);
        Map<WorkOrder, Integer> score = new java.util.IdentityHashMap<>();
        list.forEach(w -> score.put(w, close.applyAsInt(w)));
        List<WorkOrder> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((WorkOrder w) -> -score.get(w)));
        return sorted;
    }

    private static Optional<WorkOrder> pick(List<WorkOrder> candidates, String codeOrHint) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (codeOrHint != null) {
            for (WorkOrder w : candidates) {
                if (codeOrHint.contains(w.code())) {
                    return Optional.of(w);
                }
            }
        }
        return Optional.of(rank(candidates, codeOrHint).get(0));
    }

    /**
     * How much a hint says of an order: shared pairs of Chinese characters or digits with its title,
     * description and category, and shared English words. English is read by words, not letter pairs —
     * "cancel one of my repair requests" shares a dozen pairs with any order described in English — and
     * an English hint of the order's trade ("the key card one") names it, whatever language it was told in.
     */
    private static int overlap(String hint, WorkOrder w) {
        String text = w.title() + " " + w.description() + " " + dev.guanjia.community.category.ServiceCategory.ofCode(w.category())
                .map(c -> c.label()).orElse("");
        // Latin letters pair too when they sit in Chinese ("IC卡那个", "B2车库"); an English hint is read by words
        boolean han = HAN.matcher(hint).find();
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 1 < hint.length(); i++) {
            // two characters that say something: "了，" or "一个" names no order ("撤一个吧"), "门把" does
            char a = hint.charAt(i);
            char b = hint.charAt(i + 1);
            if (pairable(a, han) && pairable(b, han) && (telling(a) || telling(b))) {
                grams.add(hint.substring(i, i + 2));
            }
        }
        int n = 0;
        for (String g : grams) {
            if (text.contains(g)) {
                n++;
            }
        }
        Set<String> told = englishWords(text);
        return n + (int) englishWords(hint).stream().filter(told::contains).count();
    }

    /** The English words of a text that could name one order: not the words for orders, faults or asking. */
    private static Set<String> englishWords(String text) {
        Set<String> out = new HashSet<>();
        var word = ENGLISH_WORD.matcher(text.toLowerCase(java.util.Locale.ROOT));
        while (word.find()) {
            if (!ORDER_TALK.contains(word.group())) {
                out.add(word.group());
            }
        }
        return out;
    }

    /**
     * How well a hint picks each order out: what they share, and for an English hint the order's trade named
     * (the hint classified once, not once per order compared).
     */
    private static java.util.function.ToIntFunction<WorkOrder> closeness(String hint) {
        var trade = HAN.matcher(hint).find() || !ENGLISH_WORD.matcher(hint).find()
                ? dev.guanjia.community.category.ServiceCategory.OTHER : CLASSIFIER.classify(hint).category();
        return w -> overlap(hint, w)
                + (trade != dev.guanjia.community.category.ServiceCategory.OTHER && trade.code().equals(w.category()) ? 2 : 0);
    }

    /** An order told or titled with English words, which an English hint can be matched against word by word. */
    private static boolean toldInEnglish(WorkOrder w) {
        return !englishWords(w.title() + " " + w.description()).isEmpty();
    }

    private static boolean pairable(char c, boolean inChinese) {
        return Character.isDigit(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || inChinese && Character.isLetter(c);
    }

    private static final java.util.regex.Pattern HAN = java.util.regex.Pattern.compile("\\p{IsHan}");
    private static final java.util.regex.Pattern ENGLISH_WORD = java.util.regex.Pattern.compile("[a-z]{3,}");
    /**
     * English words that speak of orders in general, of the speaker, of asking or of going wrong, and so name
     * none of them ("leaking … still nobody came" is said of any leak).
     */
    private static final Set<String> ORDER_TALK = Set.of("the", "and", "one", "ones", "that", "this", "those", "these",
            "still", "again", "working", "work", "works", "broken", "broke", "leaking", "leaks", "leak", "fix", "fixed",
            "send", "someone", "somebody", "come", "came", "coming", "nobody", "yet", "help", "issue", "problem",
            "what", "when", "where", "how", "why", "who", "which", "there", "here", "today", "tomorrow", "yesterday",
            "please", "cancel", "cancelled", "canceled", "delete", "drop", "withdraw", "remove", "repair", "repairs",
            "request", "requests", "order", "orders", "ticket", "tickets", "report", "reports", "job", "jobs",
            "way", "also", "need", "don", "not", "any", "more", "anymore", "longer", "for", "about", "with", "was",
            "were", "are", "have", "has", "had", "can", "you", "your", "mine", "our", "all", "some", "other",
            "another", "first", "last", "earlier", "now", "then", "just", "thanks", "thank", "want", "would", "like");

    /** The shop or office of someone who also has a home: "我那门脸房", "铺头", "the shop". */
    private static final java.util.regex.Pattern PREMISES_NAMED = java.util.regex.Pattern.compile(
            "门脸|门面|铺面|商铺|铺子|铺头|店面|店铺|底商|沿街|写字楼|(?i)\\b(shop|store)\\b");

    private static final java.util.regex.Pattern HOME_NAMED = java.util.regex.Pattern.compile(
            // (or both said outright: "一套住嘅一套铺头 两个加埋", "两套一共")
            "屋企|家里|我家|屋里|住的|住嘅|住宅|房子和|(两|二)(套|间|处)[^，,。？?！!]{0,4}(加埋|加起来|一共|总共|合计|都)|(两|二)个加埋|(?i)\\b(home|flat|apartment|both)\\b");

    /** Of several houses, those of the kind the words name (a shop, an office); all when they name none or all. */
    private static List<Resident.Household> ofTheKindNamed(List<Resident.Household> houses, String said) {
        // "我屋企同楼下间铺头": the home named beside the shop wants both
        if (houses.size() < 2 || said == null || !PREMISES_NAMED.matcher(said).find() || HOME_NAMED.matcher(said).find()) {
            return houses;
        }
        List<Resident.Household> premises = houses.stream()
                .filter(h -> "shop".equals(h.houseType()) || "office".equals(h.houseType())).toList();
        return premises.isEmpty() || premises.size() == houses.size() ? houses : premises;
    }

    /** Grammar and pointing words: they say nothing of what an order was about. */
    private static final String UNTELLING = "了的吧吗呢啊呀嘛哦么个一这那我你他她它们就都也还又把给是";

    private static boolean telling(char c) {
        return UNTELLING.indexOf(c) < 0;
    }

    /** An order as the agent reads it; the appointment in the community's own time. */
    private Map<String, Object> view(WorkOrder w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", w.code());
        m.put("title", w.title());
        m.put("category", w.category());
        m.put("priority", w.priority().code());
        m.put("status", w.status().code());
        m.put("statusLabel", w.status().label());
        m.put("assigneeName", w.assigneeName());
        m.put("createdAt", w.createdAt().toString());
        m.put("rating", w.rating());
        m.put("house", w.houseCode());
        if (w.appointmentFrom() != null && w.appointmentTo() != null) {
            java.time.ZoneId zone = communities.zone(w.communityId());
            var from = w.appointmentFrom().atZoneSameInstant(zone);
            var to = w.appointmentTo().atZoneSameInstant(zone);
            m.put("appointment", String.format("%d月%d日 %02d:%02d-%02d:%02d", from.getMonthValue(), from.getDayOfMonth(),
                    from.getHour(), from.getMinute(), to.getHour(), to.getMinute()));
        }
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
