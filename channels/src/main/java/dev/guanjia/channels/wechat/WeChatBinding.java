package dev.guanjia.channels.wechat;

import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.community.sms.Sms;
import dev.guanjia.community.sms.SmsSender;
import dev.guanjia.community.resident.BindingRequests;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.LoginCodes;

import java.text.Normalizer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binding an openid to a resident inside the chat, before the agent sees the message. A resident
 * sends their mobile number in any wording ("13962000105", "绑定手机号139…", "换绑 139…"), gets a
 * code by SMS and sends it back; one who cannot get a code (a landline on record) sends their name
 * and house, which waits for the service centre to confirm. "怎么绑定", "解绑", "换绑" are answered
 * here too. Registered and unknown numbers get the same words, so the chat cannot be used to find
 * out who lives here. Everything else passes through to the agent untouched.
 */
public final class WeChatBinding {

    /** How to bind, in every welcome and every "please bind first". */
    public static final String HOW = dev.guanjia.bot.policy.Replies.howToVerify(dev.guanjia.bot.policy.Language.ZH,
            "wechat");

    private static final String KIND = "wechat_openid";
    private static final String PHONE_MARK = "[手机号已加密]";
    private static final String CODE_MARK = "[验证码已隐藏]";
    /** A mobile number as typed: spaces or dashes between the digits are common. */
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d(?:[\\s-]?\\d){8}(?!\\d)");
    private static final Pattern LANDLINE = Pattern.compile("(?<!\\d)0\\d{2,3}[\\s-]?\\d{3,4}[\\s-]?\\d{4}(?!\\d)");
    private static final Pattern DIGITS = Pattern.compile("(?<!\\d)\\d{4,8}(?!\\d)");
    private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");
    /** Something else is being bound (a door card, a car, a bank card): a question for the agent. */
    private static final Pattern OTHER_THING = Pattern.compile(
            "门禁|车牌|车辆|车位|银行卡|信用卡|支付宝|水卡|电卡|燃气|人脸|指纹|智能锁|门锁|快递|社保|医保|宽带|电视");
    private static final Pattern UNBIND = Pattern.compile("(?i)解绑|解除(绑定|关联)|取消(绑定|关联)|不(想|要)?绑(定)?了|unbind");
    private static final Pattern REBIND = Pattern.compile(
            "(?i)换绑|改绑|重新绑定?|重绑|换(个|一个|成)?(新)?(手机|号码|手机号|号)(来)?绑|绑(定)?(新|另一个|别的)(手机|号码|手机号)|rebind");
    private static final Pattern BIND = Pattern.compile(
            "(?i)绑定|绑一下|绑个|绑上|绑微信|怎么绑|如何绑|绑手机|关联(手机|号码|住户|房屋|房子|账号)|验证身份|身份验证|认证身份|实名|"
                    + "(登记|验证|认证)(一下)?(我的)?(手机|号码|手机号)|\\bbind\\b|\\bverify\\b");
    private static final Pattern NO_CODE = Pattern.compile(
            "座机|固话|固定电话|家里电话|没有手机|没手机|收不到|没收到|没有收到|手机号(换|变|改)了|换(了)?号|号码(换|变|改)了|不是(这个|原来的)号");
    /** A house as residents write it: 3栋2单元501室, A2幢1单元702, A2-1-702. */
    private static final Pattern HOUSE = Pattern.compile(
            "([A-Za-z]?\\d{1,3}[A-Za-z]?|[A-Za-z])\\s*(?:栋|幢|号楼|座|楼|-)\\s*(\\d{1,2})\\s*(?:单元|-)\\s*(\\d{2,4})\\s*(?:室|号|房)?");
    private static final Pattern SELF = Pattern.compile("我是|我叫|本人|业主|住户|户主|姓名|名字");
    /** What is left around a name once the house and the usual filler are gone. */
    private static final Pattern FILLER = Pattern.compile(
            "我是|我叫|本人是?|业主|住户|户主|姓名(是|叫)?|名字(是|叫)?|住在?|家住|的|叫|是|我|在|绑定|申请|请|帮我|帮忙|一下|"
                    + "你好|您好|麻烦|谢谢|房子|房屋|小区|手机|座机|号码|[，,。.!！?？:：、\\s]");
    /** A message that is nothing but a number and words about it ("我的手机号是…"). */
    private static final Pattern ABOUT_NUMBER = Pattern.compile(
            "我的|我|手机号码?|手机|电话号码?|电话|号码|联系方式|是|为|:|：|，|,|。|\\.|\\s");

