package dev.guanjia.bot.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.bot.tools.ServiceDeskTools;
import dev.guanjia.bot.turn.TurnContext;
import dev.guanjia.knowledge.analysis.KnowledgeAnalysis;
import dev.guanjia.ticketing.appointment.VisitWindow;
import dev.guanjia.ticketing.classify.Classification;
import dev.guanjia.ticketing.classify.Classifier;
import dev.guanjia.ticketing.workorder.Priority;
import dev.langchain4j.invocation.InvocationParameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the desk does the same way whatever model is behind it — local, remote, or the fallback
 * between them: privacy refusals, emergencies, keypad digits, a person on request, complaints,
 * status before a duplicate order, and a person after two questions it could not answer. The model
 * only understands and words the rest.
 */
public final class DialoguePolicy {

    /** Someone who comes to mend things: a part naming them asks about the repair, not a fact. */
    private static final Pattern TRADESMAN = Pattern.compile("师傅|维修工|修理工|工人|来修|上门|(?i)\\b(technician|plumber|electrician|repair|fix)");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The attribute of a reply in the chat memory that carries dialogue state for the offline model. */
    public static final String STATE = "guanjia_state";
    /** Asking how a dangerous thing is handled in general is a question, not an emergency. */
    private static final Pattern HOW_TO = Pattern.compile(
            "怎么办理|规定|如果|万一|要是|假如|假设|会不会|能不能|可以.{0,4}吗|什么情况下|"
                    // "what should I do if a pipe bursts?": a case supposed, not happening
                    + "(?i)\\bwhat (should|do|would|must) (i|we|you|one) do if\\b|^\\s*what if\\b");
    private static final int MISSES_BEFORE_PERSON = 2;
    /** Asking whether something is coming ("最近要停水不", "这周停电吗"), not what to do about it. */
    private static final Pattern WHETHER_COMING = Pattern.compile(
            "(最近|近期|这几天|这两天|这周|本周|下周|明天|今天|后天|过几天)[^，,。？?！!]{0,6}(要|会|有)?(停|断)|要(停|断)|会不会|有没有|是不是|"
                    + "(停|断)[^，,。？?！!]{0,4}[吗不没][？?]?\\s*$|(?i)\\b(any|is there|will there)\\b");
    /** The duty line told of without its number ("等不及的话可直接拨打24小时值班电话。"). */
    private static final Pattern DUTY_LINE_UNNAMED = Pattern.compile(
            "((?:24小时)?(?:值班|应急)电话)(?![\\s:：（(是为]*[0-9])|(24-hour (?:duty|emergency) line)(?![\\s:（(is]*(?:now[\\s:]*)?[0-9])");

    /** A reply that tells the resident to call the duty line says its number, whichever model wrote it. */
    String namingTheDutyLine(String reply, TurnContext turn) {
        if (reply == null || !DUTY_LINE_UNNAMED.matcher(reply).find()) {
            return reply;
        }
        return tools.dutyPhone(turn).map(phone -> DUTY_LINE_UNNAMED.matcher(reply)
                .replaceAll(r -> java.util.regex.Matcher.quoteReplacement(r.group() + (r.group(1) != null ? "" : " ") + phone)))
                .orElse(reply);
    }

    /** An emergency of another kind than the one just taken (smoke after a leak). */
    private static boolean anotherDanger(String m, Classification c, TurnContext turn) {
        return c.priority() == Priority.EMERGENCY
                && Danger.of(m).map(d -> !d.name().equals(turn.emergencyDanger())).orElse(false);
    }

    /** When someone is in ("下午一直在家", "明早8点后"): a visit time for the order, not a word on the emergency. */
    private static boolean visitTimeSaid(String m) {
        return VisitWindow.namesATime(m) || VisitWindow.saysSomeoneIn(m);
    }

    /** The state flag of a reply that registered an order itself. */
    public static final String MADE_NOW = "madeNow";
    /** The state key listing the orders a reply asked the resident to choose from. */
    public static final String LISTED = "ordersListed";
    /** The state key naming the emergency order a reply registered. */
    public static final String EMERGENCY_ORDER = "emergencyOrder";
    /** The state key naming the danger of that emergency order. */
    public static final String EMERGENCY_DANGER = "emergencyDanger";
    /** The hand-off reason after two questions without an answer (the desk records those questions). */
    public static final String TWO_MISSES = "two questions without an answer";
    /**
     * Rating an order, or giving one up ({@link Cues#givesUpAnOrder}): done to an order, not asked or reported —
     * it names an earlier order too, but wants that done, not its status.
     */
    private static final Pattern RATES = Pattern.compile(
            "评价|打分|好评|差评|" + Cues.NO_CLOCK_BEFORE + "[1-5一二三四五]\\s*(" + Cues.POINTS + "|星)|(?i)\\b(rate|rating|stars?)\\b|颗星");

    private static boolean changesAnOrder(String m) {
        return RATES.matcher(m).find() || Cues.givesUpAnOrder(m);
    }

    /**
     * A supply or the lift out of service, told as a fault ("电梯停了", "the lift is stopped", "no water since
     * morning"): when a current notice for the resident's building covers it, the notice is the answer.
     */
    private static final Pattern OUTAGE = Pattern.compile(
            "电梯[^，,。？?！!]{0,8}(停了|不动|不走|坏了|不能用|用不了|停运|停用|不运行|没反应)|"
                    + "(没|沒|冇|停|断)(水|电|气|暖气)了?|(水|电|气)(停|断)了|"
                    // "水龙头拧开一滴水都没有", "不出水", "家里没有水"
                    + "一滴水(都|也)?(没|冇|不出)|(一点|半点|一丁点)(儿)?水(都|也)(没|冇|不出|出不来)|不出水|(没有|没得|莫得)水|"
                    + "(?i)\\b(lifts?|elevators?)\\b.{0,30}\\b(stopped|not working|out of (order|service)|broken|down|doesn'?t work)\\b|"
                    + "\\bno (water|power|electricity|gas|heating)\\b|\\b(water|power|electricity) (is |has been )?(off|out|cut)\\b");

    /** One socket, light or appliance without power ("空调那个插座没电了，是不是线路有问题") is a fault, not an outage. */
    private static final Pattern FITTING = Pattern.compile(
            "插座|插坐|插头|开关|灯|空调|冰箱|洗衣机|热水器|油烟机|电器|空开|漏保|跳闸|线路|电路|(?i)\\b(socket|outlet|switch|breaker)\\b");
    /** Asking whether anything was announced at all ("有啥通知没", "发了什么公告"), not naming a kind. */
    private static final Pattern NOTICES_AT_ALL = Pattern.compile(
            "(什么|啥|哪些|新的?|最近的?)(通知|公告|通告)|(通知|公告|通告)(没|吗|嘛|么|不|呢|冇)|"
                    + "(有|发|出|贴)(没有|了|过|咗)?[^，,。？?！!]{0,4}(通知|公告|通告)|(?i)\\b(any|new|latest|recent|current)( [a-z]+)? (notices?|announcements?)\\b|"
                    + "(?i)\\banything (going on|happening|planned|coming up)\\b");

    /** Trades that visit a home: a second fault of theirs can be seen on a visit already agreed. */
    private static final java.util.Set<dev.guanjia.community.category.ServiceCategory> HOME_TRADES = java.util.EnumSet.of(
            dev.guanjia.community.category.ServiceCategory.PLUMBING, dev.guanjia.community.category.ServiceCategory.ELECTRICAL,
            dev.guanjia.community.category.ServiceCategory.DOOR_ACCESS);

    /** Trades whose things are the estate's, shared by everyone: a fault of theirs needs no visit time. */
    private static final java.util.Set<dev.guanjia.community.category.ServiceCategory> SHARED_TRADES = java.util.EnumSet.of(
            dev.guanjia.community.category.ServiceCategory.ELEVATOR, dev.guanjia.community.category.ServiceCategory.PUBLIC_FACILITY,
            dev.guanjia.community.category.ServiceCategory.GREENING, dev.guanjia.community.category.ServiceCategory.CLEANING);

    /** An order itself named: "那个单子", "工单", "the ticket", "the repair I reported". */
    private static final Pattern ORDER_NAMED = Pattern.compile(
            "单子|工单|维修单|报修单|那单|那张单|(报修|维修)记录|(?i)\\b(tickets?|orders?|(i|we) (reported|filed|lodged|made))\\b");

    /**
     * A report made before, named as such ("之前报修厨房水龙头那个事", "the 门禁 thing we reported in Oct"): the fault
     * told with it is that report's, whose outcome is asked.
     */
    private static final Pattern EARLIER_NAMED = Pattern.compile(
            "(之前|以前|上次|上回|上个?月|上周|上礼拜|上星期|前几天|前两天|前些天|去年|早前)[^，,。？?！!]{0,6}(报|反映|投诉)|"
                    + "(报|反映)[^，,。？?！!]{0,12}(那个|那件|那桩|嗰个|嗰单)(事|问题|单)|(?i)\\b(we|i) (reported|complained about|logged|raised)\\b");

    /** Days gone by: when something was reported, never when someone will be in. */
    private static final Pattern PAST_DAY = Pattern.compile(
            "上个?月(底|初|中)?|上(个)?(周|礼拜|星期)[一二三四五六日天]?|前几天|前两天|前些天|昨天|前天|去年|\\d{1,2}月份?(报|那次|的时候)|"
                    + "(?i)\\b(in|last|since|back in) (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\b|"
                    + "\\blast (week|month|year)\\b|\\b\\w+ (days|weeks|months) ago\\b");
    /** A new fault said after the earlier report: "现在卫生间下水道堵了", "now the toilet is blocked". */
    private static final Pattern NOW_ANOTHER = Pattern.compile("[，,。；;]\\s*(现在|这次|这回|今天|另外|还有)|(?i)\\bnow (the|my|our|it'?s)\\b");

    /** The writer's own report named ("我报的那个", "my repair order"), not reports in general. */
    private static final Pattern OWN_REPORT = Pattern.compile(
            "(我|俺|咱|阿拉|我们|我家)(家里|屋里)?(的|报的|报了|报过|家的|那个|那张|那单|申请的|登记的)|(?i)\\b(my|i reported|we reported|i filed)\\b");

    private final ServiceDeskTools tools;
    private final Classifier classifier;

    public DialoguePolicy(ServiceDeskTools tools, Classifier classifier) {
        this.tools = tools;
        this.classifier = classifier;
    }

