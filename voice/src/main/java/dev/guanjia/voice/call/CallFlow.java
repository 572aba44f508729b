package dev.guanjia.voice.call;

import dev.guanjia.desk.conversation.ServiceDesk;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.bot.turn.Action;
import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.voice.audio.Pcm;
import dev.guanjia.voice.speech.SpeechRecognizer;
import dev.guanjia.voice.speech.SpeechSynthesizer;
import dev.guanjia.voice.speech.SpokenText;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One phone call, keypad first: a slow greeting (callers aged 65+ hear at once that 0 reaches a
 * person), a menu of four choices, * to repeat, long no-input timeouts with one re-prompt, wrong
 * keys answered without starting over, and a key or speech stopping any prompt (barge-in).
 * Answers come from the same service desk as the chat channels, with the caller's number as their
 * identity, rewritten to be heard. Speech, when a recognizer is configured, is read back and
 * confirmed with 1 before it is acted on; two failures fall back to the keypad.
 */
public final class CallFlow {

    private static final Logger LOG = Logger.getLogger(CallFlow.class.getName());
    static final String MENU = "查账单请按1，报修请按2，查询工单进度请按3，收听最新通知请按4，人工服务请按0，重听请按星号键。";
    static final String AFTER = "返回主菜单请按星号键，人工服务请按0。";

    /** The stores and services a call uses. */
    public record Parts(ServiceDesk desk, Residents residents, CommunityDirectory communities, CallRecords records,
                        SpeechSynthesizer tts, SpeechRecognizer asr, ScheduledExecutorService timers, Executor work,
                        Clock clock, Availability availability, dev.guanjia.voice.pay.PaymentLinks payLinks) {

        /** Without online payment: no payment link is offered. */
        public Parts(ServiceDesk desk, Residents residents, CommunityDirectory communities, CallRecords records,
                     SpeechSynthesizer tts, SpeechRecognizer asr, ScheduledExecutorService timers, Executor work,
                     Clock clock, Availability availability) {
            this(desk, residents, communities, records, tts, asr, timers, work, clock, availability, null);
        }
    }

    /** After the bills of a caller who owes: the key that texts them the payment link. */
    static final String PAY_LINK = "按2，我们把缴费链接发到您的手机。";

    /**
     * @param firstKey   how long to wait for a key after the menu (elderly callers need time)
     * @param pauseMillis silence after each prompt, so a caller can bring the phone back to the ear
     */
    public record Settings(String communityId, Duration firstKey, int pauseMillis, double minConfidence) {
        public static Settings defaults(String communityId) {
            return new Settings(communityId, Duration.ofSeconds(8), 500, 0.6);
        }
    }

    private enum Awaiting { MENU, AFTER_ANSWER, AFTER_BILLS, CONFIRM, BUSY, DONE }

    private final Parts p;
    private final Settings s;
    private final UUID id;
    private final String transport;
    private final String caller;
    private final CallLine line;
    private final List<String> spoken = new ArrayList<>();

    /** Said before a transfer: one short sentence, so a caller who pressed 0 reaches a person within 2 s. */
    static final String TRANSFER = "转人工。";

    private boolean started;
    private String cutBefore;
    private Identity identity;
    private Resident resident;
    private String conversation;
    private Awaiting awaiting = Awaiting.BUSY;
    private String lastPrompt = MENU;
    private int timeouts;
    private int misheard;
    private String heard;
    private ScheduledFuture<?> timer;
    // speech detection
    private SpeechRecognizer.Utterance utterance;
    private int loudFrames;
    private int quietFrames;

    public CallFlow(Parts parts, Settings settings, UUID id, String transport, String callerNumber, CallLine line) {
        this.p = parts;
        this.s = settings;
        this.id = id;
        this.transport = transport;
        this.caller = callerNumber;
        this.line = line;
    }

    public UUID id() {
        return id;
    }

    /** What the line has said so far, in order (for the record and for tests). */
    public synchronized List<String> spoken() {
        return List.copyOf(spoken);
    }

