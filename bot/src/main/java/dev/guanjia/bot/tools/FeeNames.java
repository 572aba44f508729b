package dev.guanjia.bot.tools;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which fee items a resident named when asking to pay ("只交停车费", "把水电费交了"), read against the
 * item names of their own bills (地面停车位管理费 ~ 停车费). "物业费" and "管理费" on their own are how
 * residents say "my property bills" as a whole: they narrow only with 只/仅/光/单/先.
 */
final class FeeNames {

    /** "X费" as residents write it: the two to four characters before 费. */
    private static final Pattern FEE = Pattern.compile("([\\u4e00-\\u9fa5]{1,4})[费費]");
    private static final Pattern GENERIC = Pattern.compile("(物业管理|物業管理|物业服务|物業服務|物业|物業|管理)$");
    /** The property fee item: 物业 in its name, or 管理费 that is not for a parking space or car. */
    private static final Pattern PROPERTY_ITEM = Pattern.compile("物业|物業|^(?!.*(车|車|停|位)).*管理");
    private static final Pattern ONLY = Pattern.compile("只|仅|僅|光|单单|单交|先交|先缴|淨係|净系|just|only", Pattern.CASE_INSENSITIVE);

    private FeeNames() {
    }

    /** The item names among {@code items} that the text names; empty when it names none, or only the bills as a whole. */
    static List<String> named(String text, List<String> items) {
        boolean only = ONLY.matcher(text).find();
        Set<String> out = new LinkedHashSet<>();
        boolean generic = false;
        for (String fee : mentioned(text)) {
            boolean namedOne = false;
            for (String item : items) {
                if (names(fee, item, only)) {
                    out.add(item);
                    namedOne = true;
                }
            }
            generic |= !namedOne && GENERIC.matcher(fee).find();
        }
        if (generic && !out.isEmpty()) {
            // "物业费跟车位费一起缴了": beside another fee, 物业费 / 管理费 is the property fee item itself
            for (String item : items) {
                if (PROPERTY_ITEM.matcher(item).find()) {
                    out.add(item);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The fees the text mentions: up to four characters before each 费 ("帮我把物业费" → "我把物业"). */
    static List<String> mentioned(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = FEE.matcher(text == null ? "" : text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * A tail of the words before 费 that the item's name contains: "停车" names 地面停车位管理费, "水"
     * names 水费. A generic ending (物业, 管理) is dropped first unless the resident said "only".
     */
    private static boolean names(String mention, String item, boolean only) {
        String fee = only ? mention : GENERIC.matcher(mention).replaceFirst("");
        for (int start = 0; start < fee.length(); start++) {
            String tail = fee.substring(start);
            if (tail.length() >= 2 && item.contains(tail) || tail.length() == 1 && item.equals(tail + "费")) {
                return true;
            }
        }
        return false;
    }
}