    /**
     * The reply when the policy owns this turn, after running the tools it needs; empty when the
     * model should answer.
     */
    public Optional<String> before(String text, TurnContext turn) {
        String t = text.strip();
        // the cues and the taxonomy read the Mandarin of what was written ("修好冇" → "修好没");
        // the resident's own words are what the tools record
        String m = Vernacular.read(t);
        Language l = turn.language();
        InvocationParameters p = InvocationParameters.from(Map.of(TurnContext.KEY, turn));
        if (Cues.probesPrivacy(t) || Cues.probesPrivacy(m)) {
            return Optional.of(Replies.privacyRefusal(l));
        }
        if ("voice".equals(turn.identity().channel()) && Cues.keypad(t)) {
            return switch (t) {
                case "0" -> Optional.of(Replies.handOff(l, parse(tools.handOff("caller pressed 0", "来电按0要求人工服务", p))));
                case "1" -> Optional.of(Replies.bills(l, parse(tools.listMyBills("", p))));
                case "3" -> Optional.of(Replies.status(l, parse(tools.myWorkOrders("", p))));
                case "4" -> Optional.of(Replies.notices(l, parse(tools.currentNotices("", p))));
                case "2" -> Optional.empty();
                default -> Optional.of(Replies.keypadMenu(l));
            };
        }
        // right after an emergency was taken, "进水阀拧紧了，师傅快来" or "还在喷，关不住" is about that order: it is
        // confirmed with its number and the duty line — never a second order, nor a question searched. A visit
        // time said instead ("下午一直在家") is the model's, which books it on that order.
        // A new danger of another kind ("现在楼道里全是烟") is a new emergency, not a word on the first.
        // "那个投诉先放着，今天单元门刷不开了": the earlier matter put aside, the message is about the new one
        // (an emergency or a complaint said before it still is one: "有人被困在电梯里了！另外一件事，…")
        AnotherMatter.Raised another = AnotherMatter.in(m, classifier);
        Classification whole = classify(t, m);
        Classification c = another == null || whole.priority() == Priority.EMERGENCY ? whole
                : classify(another.raised(), another.raised());
        if (turn.emergencyOrder().isPresent() && turn.resident().isPresent()
                && (Cues.followsEmergency(t) || Cues.followsEmergency(m)) && !changesAnOrder(m)
                && !visitTimeSaid(m) && !anotherDanger(m, c, turn)) {
            return Optional.of(Replies.emergencyFollowUp(l, parse(tools.emergencyOrder(turn.emergencyOrder().get(),
                    Cues.asksAfterTheOrder(t) || Cues.asksAfterTheOrder(m), p)), Cues.asksAboutOneThing(m)));
        }
        // asked to sign in, a visitor who answers with a house or a name, or insists ("你直接告诉我多少钱不就完了"), is
        // told again how to: a house number or a name is no proof of who is asking
        // (a question of its own beside the house — "我是1幢的，想问问电梯什么时候维保" — is answered instead)
        if (turn.resident().isEmpty() && turn.identityAsked().isPresent() && c.priority() != Priority.EMERGENCY
                && !classifier.describesProblem(m) && (Cues.insistsOnOwnRecords(t) || Cues.insistsOnOwnRecords(m)
                || (Cues.saysWhoOrWhere(t) || Cues.saysWhoOrWhere(m)) && !AsksFact.in(t) && !AsksFact.in(m))) {
            return Optional.of(switch (turn.identityAsked().get()) {
                case "work_orders", "work_order", "complaint" -> Replies.status(l, parse(tools.myWorkOrders("", p)));
                case "payment" -> Replies.payment(l, parse(tools.offerPayment("", "", p)));
                default -> Replies.bills(l, parse(tools.listMyBills("", p)));
            });
        }
        if (c.priority() == Priority.EMERGENCY && !HOW_TO.matcher(m).find()) {
            return Optional.of(Replies.emergency(l, parse(tools.reportEmergency(t, p))));
        }
        // "您问的是哪一张？" answered: "电梯那个", "第二个", a code — that order's status (giving one of them up, or a
        // person, is not a pick; words that single none out go on as any message)
        // (a fault told — "都不是，厨房水管又漏水了" — or a complaint is no pick, nor a long message)
        if (!turn.ordersListed().isEmpty() && turn.resident().isPresent() && !Cues.givesUpAnOrder(m)
                && !Cues.wantsPerson(m) && !Cues.wantsPerson(t) && !classifier.describesProblem(m) && !Cues.complains(t)
                && !Cues.complains(m) && m.codePointCount(0, m.length()) <= 16) {
            JsonNode picked = parse(tools.listedWorkOrder(m, turn.ordersListed(), p));
            if ("ok".equals(picked.path("status").asText())) {
                return Optional.of(Replies.status(l, picked));
            }
        }
        // 回访: after a supervisor answered a complaint, "解决了" / "没解决" / "4分" is the resident's verdict on it
        if (turn.resident().isPresent() && !"voice".equals(turn.identity().channel())) {
            Optional<Cues.FollowUp> verdict = Cues.followUp(t);
            if (verdict.isPresent() && tools.awaitsFollowUp(p)) {
                return Optional.of(Replies.followUpRecorded(l, parse(tools.recordFollowUp(
                        verdict.get().resolved(), verdict.get().score(), p))));
            }
        }
        // whether it is a complaint, read once: the paths below each check it (it may classify the message)
        // (the earlier matter only named as a complaint — "那个投诉先放着", "my noise complaint" — is none now)
        boolean complaint = another == null ? complains(t, m) : complains(another.raised(), another.raised())
                || complains(another.earlier(), another.earlier())
                && (!Cues.namesComplaint(another.earlier()) || Cues.wantsToComplain(another.earlier()));
        if (Cues.wantsPerson(t) || Cues.wantsPerson(m)) {
            // "打电话没人接，你们这物业到底咋整的，我得找你们经理": the complaint is filed as well as the person called
            if (complaint) {
                return Optional.of(complaintTaken(l, t, turn, p));
            }
            return Optional.of(Replies.handOff(l, parse(tools.handOff("resident asked for a person", t, p))));
        }
        // right after an order was registered the next words are most likely about it: "师傅到哪了", "报上了没",
        // "大概多久能修好" ask how it stands; "不用了，我儿子给换好了" calls the visit off; "阳台灯也不亮了，一块儿给
        // 瞅瞅" is a second fault seen on the same visit
        // (discontent said with it — "多久能修好？你们效率太差了，我要投诉" — is the complaint's, below)
        if (turn.orderJustMade().isPresent() && turn.resident().isPresent() && !complaint) {
            String code = turn.orderJustMade().get();
            boolean fault = classifier.describesProblem(m);
            // "师傅到哪了？水还在漏": the fault going on is no new one — the order's status; so is a remedy asked
            // after with no thing named ("那大概什么时候能清走"), though the remedy's word reads as a bad state
            if ((!fault || Cues.persists(m) || !classifier.namesAThing(m) && !OUTAGE.matcher(m).find())
                    && (Cues.asksAfterTheOrder(t) || Cues.asksAfterTheOrder(m))
                    && !Cues.givesUpAnOrder(m)) {
                JsonNode mine = parse(tools.myWorkOrders(code, p));
                if ("ok".equals(mine.path("status").asText())) {
                    return Optional.of(Replies.status(l, mine));
                }
            }
            // a second fault in the home to be seen on the same visit ("书房插座也没电了，顺便一起看看")
            if (fault && HOME_TRADES.contains(c.category()) && (Cues.onTheSameVisit(t) || Cues.onTheSameVisit(m))
                    && c.priority() != Priority.EMERGENCY) {
                JsonNode beside = parse(tools.createBeside(code, t, c.category().code(), p));
                switch (beside.path("status").asText()) {
                    case "ok" -> {
                        return Optional.of(Replies.created(l, beside.path("order")));
                    }
                    case "same_trade" -> {
                        return Optional.of(Replies.detailed(l, parse(tools.addWorkOrderDetail(code, t, p)), t));
                    }
                    default -> {
                        // no visit booked on it: the model asks when, as for any new fault
                    }
                }
            }
            if (!fault && (Cues.callsOffTheVisit(t) || Cues.callsOffTheVisit(m))) {
                return Optional.of(Replies.cancelled(l, parse(tools.cancelWorkOrder(code, t, p))));
            }
            // more of the same fault, or a correction of it ("仲有啊，系个花洒驳口度漏，唔系条喉"), without a time of its
            // own: what the technician already coming should know, not a second order
            if (fault && c.category() != dev.guanjia.community.category.ServiceCategory.OTHER
                    && c.priority() != Priority.EMERGENCY && !visitTimeSaid(m) && !Cues.givesUpAnOrder(m)
                    && tools.openOrderCategory(code, p).filter(c.category().code()::equals).isPresent()) {
                return Optional.of(Replies.detailed(l, parse(tools.addWorkOrderDetail(code, t, p)), t));
            }
            // what goes wrong said with no thing named ("关门的时候哐哐响 还抖得厉害", "断了一根 还露着铁尖") is
            // about the thing the order was just made for, whatever trade the bad state alone would suggest
            // (not a supply out, a nuisance, someone else's doing, or anything urgent: those are matters of their own)
            if (fault && (c.priority() == Priority.NORMAL || c.priority() == Priority.LOW) && !visitTimeSaid(m)
                    && !Cues.givesUpAnOrder(m) && !classifier.namesAThing(m) && another == null
                    && !OUTAGE.matcher(m).find() && !OTHERS_DOING.matcher(m).find()
                    && !OWN_MATTERS.contains(c.category()) && tools.openOrderCategory(code, p)
                    // a suggestion or a complaint just filed has no thing a technician comes for: a fault told after
                    // it ("还有，那步道有的地方砖翘起来了") is a report of its own
                    .filter(made -> !"suggestion".equals(made) && !"complaint".equals(made)).isPresent()) {
                return Optional.of(Replies.detailed(l, parse(tools.addWorkOrderDetail(code, t, p)), t));
            }
        }
        // booking, cancelling and listing bookings are done, not explained, whatever the model
        // ("我家这季物业费多少 另外茶室开到几点": the resident's own bills asked beside follow, when a fee of the home is
        // named — "一桌好多钱" asks the booking's own price)
        Optional<String> booking = tools.bookingTurn(m, turn);
        if (booking.isPresent()) {
            return booking.map(r -> r + billsBeside(l, t, turn, p, true));
        }
        // right after their bills were shown, "那就交了吧", "怎么付", "扫码付吧" pays those bills
        if (tools.paymentsOn() && turn.billsShown() && turn.resident().isPresent()
                && (Cues.paysWhatWasShown(t) || Cues.paysWhatWasShown(m))) {
            return Optional.of(Replies.payment(l, parse(tools.offerPayment("", "", p))));
        }
        // right after their bills were shown, "那405呢", "那12栋501那套呢", "what about 3-1-1705?": the bills of the home named
        if (turn.billsShown() && turn.resident().isPresent() && (Cues.asksAboutAnotherHome(t) || Cues.asksAboutAnotherHome(m))) {
            return Optional.of(notTheirs(l, t, turn).orElseGet(() -> Replies.bills(l, parse(tools.listMyBills(t, p)), t)));
        }
        // paying now is done, not explained: the bills and one payment for them, whatever the model
        // "交钱的时候比谁都积极…我要投诉你们": money named in a complaint is no wish to pay
        if (tools.paymentsOn() && Cues.wantsToPay(m) && !complaint) {
            String now = Cues.payingNow(m);
            JsonNode offer = parse(tools.offerPayment(now, now, p));
            // nothing to pay: the bills themselves (what was paid, when) answer better than "no need to pay"
            if ("nothing_due".equals(offer.path("status").asText()) && offer.path("named").isEmpty()) {
                return Optional.of(Replies.bills(l, parse(tools.listMyBills("", p))));
            }
            return Optional.of(Replies.payment(l, offer));
        }
        // how or where to pay, asked by a known resident who owes ("物业费在哪点交嘛", "Can I use Alipay?"): the ways from
        // the article, their bills, and one payment for what they owe, so the answer is also the way (nothing is charged
        // until they pay it); with no article that says how, or nothing owed, as below
        if (tools.paymentsOn() && turn.resident().isPresent() && !complaint
                && (Cues.asksWaysToPay(t) || Cues.asksWaysToPay(m)) && onlyAboutMoney(t)
                // (a utility's bill or a deposit — "电费在哪里交", "装修押金在哪交" — is paid elsewhere or otherwise)
                && !NOT_THE_HOMES_BILLS.matcher(m).find()
                && !classifier.describesProblem(m) && notTheirs(l, t, turn).isEmpty()) {
            JsonNode found = feeRuleFound(t, t, true, p);
            if (!found.path("abstained").asBoolean(true)) {
                String now = Cues.payingNow(m);
                JsonNode offer = parse(tools.offerPayment(now, now, p));
                if ("offered".equals(offer.path("status").asText())) {
                    StringBuilder out = new StringBuilder();
                    Replies.quote(out, found, Integer.MAX_VALUE);
                    return Optional.of(out.append('\n').append(Replies.bills(l, parse(tools.listMyBills(t, p)), t))
                            .append('\n').append(Replies.payment(l, offer, true)).toString());
                }
            }
        }
        // a known resident asking about their own account ("我屋这期该交好多", "Have I paid the service charge yet?"),
        // or about a fee charged to their home in any wording ("物管费还差多少没交", "供暖费出账单了吗", "物业费怎么
        // 交"): their bills, whatever the model; when the rule is asked too (the standard, how it is computed, when or
        // how it is paid) or what a fee comes to ("我那套房子物业费多少"), the article's passage first and their bills
        // after it, so a resident who wanted the rule and one who wanted their figure are both served. A visitor's
        // question is the model's (the article alone); a room that is not theirs is refused.
        // ("that is not the service we pay for": a complaint that names the money, not a question of it)
        boolean ownAccount = (Cues.asksOwnBills(t) || Cues.asksOwnBills(m)) && !complaint;
        boolean homeFee = !ownAccount && (Cues.asksAboutHomeFee(t) || Cues.asksAboutHomeFee(m)) && !complaint;
        if (turn.resident().isPresent() && (ownAccount || homeFee) && onlyAboutMoney(t)
                && !classifier.describesProblem(m)) {
            Optional<String> notYours = notTheirs(l, t, turn);
            if (notYours.isPresent()) {
                return notYours;
            }
            // the fee named ("车位租金还欠多少") is summed first, and a house number said picks that house, as the model's call does
            String bills = Replies.bills(l, parse(tools.listMyBills(t, p)), t);
            boolean rule = Cues.asksFeeRule(t) || Cues.asksFeeRule(m);
            if (rule || Cues.asksOwnFeeAmount(m) || Cues.asksOwnFeeAmount(t)) {
                JsonNode found = feeRuleFound(t, m, rule, p);
                if (!found.path("abstained").asBoolean(true)) {
                    StringBuilder out = new StringBuilder();
                    Replies.quote(out, found, Integer.MAX_VALUE);
                    return Optional.of(out.append('\n').append(bills).toString());
                }
            }
            return Optional.of(bills);
        }
        // outages, maintenance and activities: the current notices for the resident's building answer
        // first; with none that applies, the model answers (the knowledge base)
        boolean changesAnOrder = changesAnOrder(m);
        // "Just a suggestion: post the notices in English too": a suggestion that names notices asks for none
        boolean suggestion = Cues.suggests(m);
        // a utility company's check at the door ("听说燃气公司要上门查气 是真的不 哪天来"): the notice that announces it
        // (a visit to the home, which reads as a request, is no repair asked); with none, the articles
        if (tools.noticesOn() && (Cues.asksAboutAUtilityCheck(t) || Cues.asksAboutAUtilityCheck(m)) && !complaint
                && c.priority() != Priority.EMERGENCY) {
            JsonNode named = parse(tools.noticesNamed(m, p));
            if ("ok".equals(named.path("status").asText())) {
                return Optional.of(noticesAnswer(l, named, t, m, p));
            }
        }
        // works going on ("门口在施工吗 要搞多久"): the notice that names them, else every current notice
        boolean works = tools.noticesOn() && (Cues.asksAboutWorks(t) || Cues.asksAboutWorks(m)) && !complaint && !suggestion
                && !changesAnOrder && !classifier.describesProblem(m);
        if (works) {
            JsonNode named = parse(tools.noticesNamed(m, p));
            if ("ok".equals(named.path("status").asText())) {
                return Optional.of(noticesAnswer(l, named, t, m, p));
            }
        }
        // "电梯门好了，我那个单子撤了嘛": cancelling an order names what it was for, which is no question about a notice
        if (tools.noticesOn() && (Cues.asksAboutNotices(t) || Cues.asksAboutNotices(m) || works) && !complaint && !suggestion
                && !changesAnOrder) {
            Optional<String> answered = noticesTurn(l, t, m, c, turn, p);
            if (answered.isPresent()) {
                return answered.map(r -> r + billsBeside(l, t, turn, p) + repairBeside(l, t, m, c, turn, p));
            }
        }
        // a lift or supply out that a current notice for the resident's building explains: the notice, not a
        // technician sent to planned work (a report about something else is one word away)
        if (tools.noticesOn() && turn.resident().isPresent() && !changesAnOrder && !complaint
                && (OUTAGE.matcher(m).find() || OUTAGE.matcher(t).find())) {
            String outage = OUTAGE.matcher(t).find() ? t : m;
            JsonNode notices = parse(tools.currentNoticesUnsaid(outage, p));
            if ("ok".equals(notices.path("status").asText()) && notices.path("asked").size() > 0
                    && explainsToday(notices, m)) {
                tools.noticesGiven(notices, p);
                // "Is the water off today? Also pls show my bills": the bills asked beside it too
                return Optional.of(Replies.notices(l, notices) + l.say("\n如果不是公告里的这个情况，回复“报修”并说明问题，我为您登记。",
                        "\nIf it is something else, reply \"repair\" with what is wrong and I will register it.")
                        + billsBeside(l, t, turn, p) + repairBeside(l, t, m, c, turn, p));
            }
        }
        // a notice asked about by its subject ("楼顶在搞什么", "壁挂炉检查到哪天截止"), not a problem reported
        if (tools.noticesOn() && Cues.asksWhatIsOn(m) && !classifier.describesProblem(m) && !complaint && !suggestion
                && !Cues.asksAboutEarlierReport(m)) {
            JsonNode named = parse(tools.noticesNamed(m, p));
            if ("ok".equals(named.path("status").asText())) {
                return Optional.of(noticesAnswer(l, named, t, m, p));
            }
        }
        if (turn.resident().isPresent() && !changesAnOrder) {
            boolean earlier = Cues.asksAboutEarlierReport(t) || Cues.asksAboutEarlierReport(m);
            boolean persisting = Cues.persists(m) && c.category() != dev.guanjia.community.category.ServiceCategory.OTHER;
            // "厨房漏水那个报修…" — a report referred to with a fault of its trade told, not broken again: that
            // report, when one of the trade is open (with none, a new report below)
            boolean reportNamed = !earlier && !persisting && (Cues.refersToReport(t) || Cues.refersToReport(m))
                    && c.category() != dev.guanjia.community.category.ServiceCategory.OTHER && classifier.describesProblem(m)
                    && !AGAIN.matcher(m).find();
            // "报了几次都没人来，你们怎么办事的": discontent said outright is a complaint, not a status question
            boolean newMatter = another != null;
            if ((earlier || persisting || reportNamed) && !newMatter && !Cues.complainsOutright(t) && !Cues.complainsOutright(m)) {
                // naming the earlier report ("any update on my boiler repair? still not working") asks about
                // any open order; only "还在漏" alone must name the same thing as the open order
                // a problem described without naming a report ("油烟机不转了，师傅几点能到") is about an open order of
                // its own trade only; of another trade it is a new report
                boolean newProblem = earlier && c.category() != dev.guanjia.community.category.ServiceCategory.OTHER
                        && classifier.describesProblem(m) && !Cues.refersToReport(t) && !Cues.refersToReport(m);
                JsonNode open = parse(tools.openWorkOrders(t, persisting && !earlier || newProblem || reportNamed ? c.category().code() : "",
                        persisting && !earlier, p));
                if ("ok".equals(open.path("status").asText())) {
                    // "楼上拖家具那个有人管没 还有2号楼1号梯按了不亮": a new fault of another trade told beside it is
                    // registered too when nothing more is needed (a shared thing's, or a time said)
                    // (never the order asked about told again: still so, or in the words of its title)
                    java.util.Set<String> asked = new java.util.HashSet<>();
                    java.util.List<String> titles = new java.util.ArrayList<>();
                    // (the orders the answer is about: the one it names, or every one of a list to choose from)
                    JsonNode about = open.path("orders");
                    for (int i = 0; i < (open.path("choose").asBoolean(false) ? about.size() : Math.min(1, about.size())); i++) {
                        asked.add(about.get(i).path("category").asText());
                        titles.add(about.get(i).path("title").asText(""));
                    }
                    return Optional.of(Replies.status(l, open) + repairBeside(l, t, m, turn, p,
                            // ("一路滴" of another trade's fault is no word on the order asked about)
                            said -> Cues.refersToReport(said) || Cues.asksAboutEarlierReport(said)
                                    || Cues.persists(said) && asked.contains(classifier.classify(said).category().code())
                                    || titles.stream().anyMatch(title -> sharesAPair(said, title)),
                            asked));
                }
                // "上次那个水龙头的单子结了没", "the door repair I reported in October — was it closed off?": with
                // nothing open, the report named is a finished one, whose outcome is the answer (not a new order);
                // "报过的又坏了" is the thing failing again, a new report
                // a fault told with when someone is home ("…楼上渗水…后天下午家里有人，叫师傅来看看") is a new report
                boolean fault = classifier.describesProblem(m);
                // (a day gone by is when it was reported, not when someone is in: "the 门禁 thing we reported in Oct")
                String ahead = PAST_DAY.matcher(m).replaceAll("");
                boolean told = fault && (dev.guanjia.ticketing.appointment.VisitWindow.saysSomeoneIn(ahead)
                        || dev.guanjia.ticketing.appointment.VisitWindow.namesADayOrClock(ahead));
                // and a fault told without naming an order ("我家的热水器打不着火要报修，师傅几时来") is new too
                // — unless how it ended is asked ("上月门禁刷不开那事儿，后来是咋处理的来着")
                boolean ordered = ORDER_NAMED.matcher(t).find() || ORDER_NAMED.matcher(m).find();
                if (earlier && (Cues.refersToReport(t) || Cues.refersToReport(m)) && !Cues.persists(m) && !told
                        && (ordered || !fault || Cues.asksHowItEnded(m)
                        || EARLIER_NAMED.matcher(m).find() && !NOW_ANOTHER.matcher(m).find())) {
                    JsonNode mine = parse(tools.myWorkOrders(t, p));
                    if ("ok".equals(mine.path("status").asText())) {
                        return Optional.of(Replies.status(l, mine));
                    }
                }
                // "装电梯那事儿有信儿没": with no order of theirs open, the news asked for may be a notice's
                if (earlier && tools.noticesOn() && !classifier.describesProblem(m) && !complaint) {
                    JsonNode named = parse(tools.noticesNamed(m, p));
                    if ("ok".equals(named.path("status").asText())) {
                        return Optional.of(noticesAnswer(l, named, t, m, p));
                    }
                }
            }
        }
        // "上回投诉的那个处理得还行，给4分": rating the complaint's answer, which the model does
        // "那个投诉的单子撤了吧": giving up an order, which it names, may name the complaint it was without making one
        if (complaint && !RATES.matcher(m).find()
                && !(Cues.givesUpAnOrder(m) && (Cues.refersToReport(t) || Cues.refersToReport(m)))) {
            return Optional.of(complaintTaken(l, t, turn, p));
        }
        // a neighbour's car in one's space or their noise told in anger ("这不欺负人吗", "还让不让人活了"): not the
        // company's complaint (see complains), but no question either — the matter is registered at once
        if (!complaint && turn.resident().isPresent() && (Cues.complains(t) || Cues.complains(m))
                && NEIGHBOURS_DOING.contains(c.category())
                && classifier.describesProblem(m) && turn.orderJustMade().isEmpty()
                && !RULE_ASKED.matcher(m).find() && !RULE_ASKED.matcher(t.toLowerCase(java.util.Locale.ROOT)).find()) {
            JsonNode order = parse(tools.createWorkOrder(t, "", "", c.category().code(), "", "", p));
            if ("ok".equals(order.path("status").asText())) {
                return Optional.of(Replies.created(l, order.path("order")));
            }
        }
        if (turn.resident().isPresent() && Cues.suggests(m)) {
            JsonNode filed = parse(tools.fileComplaint(t, "suggestion", p));
            if ("ok".equals(filed.path("status").asText())) {
                return Optional.of(Replies.complaintFiled(l, filed));
            }
        }
        // "where's my repair order at?", "我报的那个修了没" from a visitor not yet known: whose orders they are comes first
        if (turn.resident().isEmpty() && !"voice".equals(turn.identity().channel())
                && (Cues.asksAboutEarlierReport(t) || Cues.asksAboutEarlierReport(m))
                && (OWN_REPORT.matcher(t).find() || OWN_REPORT.matcher(m).find())
                && !Cues.asksInGeneral(t) && !Cues.asksInGeneral(m)) {
            return Optional.of(Replies.refusal(l, parse(tools.myWorkOrders("", p)), l.say("查询工单进度", "check your orders")));
        }
        // a fault told by a visitor not yet known: who they are comes first, whatever the model — no order can be
        // made for nobody, and asking the visit time first would only put that question off (what the articles
        // say about the fault is added beside it, see withKnowledge)
        if (turn.resident().isEmpty() && !"voice".equals(turn.identity().channel())
                && c.category() != dev.guanjia.community.category.ServiceCategory.OTHER && classifier.describesProblem(m)
                && !AsksFact.in(m) && !AsksFact.in(t) && !Cues.asksAboutEarlierReport(m)) {
            return Optional.of(Replies.refusal(l, parse(tools.createWorkOrder(t, "", "", c.category().code(), "", "", p)),
                    l.say("登记报修", "register a repair")));
        }
        return Optional.empty();
    }