    public synchronized void start() {
        if (awaiting == Awaiting.DONE) {
            // cut (the node stopping) before the call's thread got to it: recorded, with its reason, and no more
            p.records().start(id, s.communityId(), transport, caller, null);
            p.records().cut(id, cutBefore);
            return;
        }
        started = true;
        identity = caller == null ? Identity.anonymous("voice") : new Identity("voice", "phone", caller);
        Resident r = caller == null ? null : p.residents().identify(s.communityId(), "phone", caller).orElse(null);
        resident = r;
        conversation = p.desk().open(s.communityId(), identity);
        p.records().start(id, s.communityId(), transport, caller, conversation);
        String name = p.communities().find(s.communityId()).map(c -> c.name()).orElse("");
        boolean elderly = r != null && r.birthYear() != null
                && LocalDate.now(p.clock()).getYear() - r.birthYear() >= 65;
        // an elderly caller hears first of all that a person is there, when one is
        boolean agentFree = elderly && p.availability() != null
                && p.availability().estimate(s.communityId()).agentsOnline() > 0;
        say("您好，这里是" + name + "物业服务热线。" + (agentFree ? "现在有客服在线，按0马上为您接通人工。"
                : elderly ? "您可以随时按0，直接转人工服务。" : "")
                + (r == null ? "" : "已为您识别登记的住户身份。") + menu());
        await(Awaiting.MENU, menu());
    }

    private String menu() {
        return MENU + (p.asr() != null ? "您也可以直接说出您的问题。" : "");
    }

    // ------------------------------------------------------------------ input

    public synchronized void onDigit(char d) {
        if (awaiting == Awaiting.DONE) {
            return;
        }
        p.records().step(id, String.valueOf(d));
        p.records().say(id, "caller", "按键" + d);
        line.stopPlayback();
        cancelTimer();
        timeouts = 0;
        if (awaiting == Awaiting.BUSY) {
            return; // an answer is on its way
        }
        if (awaiting == Awaiting.AFTER_BILLS && d == '2') {
            textPayLink();
            return;
        }
        if (awaiting == Awaiting.CONFIRM) {
            switch (d) {
                case '1', '#' -> ask(heard);
                case '2' -> {
                    say("请再说一遍，或按键选择。");
                    await(Awaiting.MENU, menu());
                }
                case '*' -> {
                    say(lastPrompt);
                    await(Awaiting.CONFIRM, lastPrompt);
                }
                default -> {
                    say("确认请按1，重说请按2。");
                    await(Awaiting.CONFIRM, lastPrompt);
                }
            }
            return;
        }
        switch (d) {
            case '*' -> {
                say(awaiting == Awaiting.AFTER_ANSWER || awaiting == Awaiting.AFTER_BILLS ? menu() : lastPrompt);
                await(Awaiting.MENU, menu());
            }
            case '0' -> handOff("0");
            case '1', '3' -> {
                if (resident == null) {
                    // bills and orders need a registered number; on the phone there is no other way to prove it
                    String unknown = (caller == null ? "您的来电没有显示号码" : "这个号码没有登记住户")
                            + "，电话里查不到账单和工单。找客服请按0。" + (caller == null ? "" : "客服不在时，我们回电到您现在这个号码。");
                    say(unknown);
                    await(Awaiting.AFTER_ANSWER, "找客服请按0，返回主菜单请按星号键。");
                } else {
                    ask(String.valueOf(d));
                }
            }
            // notices: a caller the line does not know hears the whole community's
            case '4' -> ask("4");
            case '2' -> {
                if (p.asr() != null) {
                    ask("2");
                } else {
                    // a repair needs a description; without speech recognition a person takes it
                    handOff("转人工：来电按2报修，电话里需要人工记下问题");
                }
            }
            default -> {
                // a wrong key never restarts the call: say so and repeat where the caller is
                say("这个按键没有对应的服务。" + menu());
                await(Awaiting.MENU, menu());
            }
        }
    }

    /** Caller audio, 20 ms at 8 kHz: an energy detector finds utterances for the recognizer. */
    public void onAudio(short[] frame) {
        if (p.asr() == null) {
            return;
        }
        synchronized (this) {
            if (awaiting == Awaiting.DONE || awaiting == Awaiting.BUSY) {
                return;
            }
            boolean loud = Pcm.rms(frame) > 500;
            if (utterance == null) {
                loudFrames = loud ? loudFrames + 1 : 0;
                if (loudFrames >= 3) {
                    line.stopPlayback(); // barge-in
                    cancelTimer();
                    utterance = p.asr().start(null);
                    quietFrames = 0;
                }
            }
            if (utterance != null) {
                utterance.accept(frame);
                quietFrames = loud ? 0 : quietFrames + 1;
                if (quietFrames >= 40) { // 800 ms of silence ends the utterance
                    SpeechRecognizer.Heard h;
                    try (SpeechRecognizer.Utterance u = utterance) {
                        h = u.finish();
                    }
                    utterance = null;
                    loudFrames = 0;
                    heardSpeech(h);
                }
            }
        }
    }

