package dev.guanjia.bot.policy;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.classify.Classifier;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new fault raised beside an earlier matter, which the message is then about: another one announced
 * ("又一桩：门禁刷不开", "Besides my noise complaint, the lift …"), the earlier one put aside ("楼道灯的事你们慢慢弄吧
 * 现在单元门禁又坏了") or a fault of another trade come up since ("上次报的楼道灯还没修 今天卫生间又漏水了").
 * Not a status question about the earlier one, nor a complaint because the earlier one was one.
 */
public final class AnotherMatter {

    /** What the message says before the new matter, and the new matter. */
    public record Raised(String earlier, String raised) {
    }

    private static final Pattern ANNOUNCED = Pattern.compile(
            "又(一|有一?)(桩|件)(事|问题)?|又出(了)?(个)?(事|问题|状况)|(另外|另)(一|有一?)(个|件|桩)(事|问题)|"
                    // "Different issue from my noise complaint: …": the earlier one named, then the new matter
                    + "(?i)\\b(different|another|separate|new) (issue|problem|thing|matter)\\b( (from|than|to) [^:,.;]*[:,;])?|"
                    + "\\bsomething else\\b|"
                    // "Besides my noise complaint, the lift …": what follows the comma is the new matter
                    + "\\b(besides|apart from|aside from|other than|in addition to)\\b[^,.;]*[,;]|\\bon top of (that|this)\\b");
    /** The earlier matter put aside ("剪树那事先不催了", "那个投诉先放着", "楼道灯的事你们慢慢弄吧"). */
    private static final Pattern PUT_ASIDE = Pattern.compile(
            "先(不催|搁|放一放|放放|放着|放一边|不管)|慢慢(弄|修|搞|处理)(吧|好了)");
    /**
     * "today … again", or a clause of its own going wrong again, after the earlier matter: a new fault when of
     * another trade, else the old one persisting.
     */
    private static final Pattern SINCE_THEN = Pattern.compile(
            "(今天|今儿|今早|今晚|今朝|现在|这会儿?|刚才|刚刚|这下|结果|这回)[^，,。？?！!]{0,10}?又");
    /**
     * "楼上吵的事还没解决 我家厨房天花板又开始滴水了": a clause of its own going wrong again — counted only after a
     * matter named, and not "又脏又臭" (both this and that, one fault told).
     */
    private static final Pattern AGAIN_CLAUSE = Pattern.compile(
            "(?<=[，,。；;！!？?\\s])[^，,。；;！!？?\\s]{1,10}?又(开始|坏|漏|堵|不|没|出|响|掉|裂|断|停|冒|滴|渗|跳)(?![^，,。；;！!？?\\s]{0,3}又)");
    /** What the earlier part names when it is a matter: a report, an order, a complaint, a problem. */
    private static final Pattern MATTER = Pattern.compile("事|投诉|报修|单子?|问题|(?i)\\b(complaint|report|request|order|issue)\\b");
    /** A question asked about a fault ("另外一个问题，水管漏水维修怎么收费"), not a fault reported. */
    private static final Pattern ASKED = Pattern.compile(
            "(怎么|如何|咋)(收费|处理|办|弄|算|修)|多少钱|收费|费用|价格|一般|想问|问问|请问|问一下|"
                    + "(?i)\\b(how (much|do|can|to|should)|what (should|do))\\b");

    private AnotherMatter() {
    }

    /**
     * The new matter the message raises, or null when it raises none (or what follows asks a question, or is
     * the earlier report again: "另外一个事，我报的门禁那单怎么样了").
     *
     * @param m the message read as Mandarin ({@link Vernacular#read})
     */
    public static Raised in(String m, Classifier classifier) {
        Matcher a = ANNOUNCED.matcher(m);
        if (a.find()) {
            String rest = m.substring(a.end());
            return fresh(rest, classifier) ? new Raised(m.substring(0, a.start()), rest) : null;
        }
        Matcher aside = PUT_ASIDE.matcher(m);
        if (aside.find()) {
            // "师傅慢慢来吧，我家水龙头一直在滴水" puts nothing aside: the earlier part must name a matter
            String earlier = m.substring(0, aside.start());
            String rest = m.substring(aside.end());
            ServiceCategory was = classifier.classify(earlier).category();
            boolean named = was != ServiceCategory.OTHER || Cues.refersToReport(earlier) || MATTER.matcher(earlier).find();
            return named && fresh(rest, classifier)
                    && (was == ServiceCategory.OTHER || was != classifier.classify(rest).category())
                    ? new Raised(earlier, rest) : null;
        }
        Matcher since = SINCE_THEN.matcher(m);
        boolean found = since.find() && since.start() > 0;
        if (!found) {
            since = AGAIN_CLAUSE.matcher(m);
            found = since.find() && since.start() > 0 && !m.substring(since.start(), since.end()).matches(".*又.*又.*")
                    && (Cues.refersToReport(m.substring(0, since.start())) || MATTER.matcher(m.substring(0, since.start())).find());
        }
        if (!found) {
            return null;
        }
        String earlier = m.substring(0, since.start());
        String rest = m.substring(since.start());
        ServiceCategory now = classifier.classify(rest).category();
        return now != ServiceCategory.OTHER && fresh(rest, classifier)
                && now != classifier.classify(earlier).category() ? new Raised(earlier, rest) : null;
    }

    private static boolean fresh(String rest, Classifier classifier) {
        return classifier.describesProblem(rest) && !ASKED.matcher(rest).find()
                && !Cues.refersToReport(rest) && !Cues.asksAboutEarlierReport(rest);
    }
}
