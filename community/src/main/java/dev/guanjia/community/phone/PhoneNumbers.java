package dev.guanjia.community.phone;

import java.util.regex.Pattern;

/**
 * One spelling per Chinese phone number, so a caller ID from a trunk ({@code +8651266010901},
 * {@code 008613800138000}, {@code 1795113800138000}, {@code 013800138000}) finds the resident
 * registered as {@code 051266010901} or {@code 13800138000}. Mobiles stay 11 digits starting
 * with 1 (exactly as they were registered before, so existing lookup hashes stay valid);
 * landlines take the leading-0 form with their area code; extensions are dropped.
 */
public final class PhoneNumbers {

    // carriers' IP-dialling prefixes some trunks leave in front of the caller's number
    private static final Pattern IP_PREFIX = Pattern.compile("^(1795[18]|1791[17]|12593|10193|96688)(?=\\d{10,12}$)");
    private static final Pattern EXTENSION = Pattern.compile("(?i)\\s*(ext\\.?|x|转|分机|#|,|;|p|w).*$");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private PhoneNumbers() {
    }

    /** The normal form; a value with no digits comes back stripped and otherwise unchanged. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        String number = s.startsWith("+") ? "+" + s.substring(1) : s;
        // the extension starts after the number's digits: cut at the first marker that follows a digit
        java.util.regex.Matcher ext = EXTENSION.matcher(number);
        int at = -1;
        while (ext.find()) {
            if (ext.start() > 0 && number.substring(0, ext.start()).chars().anyMatch(Character::isDigit)) {
                at = ext.start();
                break;
            }
        }
        if (at > 0) {
            number = number.substring(0, at);
        }
        boolean international = number.startsWith("+");
        String digits = number.replaceAll("[\\s\\-().\\u00a0+]", "");
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return s;
        }
        if (international) {
            if (!digits.startsWith("86")) {
                return "+" + digits; // a foreign number keeps its country code
            }
            digits = digits.substring(2);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.startsWith("86") && (digits.length() == 13 && MOBILE.matcher(digits.substring(2)).matches()
                || digits.length() >= 11 && digits.length() <= 13 && digits.charAt(2) != '0' && !MOBILE.matcher(digits).matches())) {
            digits = digits.substring(2); // 86 without + or 00, as some trunks send it
        }
        digits = IP_PREFIX.matcher(digits).replaceFirst("");
        if (digits.startsWith("0") && MOBILE.matcher(digits.substring(1)).matches()) {
            return digits.substring(1); // a mobile from another area, sent with a trunk's 0
        }
        if (MOBILE.matcher(digits).matches()) {
            return digits;
        }
        if (!digits.startsWith("0") && digits.length() >= 10 && digits.length() <= 11 && (international || raw.strip().startsWith("00") || raw.strip().startsWith("86"))) {
            return "0" + digits; // an area code and a landline, without the national 0
        }
        return digits;
    }
}