    private final String communityId;
    private final Residents residents;
    private final Bindings bindings;
    private final LoginCodes codes;
    private final SmsSender sms;
    private final BindingRequests requests;
    private final ConversationLog log;
    /** The number a follower asked a code for, until they send it back (kept in memory, never stored). */
    private final Map<String, String> pendingPhone = new ConcurrentHashMap<>();
    /** Code requests per follower and minute, whatever the numbers: one follower cannot text a whole estate. */
    private final dev.guanjia.channels.login.RateLimiter perFollower =
            new dev.guanjia.channels.login.RateLimiter(3, java.time.Clock.systemUTC());

    public WeChatBinding(String communityId, Residents residents, Bindings bindings, LoginCodes codes, SmsSender sms,
                         BindingRequests requests, ConversationLog log) {
        this.communityId = communityId;
        this.residents = residents;
        this.bindings = bindings;
        this.codes = codes;
        this.sms = sms;
        this.requests = requests;
        this.log = log;
    }

    /**
     * The message as the conversation log may keep it: phone numbers and codes a follower types
     * while binding are replaced by marks, so the messages table never holds them (the number the
     * code flow needs is kept in memory only until the code comes back).
     */
    public String forRecord(String openid, String text) {
        if (text == null) {
            return null;
        }
        String t = normalize(text);
        boolean bound = residents.identify(communityId, KIND, openid).isPresent();
        boolean aboutBinding = !OTHER_THING.matcher(t).find()
                && (BIND.matcher(t).find() || REBIND.matcher(t).find() || UNBIND.matcher(t).find());
        if (bound && !aboutBinding) {
            return text;
        }
        String out = MOBILE.matcher(t).replaceAll(Matcher.quoteReplacement(PHONE_MARK));
        out = LANDLINE.matcher(out).replaceAll(Matcher.quoteReplacement(PHONE_MARK));
        // a code: the whole message is digits, or the follower is waiting for one
        if (out.matches("\\D{0,8}\\d{4,8}\\D{0,3}")) {
            out = DIGITS.matcher(out).replaceAll(Matcher.quoteReplacement(CODE_MARK));
        } else if (pendingPhone.containsKey(openid) || out.contains("验证码")) {
            out = CODE.matcher(out).replaceAll(Matcher.quoteReplacement(CODE_MARK));
        }
        return out.equals(t) ? text : out;
    }

    /**
     * A reply when the message is a binding step; empty when it is for the agent. The caller stores
     * the reply as the message's answer, so staff read the whole exchange.
     */
    public Optional<String> handle(String openid, String text) {
        return reply(openid, text);
    }

    private Optional<String> reply(String openid, String text) {
        String t = normalize(text == null ? "" : text);
        if (OTHER_THING.matcher(t).find()) {
            return Optional.empty();
        }
        Optional<Resident> me = residents.identify(communityId, KIND, openid);
        boolean unbind = UNBIND.matcher(t).find();
        boolean rebind = REBIND.matcher(t).find();
        boolean bind = BIND.matcher(t).find();
        String mobile = first(MOBILE, t).map(m -> m.replaceAll("\\D", "")).orElse(null);
        if (me.isPresent()) {
            return bound(openid, me.get(), unbind, rebind, bind, mobile);
        }
        String pending = pendingPhone.get(openid);
        Matcher code = CODE.matcher(t);
        if (pending != null && mobile == null && code.find() && t.replaceAll("\\d", "").length() <= 12) {
            return Optional.of(verify(openid, pending, code.group()));
        }
        if (mobile != null && (bind || rebind || onlyANumber(t))) {
            return Optional.of(sendCode(openid, mobile));
        }
        if (first(LANDLINE, t).isPresent() && (bind || rebind || onlyANumber(t))) {
            return Optional.of("座机收不到短信验证码。请发送您的房号和姓名，例如“我是3栋2单元501室的张三”，"
                    + "服务中心核实后为您绑定。");
        }
        Matcher house = HOUSE.matcher(t);
        if (house.find() && (SELF.matcher(t).find() || bind)) {
            return Optional.of(request(openid, t, house));
        }
        if (unbind) {
            return Optional.of("您的微信还没有绑定，不需要解绑。" + HOW);
        }
        if (bind || rebind) {
            return Optional.of(NO_CODE.matcher(t).find()
                    ? "收不到验证码（登记的是座机或手机号已更换）时，请发送您的房号和姓名，例如“我是3栋2单元501室的张三”，"
                    + "服务中心核实后为您绑定。"
                    : HOW);
        }
        return Optional.empty();
    }