    /**
     * The article's answer to a fee's rule asked in {@code t}: the question searched, then its Mandarin reading
     * {@code m} when that differs, then — {@code rule} asked — the clause that asks it alone ("物业费在哪交，顺便看看我家还
     * 差多少" → "物业费在哪交"). Abstained when none answers.
     */
    private JsonNode feeRuleFound(String t, String m, boolean rule, InvocationParameters p) {
        JsonNode found = parse(tools.knowledgeBeside(asked(t), p));
        if (found.path("abstained").asBoolean(true) && !m.equals(t)) {
            found = parse(tools.knowledgeBeside(asked(m), p));
        }
        String ruleClause = rule ? Cues.feeRuleClause(t) : null;
        if (found.path("abstained").asBoolean(true) && ruleClause != null && !ruleClause.equals(asked(t))) {
            found = parse(tools.knowledgeBeside(ruleClause, p));
        }
        return found;
    }

    /** The refusal for a room the message names that is none of the resident's homes ("102" when they own 1-1-101), if any. */
    private static Optional<String> notTheirs(Language l, String t, TurnContext turn) {
        for (String room : Cues.roomsNamed(t)) {
            if (turn.resident().get().houses().stream().noneMatch(h -> h.houseCode().equals(room)
                    || h.houseCode().endsWith("-" + room))) {
                return Optional.of(Replies.bills(l, JSON.createObjectNode().put("status", "not_yours").put("house", room)));
            }
        }
        return Optional.empty();
    }

