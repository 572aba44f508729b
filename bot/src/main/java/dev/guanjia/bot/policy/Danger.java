package dev.guanjia.bot.policy;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kind of danger an emergency is, so that its steps come from an article about the same danger: a
 * leak's "close the main valve" read to someone smelling gas is worse than no steps at all.
 */
public enum Danger {
    GAS("燃气|煤气|天然气|液化气|沼气|(?i)\\bgas\\b"),
    FIRE("着火|火灾|起火|失火|火情|火警|冒烟|浓烟|烟雾|(?i)\\b(fire|smoke)\\b"),
    LIFT("电梯|轿厢|困人|被困|关在里面|(?i)\\b(lifts?|elevators?|trapped)\\b"),
    WATER("漏水|跑水|水管|爆管|爆裂|渗水|积水|进水|淹|喷水|水阀|(?i)\\b(flood\\w*|leak\\w*|pipes?|burst)\\b"),
    ELECTRIC("漏电|触电|电线|插座|电闸|跳闸|短路|火花|配电|电箱|电表箱|焦糊|烧焦|(?i)\\b(sparks?|shock|electric\\w*|wiring)\\b");

    private final Pattern words;

    Danger(String words) {
        this.words = Pattern.compile(words);
    }

    /** The danger a message tells of, the first that fits in this order (gas before the fire it may cause). */
    public static Optional<Danger> of(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Danger d : values()) {
            if (d.words.matcher(t).find()) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Every danger a title names ("漏水、水管爆裂应急处理": water); none for a general emergency article. */
    public static Set<Danger> named(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        Set<Danger> out = EnumSet.noneOf(Danger.class);
        for (Danger d : values()) {
            if (d.words.matcher(t).find()) {
                out.add(d);
            }
        }
        return out;
    }

    /** Whether an article with this title may give the steps for this message's danger. */
    public static boolean stepsFit(String title, String message) {
        Set<Danger> about = named(title);
        return about.isEmpty() || of(message).map(about::contains).orElse(true);
    }
}
