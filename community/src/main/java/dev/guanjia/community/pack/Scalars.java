package dev.guanjia.community.pack;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Typed values as people write them in YAML, read the same way for community packs and for the
 * service's settings (guanjia.yaml): empty when the text is not of the type, so each reader can say
 * in its own words which field is wrong.
 */
public final class Scalars {

    private Scalars() {
    }

    /** true/yes/on/1 or false/no/off/0, in any case. */
    public static Optional<Boolean> bool(String text) {
        return switch (text.strip().toLowerCase()) {
            case "true", "yes", "on", "1" -> Optional.of(true);
            case "false", "no", "off", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    public static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.valueOf(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Double> number(String text) {
        try {
            return Optional.of(Double.valueOf(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<BigDecimal> decimal(String text) {
        try {
            return Optional.of(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