    /**
     * A complaint recorded in the resident's words for the supervisor, with its deadline; a person is
     * brought in as well, since an angry resident should not wait for the answer alone.
     */
    private String complaintTaken(Language l, String t, TurnContext turn, InvocationParameters p) {
        StringBuilder reply = new StringBuilder();
        if (turn.resident().isPresent()) {
            JsonNode filed = parse(tools.fileComplaint(t, "complaint", p));
            if ("ok".equals(filed.path("status").asText())) {
                reply.append(Replies.complaintFiled(l, filed)).append('\n');
            }
        }
        return reply.append(Replies.handOff(l, parse(tools.handOff("complaint", t, p)))).toString();
    }

    /**
     * The notices found; a detail asked of one of them ("停到几点", "3楼影响不") is answered by that notice's
     * passages that say it, the fact first, rather than by the whole notice.
     */
    private String noticesAnswer(Language l, JsonNode notices, String t, String m, InvocationParameters p) {
        if (Cues.asksANoticeDetail(t) || Cues.asksANoticeDetail(m)) {
            java.util.Map<String, JsonNode> byDoc = new java.util.HashMap<>();
            notices.path("notices").forEach(n -> byDoc.putIfAbsent(n.path("doc").asText(), n));
            JsonNode found = parse(tools.noticePassages(t, byDoc.keySet(), p));
            if (!found.path("abstained").asBoolean(true)) {
                return Replies.noticeDetail(l, byDoc.get(found.path("docId").asText()), found);
            }
        }
        return Replies.notices(l, notices);
    }

    /** Turns that answered from the resident's own records or did the one thing asked: nothing to add. */
    private static final java.util.Set<String> ANSWERED_FROM_RECORDS = java.util.Set.of("bill.listed", "notice.listed",
            "work_order.status", "booking.listed", "booking.created", "booking.cancelled", "booking.offered",
            "complaint.followed_up");

    /** Actions that leave a second question of the same message to the articles. */
    private static final java.util.Set<String> BESIDE_A_QUESTION = java.util.Set.of("work_order.status", "booking.created",
            "booking.offered");

    /**
     * The reply with the knowledge base's answer in front when the message also asks a fact ("智能锁
     *没电了进不了门，咋弄", "检测收费不", "物业费能分几次交吗") and the turn acted on it instead (a
     * repair started, a payment or identity asked for, a person called), or tells of a fault while the
     * desk must first know who writes: the resident should not have to ask again for what the
     * community's articles say. Nothing is added when the turn
     * already searched, on the phone line (spoken answers stay short), for privacy refusals and
     * emergencies, for the status of an earlier report, or when no article answers — except, when the
     * turn only answered from an article, a second question of the message that another article answers.
     */
    public String withKnowledge(String text, TurnContext turn, String answer) {
        String reply = namingTheDutyLine(answer, turn);
        String t = text.strip();
        // "车棚一年交多少钱 还有驿站几点关门": an article answered one question; the other, of another article, too
        // (nothing beside an emergency or what the records answered, nor on the phone line)
        if (!turn.citations().isEmpty() && turn.actions().isEmpty() && !"voice".equals(turn.identity().channel())) {
            return reply + anotherQuestion(t, turn);
        }
        // "my tap is still dripping, also how much is the fee?": the order's status, and the other question too;
        // so with a booking made or offered ("…book the goods lift on the 7th. Also, how much is the deposit?")
        String beside = turn.actions().stream().allMatch(a -> BESIDE_A_QUESTION.contains(a.type()))
                && !turn.actions().isEmpty() ? questionBesideStatus(t) : null;
        if (!turn.citations().isEmpty() || turn.missed() || "voice".equals(turn.identity().channel())
                || beside == null && turn.actions().stream().anyMatch(a -> ANSWERED_FROM_RECORDS.contains(a.type())
                || "emergency".equals(a.details().get("reason")))) {
            return reply;
        }
        String m = Vernacular.read(t);
        // a fault told to a visitor not yet known: the order waits for who they are, what the articles
        // say about it (what to do meanwhile, who pays, how long) need not wait
        boolean reportWaits = turn.actions().stream().anyMatch(a -> "identity.required".equals(a.type())
                && "work_order".equals(a.details().get("for")));
        if (beside == null && (!AsksFact.in(m) && !AsksFact.in(t) && !reportWaits || Cues.probesPrivacy(t)
                || Cues.probesPrivacy(m) || Cues.asksAboutEarlierReport(m) || Cues.keypad(t))) {
            return reply;
        }
        InvocationParameters p = InvocationParameters.from(Map.of(TurnContext.KEY, turn));
        JsonNode found = parse(tools.knowledgeBeside(beside != null ? beside : asked(t), p));
        if (found.path("abstained").asBoolean(true) && beside == null && !m.equals(t)) {
            // "通下水道好多钱": the regional words searched as the Mandarin they mean
            found = parse(tools.knowledgeBeside(asked(m), p));
        }
        if (found.path("abstained").asBoolean(true)) {
            return reply;
        }
        StringBuilder out = new StringBuilder();
        Replies.quote(out, found, Integer.MAX_VALUE);
        return out.append('\n').append(reply).toString();
    }

