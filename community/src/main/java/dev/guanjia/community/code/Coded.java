package dev.guanjia.community.code;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An enum stored by a stable code and shown by its Chinese label. The code is the constant's name in
 * lower case ({@code DOOR_ACCESS} → {@code door_access}): it is what the database, the API and the
 * console keep, so renaming a constant changes stored data and needs a migration.
 */
public interface Coded {

    /** The enum constant's name; every enum has it. */
    String name();

    /** The Chinese name residents and staff see. */
    String label();

    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant with this code, if any; null finds none. */
    static <E extends Enum<E> & Coded> Optional<E> find(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst();
    }

    /** The constant with this code; an unknown code is a programming or data error, named in English. */
    static <E extends Enum<E> & Coded> E require(Class<E> type, String code) {
        return find(type, code).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " " + code));
    }
}