    /** A finished utterance (also the way in for transcripts from another recognizer). */
    public synchronized void heardSpeech(SpeechRecognizer.Heard h) {
        p.records().step(id, "speech");
        if (h.text().isBlank() || h.confidence() < s.minConfidence()) {
            misheard++;
            p.records().say(id, "caller", "（未听清）");
            say(misheard >= 2 ? "还是没有听清楚，请用按键选择。" + MENU : "没有听清楚，请再说一遍，或按键选择。");
            await(Awaiting.MENU, menu());
            return;
        }
        misheard = 0;
        heard = h.text().strip();
        p.records().say(id, "caller", heard);
        String confirm = "您说的是：" + heard + "。确认请按1，重说请按2。";
        say(confirm);
        await(Awaiting.CONFIRM, confirm);
    }

    public synchronized void onHangUp() {
        if (awaiting != Awaiting.DONE) {
            awaiting = Awaiting.DONE;
            cancelTimer();
            p.records().end(id, "caller hung up");
        }
    }

    /**
     * The line lost the call rather than finished it: this node is stopping ({@link CallRecords#NODE_STOPPED})
     * or the connection dropped ({@link CallRecords#CUT_OFF}). Ends the call with that reason, and a
     * caller who was being handed to a person gets a callback task. Nothing more is said or awaited;
     * a turn under way finds the call over. False when the call had ended already.
     */
    public synchronized boolean cutOff(String reason) {
        Cut cut = letGo(reason);
        if (cut == Cut.STARTED) {
            p.records().cut(id, reason);
        }
        return cut != Cut.ENDED;
    }

    /** What {@link #letGo} found: a call under way, one not yet started, or one over already. */
    public enum Cut { STARTED, NOT_STARTED, ENDED }

    /**
     * Ends the call here without recording it, for a node ending all its calls in one statement
     * (the caller records every STARTED one with {@link CallRecords#cut(java.util.Collection, String)});
     * a call not yet started records itself, with the reason, when its thread gets to it.
     */
    public synchronized Cut letGo(String reason) {
        if (awaiting == Awaiting.DONE) {
            return Cut.ENDED;
        }
        awaiting = Awaiting.DONE;
        cancelTimer();
        if (utterance != null) {
            utterance.close();
            utterance = null;
        }
        if (!started) {
            cutBefore = reason;
            return Cut.NOT_STARTED;
        }
        return Cut.STARTED;
    }

    /** True from the call's start until it ends, however it ends. */
    public synchronized boolean live() {
        return started && awaiting != Awaiting.DONE;
    }

    /** True once the call has ended (or was cut before it started). */
    public synchronized boolean ended() {
        return awaiting == Awaiting.DONE;
    }

    // ------------------------------------------------------------------ acting

    /**
     * To a person. The text tells the desk why (it becomes the callback note): "0" for the key,
     * a sentence for a timeout or a repair without speech recognition. A caller whose number is
     * withheld cannot be called back: with nobody online they hear the office number instead.
     */
    private void handOff(String why) {
        if (caller == null && (p.availability() == null
                || p.availability().estimate(s.communityId()).agentsOnline() == 0)) {
            say("现在没有客服在线，您的号码没有显示，我们没法回电。" + officeLine() + "感谢来电，再见。");
            finish("no agent, number withheld", false);
            return;
        }
        p.records().handedOff(id);
        ask(why);
    }

    /** The office's number, read digit by digit in groups ("0 5 1 2，6 6 0 1，0 9 0 1"). */
    private String officeLine() {
        String phone = p.communities().find(s.communityId()).map(c -> c.servicePhone()).orElse(null);
        String hours = p.communities().find(s.communityId()).map(c -> c.officeHours()).orElse(null);
        if (phone == null || phone.isBlank()) {
            return hours == null ? "请在工作时间再打来。" : "请在" + hours + "再打来。";
        }
        return (hours == null ? "" : "工作时间" + hours + "，") + "请拨物业办公室电话：" + digits(phone) + "。";
    }

    /** A number for the ear: digits apart, groups of area code, then fours (mobiles 3-4-4). */
    static String digits(String number) {
        String d = dev.guanjia.community.phone.PhoneNumbers.normalise(number).replaceAll("\\D", "");
        List<String> groups = new ArrayList<>();
        int at = 0;
        if (d.matches("1[3-9]\\d{9}")) {
            groups.add(d.substring(0, 3));
            at = 3;
        } else if (d.startsWith("0") && d.length() >= 10) {
            int area = d.startsWith("01") || d.startsWith("02") ? 3 : 4;
            groups.add(d.substring(0, area));
            at = area;
        }
        while (at < d.length()) {
            int end = Math.min(d.length(), at + 4);
            groups.add(d.substring(at, end));
            at = end;
        }
        List<String> spaced = new ArrayList<>();
        for (String g : groups) {
            spaced.add(String.join(" ", g.split("")));
        }
        return String.join("，", spaced);
    }

