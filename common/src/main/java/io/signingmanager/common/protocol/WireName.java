package io.signingmanager.common.protocol;

import java.util.Arrays;
import java.util.List;

/** A vocabulary that is stored, sent and shown by a name of its own (its wire name), not its Java name. */
public interface WireName {
    String wire();

    /** Every value's name, in declaration order. */
    static <E extends Enum<E> & WireName> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList();
    }

    /** The value of {@code type} stored as {@code wire}, or {@code null} when {@code wire} is {@code null} or no such name. */
    static <E extends Enum<E> & WireName> E fromWire(Class<E> type, String wire) {
        for (E value : type.getEnumConstants()) {
            if (value.wire().equals(wire)) {
                return value;
            }
        }
        return null;
    }
}
