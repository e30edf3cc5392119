package io.appcredentials.keycloak.model;

import java.util.function.Function;

/** Enum constants by their JSON/attribute value. */
public final class Enums {

    private Enums() {
    }

    /** The constant whose {@code value} is {@code text}, or null (also for null text). */
    public static <E extends Enum<E>> E byValue(Class<E> type, String text, Function<E, String> value) {
        if (text == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (value.apply(e).equals(text)) {
                return e;
            }
        }
        return null;
    }
}