    /** What a resident's own account is asked by, beyond a fee's name: its bills, arrears, what is left unpaid. */
    private static final Pattern ACCOUNT = Pattern.compile("费用|账单|帳單|欠费|欠款|(没|未|冇|唔记得|忘记|忘了)(交|缴|畀)|交清|缴清|(?i)\\b(bills?|owe|outstanding|unpaid)\\b");

    /**
     * A message with two needs, one of them the resident's own bills ("浴霸报了两天还没人来看 另外我还有啥费用没交清",
     * "rate it 5 stars, also how much do I still owe"): whatever answered the other need, the bills follow it.
     * Unchanged when the bills were already shown, paid or refused this turn, or no other part asks them.
     */
    public String withBills(String text, TurnContext turn, String answer) {
        // (nothing done this turn but a fault told: its visit time is being asked, the bills asked beside still follow)
        if (turn.resident().isEmpty() || turn.actions().isEmpty() && !classifier.describesProblem(Vernacular.read(text))
                || emergency(turn) || turn.actions().stream().anyMatch(a -> BILLS_DEALT_WITH.contains(a.type()))) {
            return answer;
        }
        // (every clause, however it is set off: "帮我睇下间铺今季管理费几多钱 睇完同我转个真人")
        if (CLAUSES.split(text.strip()).length < 2) {
            return answer;
        }
        return answer + billsAsked(turn.language(), text, turn, InvocationParameters.from(Map.of(TurnContext.KEY, turn)),
                CLAUSES, said -> Cues.asksAboutHomeFee(said) || ACCOUNT.matcher(said).find());
    }

    /**
     * A message with two needs, one of them what was announced ("顺便问下 下个礼拜停水 我哋1栋系边日" beside a booking,
     * "消防检查几号开始 还有那个单子派人了没"): whatever answered the other need, the notice that says it follows.
     * Unchanged when notices were already given this turn, or no notice of the building answers the part.
     */
    public String withNotices(String text, TurnContext turn, String answer) {
        // (not on the phone line, after an emergency or a complaint, nor when an article was quoted: it may have said it)
        if (!tools.noticesOn() || turn.resident().isEmpty() || turn.actions().isEmpty() || !turn.citations().isEmpty()
                || "voice".equals(turn.identity().channel()) || emergency(turn)
                || turn.actions().stream().anyMatch(a -> a.type().equals("notice.listed"))
                || Cues.complains(text) || Cues.suggests(Vernacular.read(text))) {
            return answer;
        }
        String[] parts = partsOf(text);
        if (parts.length < 2) {
            return answer;
        }
        InvocationParameters p = InvocationParameters.from(Map.of(TurnContext.KEY, turn));
        for (String part : parts) {
            String said = Vernacular.read(part.strip());
            if (part.isBlank() || Cues.complains(said) || changesAnOrder(said)
                    || !(Cues.asksAboutNotices(said) || Cues.asksAboutWorks(said) || Cues.asksAboutAUtilityCheck(said))) {
                continue;
            }
            JsonNode named = parse(tools.noticesNamed(said, p));
            if ("ok".equals(named.path("status").asText())) {
                return answer + "\n" + noticesAnswer(turn.language(), named, part, said, p);
            }
            if (OUTAGE.matcher(said).find()) {
                JsonNode outage = parse(tools.currentNoticesUnsaid(said, p));
                if ("ok".equals(outage.path("status").asText()) && outage.path("asked").size() > 0) {
                    tools.noticesGiven(outage, p);
                    return answer + "\n" + Replies.notices(turn.language(), outage);
                }
            }
            // "这两天楼里有什么通知没？另外明晚七点订会客厅": any notice at all, asked beside — the building's current ones
            if (NOTICES_AT_ALL.matcher(said).find() && !changesAnOrder(said)) {
                JsonNode all = parse(tools.currentNotices("", p));
                if ("ok".equals(all.path("status").asText()) && all.path("notices").size() > 0) {
                    return answer + "\n" + Replies.notices(turn.language(), all);
                }
            }
        }
        return answer;
    }

    /** An emergency taken this turn: nothing else is said beside it. */
    private static boolean emergency(TurnContext turn) {
        return turn.actions().stream().anyMatch(a -> "emergency".equals(a.details().get("reason"))
                || Priority.EMERGENCY.code().equals(String.valueOf(a.details().get("priority"))));
    }

    private static final Pattern NOT_THE_HOMES_BILLS = Pattern.compile("电费|水费|燃气|煤气|天然气|有线|宽带|网费|话费|暖气费|供暖费|"
            + "取暖费|押金|保证金|(?i)\\b(electricity|water bill|gas|internet|broadband|deposit)\\b");

    private static final Pattern CLAUSES = Pattern.compile("[？?。！!；;\\n，,\\s]+");

    private static final java.util.Set<String> BILLS_DEALT_WITH = java.util.Set.of("bill.listed", "payment.offered",
            "identity.required");

    /** "顺便问下…", "also…": what follows is the question asked beside the rest. */
    private static final Pattern ASIDE = Pattern.compile("(顺便|另外|再|还想)问一?下|(?i)\\b(also|btw|by the way)\\b");

    /** The part of the message that asks: after "顺便问下" when it says so, else the asking sentences. */
    private static final Pattern PARTS = Pattern.compile("[？?。！!；;\\n]+|[，,\\s]+(?=还有|另外|顺便|再就是|对了|仲有|顺带|(?i)and also|also)");
    private static final Pattern MONEY_WORD = Pattern.compile("费|費|钱|錢|账|賬|帐|欠|款|钿|交|缴|付|金额|还差|差多少|差几|差不差|(?i)bill|fee|charge|owe|pay|paid|due|balance|account|fei|qian|jiao");

    private static final Pattern SECOND = Pattern.compile("^(还有|另外|顺便|再就是|再问|还想|以及|(?i)(and|also|plus|btw)\\b)");

    /** What the notice board answers of a question about notices, if anything (see the call). */
    /**
     * A fault told beside a question about the notices ("最近有啥通知没？我屋卫生间顶上在渗水，明天一天都在"): registered
     * too when nothing more is needed — a visit time said, or a shared thing's — unless it is the outage itself
     * (no water, no power), which the notices answer. Empty when there is none, or an order was already made.
     */
    private String repairBeside(Language l, String t, String m, Classification c, TurnContext turn, InvocationParameters p) {
        return repairBeside(l, t, m, turn, p, said -> OUTAGE.matcher(said).find(), java.util.Set.of());
    }

    /**
     * As above, leaving out the parts {@code skipped} says are about something else (the outage the notices answer,
     * the order whose status was asked) and faults of the trades in {@code tradesAsked}.
     */
    private String repairBeside(Language l, String t, String m, TurnContext turn, InvocationParameters p,
                                java.util.function.Predicate<String> skipped, java.util.Set<String> tradesAsked) {
        if (turn.resident().isEmpty() || turn.actions().stream().anyMatch(a -> a.type().equals("work_order.created"))) {
            return "";
        }
        java.util.List<String> kinds = turn.actions().stream().filter(a -> a.type().equals("notice.listed"))
                .flatMap(a -> ((java.util.Collection<?>) a.details().getOrDefault("categories", java.util.List.of())).stream())
                .map(String::valueOf).toList();
        // the sentence that tells the fault ("Is the water off today? Also my kitchen sink is blocked."), not the outage asked
        // (or the clause, in a message written without stops: "水槽那个单子师傅啥辰光来 今朝卫生间插座也没电了")
        for (String part : partsOf(t)) {
            String said = Vernacular.read(part.strip());
            if (part.isBlank() || !classifier.describesProblem(said) || skipped.test(said) || skipped.test(part)) {
                continue;
            }
            Classification fault = classify(part, said);
            // a danger is the emergency path's, never registered here as a plain order; a wall or ceiling in a room
            // of the home is the home's, which waits for its visit time
            boolean inHome = fault.category() == dev.guanjia.community.category.ServiceCategory.PUBLIC_FACILITY
                    && IN_THE_HOME.matcher(said).find();
            boolean shared = SHARED_TRADES.contains(fault.category()) && !inHome;
            // a lift or supply fault beside a notice of that kind is most likely the notice's work
            if (fault.category() == dev.guanjia.community.category.ServiceCategory.OTHER || fault.priority() == Priority.EMERGENCY
                    || tradesAsked.contains(fault.category().code())
                    || kinds.stream().anyMatch(k -> sameKind(k, fault.category()))) {
                continue;
            }
            if (!(visitTimeSaid(m) || shared)) {
                // a fault in the home ("还有卫生间那灯也不亮了"): registered once its visit time is said, which is asked
                // now — the time said next makes the order (see stateAfter)
                if ((HOME_TRADES.contains(fault.category()) || inHome) && turn.visitAsked().isEmpty()) {
                    turn.visitAsked(part.strip());
                    return "\n" + l.say("另外您说的“" + clip(part.strip(), 24) + "”，请问您什么时候方便师傅上门？家里什么时间有人？",
                            "As for \"" + clip(part.strip(), 40) + "\": when is someone at home for the technician to come?");
                }
                continue;
            }
            JsonNode order = parse(tools.createWorkOrder(part.strip(), visitTimeSaid(m) ? t : "", "",
                    fault.category().code(), "", "", p));
            return "ok".equals(order.path("status").asText()) ? "\n" + Replies.created(l, order.path("order")) : "";
        }
        return "";
    }

