package io.peerswitch.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Field checks used by the compact constructors of wire records; every failure names its field. */
public final class Fields {

    private Fields() {
    }

    /** Returns {@code value}, or fails naming {@code field} when it is absent. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    /** A required text of 1 to {@code maxLength} characters that is not blank. */
    public static String text(String value, String field, int maxLength) {
        required(value, field);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        return bounded(value, field, maxLength);
    }

    /**
     * A required message body of 1 to {@code maxLength} characters that is not blank: like {@link #text}, but
     * line breaks (CR, LF) are allowed as in an instant message (RFC 3428 bodies are free text).
     */
    public static String multilineText(String value, String field, int maxLength) {
        required(value, field);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidFieldException(field, "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidFieldException(field, "must not contain control characters other than tab and line breaks");
            }
        }
        return value;
    }

    /** An optional text: {@code null} stays {@code null}; otherwise at most {@code maxLength} characters. */
    public static String optionalText(String value, String field, int maxLength) {
        return value == null ? null : bounded(value, field, maxLength);
    }

    /** A list that may be absent (read as empty) but may not hold {@code null} elements; returned unmodifiable. */
    public static <T> List<T> list(List<T> value, String field) {
        if (value == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            T element = value.get(i);
            if (element == null) {
                throw new InvalidFieldException(field + "[" + i + "]", "must not be null");
            }
            copy.add(element);
        }
        return Collections.unmodifiableList(copy);
    }

    /** An integer within {@code [min, max]}. */
    public static int range(int value, String field, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static String bounded(String value, String field, int maxLength) {
        if (value.length() > maxLength) {
            throw new InvalidFieldException(field, "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new InvalidFieldException(field, "must not contain control characters");
            }
        }
        return value;
    }
}
