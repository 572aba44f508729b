package dev.guanjia.bot.tools;

import java.util.regex.Pattern;

/**
 * A follow-up question: short enough to lean on what the resident said before it ("用交钱吗", "停到几点",
 * "那我妈家6楼也停吗", "do I need to pay for it?"). Only such a question is read again with the message
 * before it when it finds no answer alone; a question of its own length stands or falls by itself.
 */
final class FollowUp {

    /** At most this many Chinese characters (a question that names its own topic is longer). */
    private static final int MAX_HAN = 12;
    /** At most this many English words ("My flat is on 9F. Will my water be off too?"). */
    private static final int MAX_WORDS = 12;
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

    private FollowUp() {
    }

    /** Words that point back at what was said: "那…呢", "也", "这个", "too", "it". */
    private static final Pattern POINTS_BACK = Pattern.compile(
            "也|还|那|呢|这个|这种|这样|(?i)\\b(too|also|as well|either|it|that|this|they|them|those)\\b");

    /** A follow-up that says it is one: it points back at what was said before it. */
    static boolean pointsBack(String question) {
        return question != null && POINTS_BACK.matcher(question).find();
    }

    static boolean leansOnWhatCameBefore(String question) {
        if (question == null || question.isBlank()) {
            return false;
        }
        long han = HAN.matcher(question).results().count();
        long words = WORD.matcher(question).results().count();
        return han + words > 0 && han <= MAX_HAN && words <= MAX_WORDS;
    }
}