    /** The resident's words, cut to {@code max} characters for a reply to name them by. */
    private static String clip(String said, int max) {
        String s = said.replaceAll("^[，,。.；;\\s]*(还有啊?|另外|顺便|对了|and|also)[，,\\s]*", "").strip();
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max)) + "…";
    }

    /**
     * The sentences of a message, or its clauses when it is Chinese written without stops ("9号阿拉2号楼停水是伐
     * 停到几点 … 搬场电梯帮我订10号"); English is never cut at its spaces.
     */
    private static String[] partsOf(String text) {
        String[] sentences = PARTS.split(text.strip());
        return sentences.length > 1 || !KnowledgeAnalysis.hasChinese(text) ? sentences : CLAUSES.split(text.strip());
    }

    private static final Pattern IN_THE_HOME = Pattern.compile("卫生间|厕所|厨房|卧室|客厅|阳台|书房|家里|屋里|屋头|屋企|我家|(?i)\\b(my|our) (flat|home|apartment|bathroom|kitchen)\\b");

    /** Two texts share a pair of adjacent Chinese characters ("单元门还是关不上" and the title "单元门闭门器损坏，门关不上"). */
    private static boolean sharesAPair(String a, String b) {
        for (int i = 0; i + 1 < a.length(); i++) {
            if (KnowledgeAnalysis.chinese(a.charAt(i)) && KnowledgeAnalysis.chinese(a.charAt(i + 1))
                    && !KnowledgeAnalysis.grammatical(a.charAt(i)) && !KnowledgeAnalysis.grammatical(a.charAt(i + 1))
                    && b.contains(a.substring(i, i + 2))) {
                return true;
            }
        }
        return false;
    }

    /** The word a notice kind is told by, from its code or its name: water → 水, elevator → 电梯. */
    private static String kindWord(String kind) {
        return switch (kind) {
            case "water" -> "水";
            case "power" -> "电";
            case "elevator" -> "电梯";
            default -> kind.contains("电梯") ? "电梯" : kind.contains("水") ? "水" : kind.contains("电") ? "电"
                    : kind.contains("气") ? "气" : kind.contains("暖") ? "暖" : kind;
        };
    }

    /**
     * The sentence that asks about the outage ("今天停水几点恢复啊？"), searched alone: a fault told beside it
     * ("还有卫生间排风扇不转了") would pull the search to the repair articles.
     */
    private static String outageAsked(String t) {
        for (String part : PARTS.split(t.strip())) {
            if (!part.isBlank() && (OUTAGE.matcher(part).find() || WHETHER_COMING.matcher(part).find())) {
                return part.strip();
            }
        }
        return t;
    }

    /** Whether an article's title or quoted passages are about a notice of this kind (停水: water, 电梯维保: the lift). */
    private static boolean aboutKind(JsonNode article, String kind) {
        StringBuilder text = new StringBuilder(article.path("title").asText());
        article.path("passages").forEach(x -> text.append(x.asText()));
        return text.indexOf(kindWord(kind)) >= 0;
    }

    /** A notice kind (电梯维保…) and a trade whose every fault its works explain: the lift's. */
    private static boolean sameKind(String kind, dev.guanjia.community.category.ServiceCategory trade) {
        // (a supply out is the notice's by OUTAGE already; a blocked sink beside a water cut is a fault of its own)
        return trade == dev.guanjia.community.category.ServiceCategory.ELEVATOR && kindWord(kind).equals("电梯");
    }

    private Optional<String> noticesTurn(Language l, String t, String m, Classification c, TurnContext turn,
                                         InvocationParameters p) {
        // the kind asked about is read from the words that asked it: "mei dian le" asks about power as "没电了" does
        JsonNode notices = parse(tools.currentNotices(Cues.asksAboutNotices(t) ? t : m, p));
        if ("ok".equals(notices.path("status").asText())) {
            return Optional.of(noticesAnswer(l, notices, t, m, p));
        }
        // "最近要停水不": a known resident asking whether an outage is coming is answered from the board
        // for their building — nothing announced for it is the answer, not another building's notice
        if (turn.resident().isPresent() && notices.path("asked").size() > 0
                && (WHETHER_COMING.matcher(m).find() || WHETHER_COMING.matcher(t).find())
                && !Cues.asksAboutEarlierReport(m) && !(FITTING.matcher(m).find() && classifier.describesProblem(m))) {
            // "电梯是不是要停 几时搞": a notice filed under another kind may name what was asked by its subject
            JsonNode named = parse(tools.noticesNamed(m, p));
            if ("ok".equals(named.path("status").asText())) {
                return Optional.of(noticesAnswer(l, named, t, m, p));
            }
            // a notice the community wrote as an article without dates ("水箱清洗期间暂停供水的通知") is not on the
            // board, yet it is the answer: quoted, never "nothing announced" beside it
            java.util.List<String> kinds = new java.util.ArrayList<>();
            notices.path("asked").forEach(k -> kinds.add(k.asText()));
            JsonNode written = parse(tools.knowledgeBeside(outageAsked(t), p));
            boolean noticeOfKind = !written.path("abstained").asBoolean(true)
                    && "notices".equals(written.path("category").asText())
                    && kinds.stream().anyMatch(k -> aboutKind(written, k));
            if (noticeOfKind && !tools.onTheBoard(written.path("docId").asText(), p)) {
                StringBuilder out = new StringBuilder();
                Replies.quote(out, written, Integer.MAX_VALUE);
                turn.record("notice.listed", Map.of("ids", java.util.List.of(), "categories", kinds,
                        "article", written.path("docId").asText()));
                return Optional.of(out.toString().strip());
            }
            turn.record("notice.listed", Map.of("ids", java.util.List.of(), "categories", kinds));
            // a notice standing for other buildings whose text names the resident's as spared ("3栋、4栋不受影响"):
            // said so, without another building's days
            boolean spared = noticeOfKind && tools.onTheBoardElsewhere(written.path("docId").asText(), p);
            String none = spared
                    ? l.say("目前没有您所在楼栋的" + String.join("、", kinds) + "通知：正在发布的" + String.join("、", kinds)
                            + "通知不涉及您所在的楼栋，不受影响。",
                    "There is no current " + String.join(", ", kinds) + " notice for your building: the one posted now is for "
                            + "other buildings, yours is not affected.")
                    : l.say("目前没有您所在楼栋的" + String.join("、", kinds) + "通知；如有安排，物业会提前张贴公告并在公众号通知。",
                    "There is no current " + String.join(", ", kinds) + " notice for your building; any planned one is posted in advance.");
            // "电梯是不是在维修？今天一直停在十二楼不动": with no works announced, the shared thing's fault told
            // beside the question is a fault to report, not only a question answered
            if (SHARED_TRADES.contains(c.category()) && classifier.describesProblem(m)) {
                JsonNode order = parse(tools.createWorkOrder(t, "", "", c.category().code(), "", "", p));
                if ("ok".equals(order.path("status").asText())) {
                    return Optional.of(none + "\n" + Replies.created(l, order.path("order")));
                }
            }
            return Optional.of(none);
        }
        // "电梯还在改造没？最近我们楼有什么通知没": nothing current of the kind asked, and any notice asked for — said
        // so, then the building's current notices (an ended one of that kind is not quoted)
        if (notices.path("asked").size() > 0 && (NOTICES_AT_ALL.matcher(t).find() || NOTICES_AT_ALL.matcher(m).find())) {
            java.util.List<String> kinds = new java.util.ArrayList<>();
            notices.path("asked").forEach(k -> kinds.add(k.asText()));
            String none = l.say("目前没有" + (turn.resident().isPresent() ? "您所在楼栋的" : "正在发布的") + String.join("、", kinds) + "通知。",
                    "There is no current " + String.join(", ", kinds) + " notice" + (turn.resident().isPresent() ? " for your building." : "."));
            JsonNode all = parse(tools.currentNotices("", p));
            if ("ok".equals(all.path("status").asText()) && all.path("notices").size() > 0) {
                return Optional.of(none + l.say("目前正在发布的通知：\n", " Current notices:\n") + Replies.notices(l, all));
            }
            turn.record("notice.listed", Map.of("ids", java.util.List.of(), "categories", kinds));
            return Optional.of(none + l.say("目前也没有其他正在发布的通知。", " There are no other current notices either."));
        }
        // "最近有啥通知没", "any notices this week?": an empty board is the answer, not a search of the articles
        if (notices.path("asked").isEmpty() && (NOTICES_AT_ALL.matcher(t).find() || NOTICES_AT_ALL.matcher(m).find())) {
            turn.record("notice.listed", Map.of("ids", java.util.List.of(), "categories", java.util.List.of()));
            return Optional.of(l.say("目前没有正在发布的通知公告。停水停电、电梯维保、消杀等安排，物业会提前张贴公告并在公众号通知。",
                    "There are no current notices. Planned outages, lift maintenance and pest control are posted in advance."));
        }
        return Optional.empty();
    }

    /**
     * "我家物业费交了没？另外这两天小区有啥通知没有": a known resident's own bills asked beside the notices —
     * the bills follow the notices' answer; nothing when no part asks them.
     */
    private String billsBeside(Language l, String t, TurnContext turn, InvocationParameters p) {
        return billsBeside(l, t, turn, p, false);
    }

    /** As above; with {@code feeNamed}, only a part that names a fee of the home ("物业费", "车位费") asks them. */
    private String billsBeside(Language l, String t, TurnContext turn, InvocationParameters p, boolean feeNamed) {
        if (turn.resident().isEmpty()) {
            return "";
        }
        return billsAsked(l, t, turn, p, PARTS, said -> !feeNamed || Cues.asksAboutHomeFee(said));
    }

    /**
     * The bills of the first part of the message (cut at {@code stops}) that asks the resident's own account and
     * that {@code named} accepts (read as Mandarin), on a line of their own; empty when no part does.
     */
    private String billsAsked(Language l, String t, TurnContext turn, InvocationParameters p, Pattern stops,
                              java.util.function.Predicate<String> named) {
        for (String part : stops.split(t.strip())) {
            String said = Vernacular.read(part.strip());
            if (!part.isBlank() && (Cues.asksOwnBills(part) || Cues.asksOwnBills(said)) && named.test(said)) {
                return "\n" + Replies.bills(l, parse(tools.listMyBills(part, p)), part);
            }
        }
        return "";
    }

    /** Every sentence of it is about money ("我那套欠多少 还有年审要带什么" is not: the model takes both parts). */
    private static boolean onlyAboutMoney(String t) {
        for (String part : PARTS.split(t.strip())) {
            // a clause that only tells who writes or why ("我刚搬来没多久", "我是3栋的业主", "帮忙看下") asks nothing
            // else; one joined on ("还有补贴年审要带么东西") or asking a fact is a second question
            // ("水管那张单子有人管没 另外车位费交清了没": an order asked after is a second matter, answered first)
            if (part.strip().length() >= 4 && !MONEY_WORD.matcher(part).find()
                    && (AsksFact.in(part) || part.length() > 16 || SECOND.matcher(part.strip()).find()
                    || Cues.asksAboutEarlierReport(Vernacular.read(part.strip())))) {
                return false;
            }
        }
        return true;
    }

    private static String asked(String t) {
        var aside = ASIDE.matcher(t);
        if (aside.find()) {
            String rest = t.substring(aside.end()).replaceAll("^[，,:：\\s]+", "").strip();
            if (rest.length() >= 4 && AsksFact.in(rest)) {
                return rest;
            }
        }
        // "阳台龙头滴个不停 周六下午有人 另外车位月卡怎么续": after a report, the part put second with 另外 / 还有
        // is the question (after a question, "另外…" is a second question: both are searched as one)
        boolean askedBefore = false;
        for (String part : PARTS.split(t)) {
            String p = part.strip();
            if (!askedBefore && SECOND.matcher(p).find()) {
                String rest = JOINER.matcher(p).replaceFirst("").strip();
                if (rest.length() >= 4 && AsksFact.in(rest)) {
                    return rest;
                }
            }
            int end = t.indexOf(p) + p.length();
            askedBefore |= AsksFact.in(p) || end < t.length() && (t.charAt(end) == '？' || t.charAt(end) == '?');
        }
        return AsksFact.question(t);
    }

    /** The passages quoted for a second question of the message: its fact leads them. */
    private static final int SECOND_PASSAGES = 2;

    /**
     * The answer to a second question of the message from an article not cited yet ("门禁卡补一张多少钱 前台今天几点
     * 下班"), or "": each question is a run of clauses ending in one that asks; one of them must be the question the
     * cited article answered (else which was answered is unknown, and nothing is added), and one without a subject
     * of its own ("怎么交") is left to the answer already given. At most two questions are searched.
     */
    private String anotherQuestion(String t, TurnContext turn) {
        List<String> asked = questions(t);
        if (asked.size() != 2) {
            return "";
        }
        java.util.Set<String> cited = new java.util.HashSet<>();
        turn.citations().forEach(c -> cited.add(c.docId()));
        InvocationParameters p = InvocationParameters.from(Map.of(TurnContext.KEY, turn));
        boolean answered = false;
        JsonNode other = null;
        for (String q : asked) {
            String m = Vernacular.read(q);
            if (!dev.guanjia.bot.tools.FollowUp.namesASubject(m)) {
                continue;
            }
            // (searched without recording: the turn's citations are only what the reply quotes)
            JsonNode found = parse(tools.knowledgeAside(m, p));
            if (found.path("abstained").asBoolean(true)) {
                continue;
            }
            if (cited.contains(found.path("docId").asText())) {
                answered = true;
            } else if (other == null) {
                other = found;
            }
        }
        if (!answered || other == null) {
            return "";
        }
        tools.cite(turn, other);
        StringBuilder out = new StringBuilder("\n");
        Replies.quote(out, other, SECOND_PASSAGES);
        return out.toString();
    }

    /** The questions of a message: runs of clauses, each ending in one that asks a fact; fewer than four characters none. */
    static List<String> questions(String t) {
        List<String> out = new ArrayList<>();
        StringBuilder unit = new StringBuilder();
        for (String clause : partsOf(t)) {
            if (clause.isBlank()) {
                continue;
            }
            unit.append(unit.length() > 0 ? " " : "").append(clause);
            if (AsksFact.in(clause) || AsksFact.in(Vernacular.read(clause))) {
                String q = JOINER.matcher(unit.toString()).replaceFirst("").strip();
                if (q.length() >= 4) {
                    out.add(q);
                }
                unit.setLength(0);
            }
        }
        return out;
    }

    private static final Pattern JOINER = Pattern.compile("(?i)^\\s*(also|and also|and|plus|btw|顺便问一?下|顺便|另外|还有|再问一?下)[，,\\s]*");

    /**
     * A part of the message that asks a fact of its own beside asking how an order stands ("…still dripping,
     * also how much is the property fee?"); null when there is none.
     */
    static String questionBesideStatus(String t) {
        String[] parts = t.split("[，,。？?！!；;]|(?i)\\s(?=also\\b|btw\\b)");
        if (parts.length < 2) {
            return null;
        }
        for (int i = 1; i < parts.length; i++) {
            String part = JOINER.matcher(parts[i]).replaceFirst("").strip();
            String reading = Vernacular.read(part);
            if (part.length() >= 4 && (AsksFact.in(part) || AsksFact.in(reading)) && !Cues.asksAboutEarlierReport(reading)
                    && !Cues.asksAboutEarlierReport(part) && !Cues.persists(reading)
                    && !TRADESMAN.matcher(part).find()) {
                return part;
            }
        }
        return null;
    }

    /**
     * After the model answered: a second question in a row without an answer brings a person,
     * because a resident who is not understood twice should not have to ask a third time.
     */
    public Optional<String> after(String text, TurnContext turn, int previousMisses) {
        if (!turn.missed() || turn.handoff() || previousMisses + 1 < MISSES_BEFORE_PERSON) {
            return Optional.empty();
        }
        InvocationParameters p = InvocationParameters.from(Map.of(TurnContext.KEY, turn));
        return Optional.of(Replies.handOff(turn.language(),
                parse(tools.handOff(TWO_MISSES, text, p))));
    }

    /**
     * What the model should remember of a turn the policy answered: after an emergency order, its
     * description, code and home, so "快派人来修" next goes to the same order's home.
     */
    public Map<String, Object> memoryState(String text, TurnContext turn) {
        Map<String, Object> state = stateAfter(text, turn);
        // the articles this reply gave: a short follow-up next ("那我家9楼也停吗") is about them
        java.util.List<String> given = turn.articlesGiven();
        if (given.isEmpty()) {
            return state;
        }
        com.fasterxml.jackson.databind.node.ObjectNode kept;
        try {
            kept = state.isEmpty() ? JSON.createObjectNode()
                    : (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(String.valueOf(state.get(STATE)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return state;
        }
        given.forEach(kept.putArray(GIVEN)::add);
        if (turn.actions().isEmpty() && asksWhetherAThingIsWell(classifier, text)) {
            kept.put(ASKED, text);
        }
        return Map.of(STATE, kept.toString());
    }

    /**
     * Whether a thing of a trade is as it should be, asked with no fault told ("这暖气算达标么"): once answered,
     * "那派个师傅来瞅瞅吧" next asks a visit to it (not after a procedure: "门禁卡补办要带什么" then "我叫个人来拿" is
     * no repair). Whoever answered it, the policy or the model, keeps it under {@link #ASKED}.
     */
    public static boolean asksWhetherAThingIsWell(Classifier classifier, String text) {
        String read = Vernacular.read(text);
        return Cues.asksWhetherAllIsWell(read) && !classifier.describesProblem(read) && classifier.namesAThing(read)
                && classifier.classify(read).category() != dev.guanjia.community.category.ServiceCategory.OTHER;
    }

    /** The state's key for the articles a reply gave. */
    public static final String GIVEN = "given";
    /** The state's key for a question about a thing of a trade that a reply answered from the articles. */
    public static final String ASKED = "asked";

    private Map<String, Object> stateAfter(String text, TurnContext turn) {
        for (var a : turn.actions()) {
            if (a.type().equals("identity.required")) {
                // "我是1501的 我姓李" next is the same request again (see before)
                return Map.of(STATE, JSON.createObjectNode().put("status", "identity_required")
                        .put("identity_required_for", String.valueOf(a.details().getOrDefault("for", "bills"))).toString());
            }
        }
        // a fault in the home told beside another need, its visit time asked: the time said next registers it (the
        // model's own "awaiting a time" state, so either answers it as after its own question)
        if (turn.visitAsked().isPresent()) {
            var state = JSON.createObjectNode().put("awaiting", "time").put("description", turn.visitAsked().get());
            // (what else the reply did still counts next: the bills shown, the orders listed to choose from)
            if (turn.actions().stream().anyMatch(a -> a.type().equals("bill.listed"))) {
                state.put("billsShown", true);
            }
            listed(turn).forEach(state.withArray(LISTED)::add);
            return Map.of(STATE, state.toString());
        }
        // an emergency's standing told ("你们的人啥前儿能到"): what is said next ("还是有味道，快来人") is still about it
        if (turn.emergencyOrder().isPresent() && turn.actions().stream().anyMatch(a -> a.type().equals("work_order.status"))) {
            var state = JSON.createObjectNode().put("lastOrder", turn.emergencyOrder().get())
                    .put(EMERGENCY_ORDER, turn.emergencyOrder().get());
            if (!turn.emergencyDanger().isEmpty()) {
                state.put(EMERGENCY_DANGER, turn.emergencyDanger());
            }
            return Map.of(STATE, state.toString());
        }
        if (turn.actions().stream().anyMatch(a -> a.type().equals("payment.offered"))) {
            // the bills shown before are paid for now: "付好了" next is no second payment
            return Map.of(STATE, JSON.createObjectNode().put("paymentOffered", true).toString());
        }
        boolean billsShown = turn.actions().stream().anyMatch(a -> a.type().equals("bill.listed"));
        // an order made beside the bills ("路灯坏了，还有我家欠多少") is what the next words are about first
        for (var a : turn.actions()) {
            if (a.type().equals("work_order.created")) {
                String house = String.valueOf(a.details().getOrDefault("house", ""));
                var state = JSON.createObjectNode().put("description", text)
                        .put("lastOrder", String.valueOf(a.details().get("id")))
                        // made in this very reply: "师傅到哪了", "不用来了" next are about it (see before)
                        .put(MADE_NOW, true)
                        .put("house", house);
                if (Priority.EMERGENCY.code().equals(String.valueOf(a.details().get("priority")))) {
                    // what is said next ("阀门关了，快来人") is about this order (see before)
                    state.put(EMERGENCY_ORDER, String.valueOf(a.details().get("id")));
                    Danger.of(Vernacular.read(text)).ifPresent(d -> state.put(EMERGENCY_DANGER, d.name()));
                }
                // an emergency order in a home: a visit time said next ("明天上午来吧") becomes its appointment
                if (!house.isEmpty() && !"null".equals(house)) {
                    state.put("visitOpen", true);
                }
                if (billsShown) {
                    state.put("billsShown", true);
                }
                return Map.of(STATE, state.toString());
            }
        }
        // "您问的是哪一张？": the orders listed, which "电梯那个" or "第二个" next picks from (see before)
        java.util.List<String> listed = listed(turn);
        if (!listed.isEmpty()) {
            var state = JSON.createObjectNode();
            listed.forEach(state.withArray(LISTED)::add);
            return Map.of(STATE, state.toString());
        }
        if (billsShown) {
            // a payment asked for next ("那就交了吧") is for these bills
            return Map.of(STATE, JSON.createObjectNode().put("billsShown", true).toString());
        }
        // a fault told but answered otherwise this turn — by the notices or an article, nothing registered, no
        // order's status, no person ("家里突然没水了，是不是在洗水箱？"): "那就派个人来看看吧" next is a report of it
        boolean answeredOnly = turn.actions().stream().allMatch(a -> a.type().equals("notice.listed")) && !turn.handoff()
                && turn.emergencyOrder().isEmpty();
        if (turn.resident().isPresent() && answeredOnly && classifier.describesProblem(Vernacular.read(text))) {
            return Map.of(STATE, JSON.createObjectNode().put("description", text).toString());
        }
        return Map.of();
    }

    /** The orders this reply listed for the resident to choose from (a status action's "listed"), or none. */
    private static java.util.List<String> listed(TurnContext turn) {
        return turn.actions().stream()
                .filter(a -> a.type().equals("work_order.status") && a.details().get("listed") instanceof java.util.List<?>)
                .findFirst().map(a -> ((java.util.List<?>) a.details().get("listed")).stream().map(String::valueOf).toList())
                .orElse(java.util.List.of());
    }

    private static final Pattern CLAUSE = Pattern.compile("[，,。；;、\n]");
    private static final Pattern DAY_OR_RANGE = Pattern.compile(
            "(?:\\d{4}年)?(\\d{1,2})月(\\d{1,2})[日号](?:[^至到~～—-]{0,14}?[至到~～—-]+\\s*(?:(?:\\d{4}年)?(\\d{1,2})月)?(\\d{1,2})[日号])?");
    private static final Pattern UNIT = Pattern.compile("(\\d{1,2})\\s*单元");

    /**
     * Whether a listed notice says the work is on today, for the unit the resident named: "2单元12月4日检验"
     * does not explain unit 2's lift stopping on the 3rd, nor does a month-long notice about the 15th.
     */
    static boolean explainsToday(JsonNode notices, String said) {
        java.time.LocalDate today;
        try {
            today = java.time.LocalDate.parse(notices.path("today").asText());
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
        java.util.regex.Matcher u = UNIT.matcher(said);
        String unit = u.find() ? u.group(1) + "单元" : null;
        for (JsonNode n : notices.path("notices")) {
            // a schedule table ("| 12月2日 | 5、6幢 |"): the work is on its rows' days, not every day of the span
            java.util.List<String> rows = n.path("body").asText().lines()
                    .filter(l -> l.strip().startsWith("|") && DAY_OR_RANGE.matcher(l).find()).toList();
            if (!rows.isEmpty()) {
                java.util.List<String> mine = new java.util.ArrayList<>();
                notices.path("buildings").forEach(b -> mine.add(b.asText()));
                if (rows.stream().anyMatch(r -> coversToday(r, today, unit) && namesOneOf(r, mine))) {
                    return true;
                }
                continue;
            }
            for (String clause : CLAUSE.split(n.path("title").asText() + "。" + n.path("body").asText())) {
                if (coversToday(clause, today, unit)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A schedule row naming buildings ("5、6幢") names one of the resident's; a row naming none is everyone's. */
    private static boolean namesOneOf(String row, java.util.List<String> buildings) {
        if (buildings.isEmpty() || !BUILDING_WORD.matcher(row).find()) {
            return true;
        }
        for (String b : buildings) {
            if (dev.guanjia.notices.pack.NoticeDays.namesBuilding(row, b, null)) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern BUILDING_WORD = Pattern.compile("幢|栋|号楼|座");

    /** Whether a clause or schedule row gives a day or range holding today, for the unit named if it names units. */
    private static boolean coversToday(String row, java.time.LocalDate today, String unit) {
        java.util.regex.Matcher d = DAY_OR_RANGE.matcher(row);
        while (d.find()) {
            if (row.replace(d.group(), "").isBlank()) {
                continue; // a date standing alone is the notice's signing, not when the work is
            }
            int month = Integer.parseInt(d.group(1));
            java.time.LocalDate from = dayOf(today, month, Integer.parseInt(d.group(2)));
            java.time.LocalDate to = d.group(4) == null ? from : dayOf(today,
                    d.group(3) == null ? month : Integer.parseInt(d.group(3)), Integer.parseInt(d.group(4)));
            if (from != null && to != null && !today.isBefore(from) && !today.isAfter(to)
                    && (unit == null || !row.contains("单元") || row.contains(unit))) {
                return true;
            }
        }
        return false;
    }

    /** A month and day in the year around today (a notice in December may say 1月3日). */
    private static java.time.LocalDate dayOf(java.time.LocalDate today, int month, int day) {
        try {
            java.time.LocalDate d = java.time.LocalDate.of(today.getYear(), month, day);
            // the year that puts it nearest today: "12月28日" read on 3 January is last year's
            return d.isBefore(today.minusMonths(6)) ? d.plusYears(1) : d.isAfter(today.plusMonths(6)) ? d.minusYears(1) : d;
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** "能不能上点心": asking for care with a fault, which alone is no complaint about the service. */
    private static final Pattern CARE_ASKED = Pattern.compile("(你们)?(能不能|能否|可不可以|就不能|可以)?(上点儿?心|用点心|长点心)");
    private static final java.util.Set<dev.guanjia.community.category.ServiceCategory> HOME_OR_SHARED_TRADES =
            java.util.EnumSet.of(dev.guanjia.community.category.ServiceCategory.PLUMBING,
                    dev.guanjia.community.category.ServiceCategory.ELECTRICAL,
                    dev.guanjia.community.category.ServiceCategory.ELEVATOR,
                    dev.guanjia.community.category.ServiceCategory.DOOR_ACCESS,
                    dev.guanjia.community.category.ServiceCategory.PUBLIC_FACILITY);
    /** Categories that are never more of a fault just reported: a nuisance, someone's doing, a complaint. */
    private static final java.util.Set<dev.guanjia.community.category.ServiceCategory> OWN_MATTERS = java.util.EnumSet.of(
            dev.guanjia.community.category.ServiceCategory.NOISE, dev.guanjia.community.category.ServiceCategory.COMPLAINT,
            dev.guanjia.community.category.ServiceCategory.SECURITY, dev.guanjia.community.category.ServiceCategory.PARKING);
    private static final Pattern OTHERS_DOING = Pattern.compile(
            "邻居|楼上|楼下|隔壁|对门|那家|那户|有人|(?i)\\b(neighbou?rs?|upstairs|downstairs|next door|someone)\\b");
    /** A fault come back: "又坏了", "天天坏", "老是不亮", "broke again". */
    private static final Pattern AGAIN = Pattern.compile(
            "又(坏|停|漏|堵|跳|卡|开始|出(毛病|问题|故障)|不(亮|动|走|转|热|出水|出风|灵|行|能用|好使)|没(水|电|反应|声|信号))|"
                    + "(天天|老是|总是|经常|三天两头|隔三差五)(坏|停|漏|堵|跳|卡|出问题|不亮|不动)|"
                    + "(?i)\\b(again|keeps? breaking|always broken)\\b");

    private boolean complains(String t, String reading) {
        if (!Cues.complains(t) && !Cues.complains(reading)) {
            return false;
        }
        // "保洁多久没来了，楼梯上全是灰", "草长半人高，绿化是摆设吗": the dirty or overgrown place is what is to be
        // done (cleaning, greening), whoever is blamed for it — unless the resident calls it a complaint
        dev.guanjia.community.category.ServiceCategory c = classifier.classify(reading).category();
        boolean tidying = c == dev.guanjia.community.category.ServiceCategory.CLEANING
                || c == dev.guanjia.community.category.ServiceCategory.GREENING;
        // the company itself blamed ("这物业还管不管事？楼道垃圾堆了一个礼拜") stays a complaint about it
        boolean company = t.contains("物业") || t.contains("管理处") || t.contains("物管");
        // a neighbour's car in one's space or their noise, however bitterly told ("占了我车位，这不欺负人吗"): the car
        // moved or the noise stopped is what is asked, unless the resident calls it a complaint or blames the company
        // (staff named as not acting — "跟你们保安说了三回都没人管" — or reports ignored keep it a complaint)
        if (NEIGHBOURS_DOING.contains(c) && !company && !STAFF_BLAMED.matcher(t).find() && classifier.describesProblem(reading)
                && !Cues.namesComplaint(t) && !Cues.namesComplaint(reading) && !Cues.refersToReport(t) && !Cues.refersToReport(reading)) {
            return false;
        }
        // "这破电梯又坏了 天天坏 你们能不能上点心", "楼道灯又不亮了 这灯就是个摆设": a thing broken again is first a
        // repair to make; the grumble is about the thing, not about reports ignored or the company named
        if (HOME_OR_SHARED_TRADES.contains(c) && classifier.describesProblem(reading) && classifier.namesAThing(reading)
                && AGAIN.matcher(reading).find() && !company && !Cues.refersToReport(t)
                && !Cues.namesComplaint(t) && !Cues.namesComplaint(reading)
                && !Cues.complainsOutright(CARE_ASKED.matcher(t).replaceAll("，"))) {
            return false;
        }
        // and so does a member of staff's conduct said outright ("师傅把墙蹭脏了，说他两句还甩脸子")
        return !(tidying && !company && classifier.describesProblem(reading) && !Cues.namesComplaint(t)
                && !Cues.namesComplaint(reading) && !Cues.complainsOutright(t) && !Cues.complainsOutright(reading));
    }

    /** A neighbour's doing, not the company's: their car in one's space, their noise. */
    private static final java.util.Set<dev.guanjia.community.category.ServiceCategory> NEIGHBOURS_DOING = java.util.EnumSet.of(
            dev.guanjia.community.category.ServiceCategory.PARKING, dev.guanjia.community.category.ServiceCategory.NOISE);

    /** A rule asked beside a nuisance ("几点以后算扰民？烦死了"): a question to answer, not only anger (a rhetorical 吗 is none). */
    private static final Pattern RULE_ASKED = Pattern.compile(
            "几点|多少|怎么办|如何|能不能|可不可以|算不算|算扰民|规定|标准|允许|(?i)\\b(what time|how|allowed|rules?)\\b");

    /** The desk's own people named ("跟你们保安说了三回", "管家也不管"): a grievance against them, not only the neighbour. */
    private static final Pattern STAFF_BLAMED = Pattern.compile("保安|管家|客服|你们|物管|管理处|值班");

    /**
     * The taxonomy's reading of the Mandarin, or of the original words when only they name the
     * trade; danger in either is an emergency.
     */
    private Classification classify(String t, String reading) {
        Classification read = classifier.classify(reading);
        if (read.priority() == Priority.EMERGENCY || reading.equals(t)) {
            return read;
        }
        Classification original = classifier.classify(t);
        if (original.priority() == Priority.EMERGENCY
                || read.category() == dev.guanjia.community.category.ServiceCategory.OTHER) {
            return original;
        }
        return read;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