    /** Unsubscribing ends the binding the follower made. */
    public void unbind(String openid) {
        pendingPhone.remove(openid);
        bindings.unbind(communityId, KIND, openid);
    }

    private Optional<String> bound(String openid, Resident me, boolean unbind, boolean rebind, boolean bind,
                                   String mobile) {
        if (!unbind && !rebind) {
            return bind ? Optional.of("您的微信已经绑定" + houses(me) + "，可以直接查账单、报修和查看工单进度。"
                    + "如需换成其他手机号绑定，请发送“换绑”；如需解除，请发送“解绑”。") : Optional.empty();
        }
        if (!bindings.unbind(communityId, KIND, openid)) {
            // the openid came with the community's records: only the service centre changes those
            return Optional.of("您的微信是物业登记资料里关联的，不能在这里解除。如需更换，请联系物业服务中心。");
        }
        pendingPhone.remove(openid);
        if (rebind && mobile != null) {
            return Optional.of("已解除原来的绑定。" + sendCode(openid, mobile));
        }
        return Optional.of(rebind ? "已解除原来的绑定。" + HOW
                : "已解除绑定，这个微信不能再查询您的账单和工单。如需重新绑定，发送您登记的手机号即可。");
    }

    /** The same words whether or not the number is registered: nobody learns who lives here. */
    private String sendCode(String openid, String mobile) {
        if (!perFollower.allow(openid)) {
            return "获取验证码太频繁，请1分钟后再试。";
        }
        pendingPhone.put(openid, mobile);
        try {
            codes.issue(communityId, mobile).ifPresent(code -> sms.send(new Sms(mobile, "login_code",
                    java.util.Map.of("code", code), "【物业管家】您正在绑定微信，验证码" + code + "，5分钟内有效。如非本人操作请忽略。")));
        } catch (LoginCodes.TooSoon e) {
            return e.getMessage() + "收到后直接回复6位验证码即可。";
        }
        return "如该号码已在本小区登记，验证码已发送到这个手机，请在5分钟内直接回复6位验证码完成绑定。"
                + "收不到短信（登记的是座机或号码已更换）的，请发送房号和姓名，例如“我是3栋2单元501室的张三”。";
    }

    private String verify(String openid, String phone, String code) {
        Optional<String> resident = codes.verify(communityId, phone, code);
        if (resident.isEmpty()) {
            return "验证码不正确或已过期。请重新发送手机号获取新的验证码。";
        }
        bindings.bind(communityId, resident.get(), KIND, openid);
        pendingPhone.remove(openid);
        return "绑定成功！现在可以查询账单、报修和查看工单进度了。";
    }

    /** Name and house: filed for the service centre, and the conversation queued so an agent sees it. */
    private String request(String openid, String t, Matcher house) {
        String name = FILLER.matcher(t.substring(0, house.start()) + "," + t.substring(house.end())).replaceAll("");
        String where = house.group(1).toUpperCase() + "栋" + house.group(2) + "单元" + house.group(3) + "室";
        if (!name.matches("[\\p{IsHan}·]{2,6}")) {
            return "请连同您在物业登记的姓名一起发送，例如“我是" + where + "的张三”，服务中心核实后为您绑定。";
        }
        UUID conversation = log.latest(communityId, "wechat", openid).orElse(null);
        long id = requests.file(communityId, KIND, openid, name, house.group(1).toUpperCase(), house.group(2),
                house.group(3), conversation);
        if (conversation != null) {
            // the summary is plain text: the house, not the name (staff read the name in the request)
            log.queueForHuman(conversation, "binding request", "微信绑定申请#" + id + "：自称" + where
                    + "住户，请核实身份后确认绑定（登记的是座机或收不到验证码）");
        }
        return "已收到您的绑定申请（" + where + "）。物业服务中心的工作人员会核实您的身份（可能会打您登记的电话），"
                + "确认后在这里通知您，之后就可以查账单和工单了。在此之前，一般问题也可以直接问我。";
    }

    private static String houses(Resident me) {
        return me.houses().isEmpty() ? "" : "（" + String.join("、", me.houses().stream()
                .map(Resident.Household::houseCode).toList()) + "）";
    }

    private static boolean onlyANumber(String t) {
        String rest = MOBILE.matcher(t).replaceAll("");
        rest = LANDLINE.matcher(rest).replaceAll("");
        return ABOUT_NUMBER.matcher(rest).replaceAll("").isEmpty();
    }

    private static Optional<String> first(Pattern p, String t) {
        Matcher m = p.matcher(t);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** Full-width digits and letters (１３９…, Ａ２栋) read as ASCII. */
    private static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
    }
}