    /**
     * Chat answers rewritten for a keypad line: nothing about codes, logins, pages or typing, and
     * "tell me" becomes the key that does it.
     */
    String forTheEar(String reply) {
        String r = reply.replace("如需报修，请直接告诉我哪里有问题。",
                p.asr() != null ? "报修请按2。" : "报修请按0找客服。");
        StringBuilder out = new StringBuilder();
        for (String sentence : r.split("(?<=[。！？])")) {
            if (!CHAT_ONLY.matcher(sentence).find()) {
                out.append(sentence);
            }
        }
        return out.toString();
    }

    private static final java.util.regex.Pattern CHAT_ONLY =
            java.util.regex.Pattern.compile("验证码|登录|网页|本页面|公众号|发送|回复|链接|点击|扫码|短信|直接告诉我|输入");

    /** Runs a turn of the service desk off the line's thread; the answer is spoken when it comes. */
    private void ask(String text) {
        awaiting = Awaiting.BUSY;
        p.work().execute(() -> {
            TurnResult r;
            try {
                r = p.desk().turn(s.communityId(), conversation, identity, text);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "turn failed in call " + id, e);
                r = null;
            }
            answered(r);
        });
    }

    private synchronized void answered(TurnResult r) {
        if (awaiting == Awaiting.DONE) {
            return;
        }
        if (r == null) {
            say("抱歉，系统暂时有点忙。" + AFTER);
            await(Awaiting.AFTER_ANSWER, AFTER);
            return;
        }
        boolean callback = has(r, "callback.requested");
        boolean handoff = r.handoff() || has(r, "handoff.requested");
        if (callback && caller == null) {
            // no number to call back: never promise a call
            say("现在没有客服在线，您的号码没有显示，我们没法回电。" + officeLine() + "感谢来电，再见。");
            finish("no agent, number withheld", false);
        } else if (callback) {
            // the chat wording is long for the ear: the promise, briefly
            String hours = p.communities().find(s.communityId()).map(c -> c.officeHours()).orElse(null);
            say("现在没有客服在线。已登记回电，客服会" + (hours == null ? "尽快" : "在工作时间" + hours + "，")
                    + "打这个号码给您。感谢来电，再见。");
            finish("callback", false);
        } else if (handoff) {
            // one short sentence, no pause after it: the person comes at once
            spoken.add(TRANSFER);
            p.records().say(id, "line", TRANSFER);
            try {
                line.play(p.tts().speak(TRANSFER));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "speech synthesis failed; transferring without a word: " + e.getMessage());
            }
            finish("transferred", true);
        } else if (has(r, "notice.listed")) {
            // notices carry dates and times: read one sentence at a time, with a longer pause after each
            for (String sentence : forTheEar(SpokenText.of(r.reply())).split("(?<=[。！？：\n])")) {
                if (!sentence.isBlank()) {
                    sayPaused(sentence.strip(), s.pauseMillis() * 2);
                }
            }
            say("重听通知请按4。" + AFTER);
            await(Awaiting.AFTER_ANSWER, "重听通知请按4。" + AFTER);
        } else if (owes(r)) {
            // the amount was just heard: the link to pay it comes by text message
            say(forTheEar(SpokenText.of(r.reply())) + PAY_LINK + AFTER);
            await(Awaiting.AFTER_BILLS, PAY_LINK + AFTER);
        } else {
            say(forTheEar(SpokenText.of(r.reply())) + AFTER);
            await(Awaiting.AFTER_ANSWER, AFTER);
        }
    }

    /** The bills were just read to a registered caller who owes something, and payment is on. */
    private boolean owes(TurnResult r) {
        if (p.payLinks() == null || resident == null || caller == null) {
            return false;
        }
        // the bills read out (key 1), or a payment offered to a caller who said they want to pay
        return r.actions().stream().filter(a -> a.type().equals("bill.listed") || a.type().equals("payment.offered"))
                .map(a -> String.valueOf(a.details().get("total")))
                .anyMatch(total -> !total.matches("0(\\.0+)?|null"));
    }

    /** Offers one payment for all the caller's unpaid bills and texts its link to the number calling. */
    private void textPayLink() {
        awaiting = Awaiting.BUSY;
        p.records().step(id, "pay-link");
        p.work().execute(() -> {
            String said;
            try {
                said = p.payLinks().text(s.communityId(), resident, caller, conversation)
                        .map(o -> "缴费链接已经发到您尾号" + caller.substring(Math.max(0, caller.length() - 4))
                                + "的手机，共" + dev.guanjia.payments.offer.Offer.yuan(o.totalFen())
                                + "元，请在30分钟内打开短信里的链接，用微信支付。")
                        .orElse("您目前没有待缴费用。");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "payment link not sent in call " + id, e);
                said = "抱歉，缴费链接暂时没有发出去，请稍后再试。";
            }
            String words = said;
            synchronized (CallFlow.this) {
                if (awaiting != Awaiting.DONE) {
                    say(words + AFTER);
                    await(Awaiting.AFTER_ANSWER, AFTER);
                }
            }
        });
    }

    private static boolean has(TurnResult r, String type) {
        return r.actions().stream().map(Action::type).anyMatch(type::equals);
    }

    /** Ends our part once the last words have been heard. */
    private void finish(String outcome, boolean transfer) {
        awaiting = Awaiting.DONE;
        p.records().end(id, outcome);
        p.timers().schedule(() -> {
            if (transfer) {
                line.transfer();
            } else {
                line.hangUp();
            }
        }, line.queuedMillis() + (transfer ? 50 : 300), TimeUnit.MILLISECONDS);
    }

    /**
     * Nothing from the caller for the line's inactivity limit (no key, no speech), though the
     * connection is up: a goodbye, then our hang-up, rather than a line held open for ever.
     */
    public synchronized void onInactivity() {
        if (awaiting == Awaiting.DONE) {
            return;
        }
        cancelTimer();
        line.stopPlayback();
        p.records().step(id, "inactive");
        say("很久没有听到您的按键，先挂机了。有需要请再打来，再见。");
        finish("caller inactive", false);
    }

    private void sayPaused(String text, int pauseMillis) {
        spoken.add(text);
        p.records().say(id, "line", text);
        try {
            line.play(p.tts().speak(text));
            line.play(Pcm.silence(pauseMillis));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "speech synthesis failed; the caller hears silence: " + e.getMessage());
        }
    }

    private void say(String text) {
        spoken.add(text);
        p.records().say(id, "line", text);
        try {
            line.play(p.tts().speak(text));
            line.play(Pcm.silence(s.pauseMillis()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "speech synthesis failed; the caller hears silence: " + e.getMessage());
        }
    }

    /** Waits for input; the clock starts when the prompt has finished playing. */
    private void await(Awaiting what, String prompt) {
        awaiting = what;
        lastPrompt = prompt;
        cancelTimer();
        long wait = line.queuedMillis() + (what == Awaiting.MENU ? s.firstKey().toMillis() : s.firstKey().toMillis() + 2000);
        timer = p.timers().schedule(this::timedOut, wait, TimeUnit.MILLISECONDS);
    }

    private synchronized void timedOut() {
        if (awaiting == Awaiting.DONE || awaiting == Awaiting.BUSY || utterance != null) {
            return;
        }
        timeouts++;
        p.records().step(id, "timeout");
        if (timeouts == 1) {
            String again = awaiting == Awaiting.AFTER_ANSWER
                    ? "没有听到您的按键。" + AFTER + "没有其他问题可以直接挂机。" : "没有听到您的按键。" + lastPrompt;
            say(again);
            await(awaiting, lastPrompt);
        } else if (awaiting == Awaiting.AFTER_ANSWER || awaiting == Awaiting.AFTER_BILLS) {
            say("感谢来电，再见。");
            finish("no more input", false);
        } else {
            // two silences at the menu: a person (or a promised callback) rather than a dead end
            handOff("转人工：来电两次没有按键");
        }
    }

    /**
     * The trunk refused our transfer or never answered it (SIP REFER): rather than silence, the
     * caller hears that a call back is booked, and it is queued like any other callback request.
     */
    public synchronized void transferFailed(dev.guanjia.desk.handoff.Callbacks callbacks) {
        p.records().step(id, "transfer failed");
        if (callbacks != null) {
            try {
                callbacks.request(s.communityId(), conversation != null ? UUID.fromString(conversation) : null, "voice",
                        null, caller == null ? "anonymous" : caller, "电话转人工没有接通，请回电。");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "call back not queued for call " + id, e);
            }
        }
        say("转接没有成功，我们已为您登记回电，客服会尽快打给您。");
        finish("transfer failed, callback", false);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
