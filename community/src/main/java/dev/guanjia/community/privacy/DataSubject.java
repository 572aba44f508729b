package dev.guanjia.community.privacy;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resident whose data is exported or erased, with everything that finds their rows in other
 * tables: houses, phone numbers and WeChat openids (in the clear, opened from their identities),
 * and the conversations held with them on any channel.
 *
 * @param label how texts kept by the company refer to them instead of their name (住户 / 业主)
 */
public record DataSubject(String communityId, long residentId, String code, String name, String label,
                          List<Long> houseIds, List<String> phones, List<String> openids,
                          List<UUID> conversations) {

    private static final Pattern PHONE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

    public DataSubject withConversations(List<UUID> ids) {
        return new DataSubject(communityId, residentId, code, name, label, houseIds, phones, openids, List.copyOf(ids));
    }

    /** Keyed hashes of the phone numbers, as lookup columns hold them. */
    public List<String> phoneLookups(PersonalData personalData) {
        return phones.stream().map(p -> personalData.lookup("phone", p)).toList();
    }

    /**
     * A text the company keeps (a technician's note, a notice) with the resident's name, phone numbers
     * and openids taken out: the name becomes the label, numbers are masked.
     */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (name != null && !name.isBlank()) {
            out = out.replace(name, label);
            if (name.length() >= 2) {
                // 顾先生, 顾女士: the surname with a title names the person as well
                out = out.replaceAll(Pattern.quote(name.substring(0, 1)) + "(先生|女士|小姐|阿姨|叔叔|大爷|奶奶|老师)",
                        Matcher.quoteReplacement(label));
            }
        }
        for (String openid : openids) {
            out = out.replace(openid, "（微信用户）");
        }
        Matcher m = PHONE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(PersonalData.maskPhone(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
