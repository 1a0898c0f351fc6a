package io.peerswitch.endpoint.voicemail;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 3842 message-summary (section 5.2): whether messages wait, for which account, the counts per
 * message-context class, and the headers of new messages; {@link MessageSummaryCodec} reads and writes it.
 *
 * @param waiting  the Messages-Waiting status
 * @param account  the Message-Account URI, or null
 * @param counts   counts by lower-case class name ({@code voice-message}), in the order given
 * @param messages the optional header blocks of new messages, in the order given
 */
public record MessageSummary(boolean waiting, String account, Map<String, Counts> counts, List<MessageHeaders> messages) {

    /** The media type of the body (RFC 3842 section 3.5). */
    public static final String CONTENT_TYPE = "application/simple-message-summary";

    /** The class that {@link #voice} reads. */
    static final String VOICE = "voice-message";
    /** The message-context-class names of RFC 3842 section 5.2 (taken from RFC 3458), in lower case. */
    static final List<String> CLASSES = List.of(VOICE, "fax-message", "pager-message", "multimedia-message",
            "text-message", "none");

    private static final Counts NONE = new Counts(0, 0, 0, 0);

    /** Checks the account and the class names, and copies the counts and messages. */
    public MessageSummary {
        if (account != null && !isAccountUri(account)) {
            throw new IllegalArgumentException("Message-Account must be an absolute URI without whitespace: " + account);
        }
        Map<String, Counts> copy = new LinkedHashMap<>();
        Objects.requireNonNull(counts, "counts").forEach((name, count) -> {
            if (!CLASSES.contains(name)) {
                throw new IllegalArgumentException("not a lower-case message-context-class of RFC 3842: " + name);
            }
            copy.put(name, Objects.requireNonNull(count, "counts of " + name));
        });
        counts = Collections.unmodifiableMap(copy);
        messages = List.copyOf(messages);
    }

    /** The counts of voice messages (RFC 3458 class {@code voice-message}), zero when absent. */
    public Counts voice() {
        return counts.getOrDefault(VOICE, NONE);
    }

    /** Whether {@code value} has the shape of an absolute URI ({@code scheme ":" rest}) with no whitespace or control characters. */
    static boolean isAccountUri(String value) {
        int colon = value.indexOf(':');
        if (colon < 1 || colon == value.length() - 1 || !isLetter(value.charAt(0))) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7F || (i < colon && !isLetter(c) && !isDigit(c) && "+-.".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * New and old messages of one class, urgent ones among them (RFC 3842 section 5.2 "msg-summary-line").
     *
     * @param newMessages new messages
     * @param oldMessages old messages
     * @param newUrgent   urgent ones among the new, 0 when the line does not say
     * @param oldUrgent   urgent ones among the old, 0 when the line does not say
     */
    public record Counts(int newMessages, int oldMessages, int newUrgent, int oldUrgent) {

        /** Requires every count to be zero or more. */
        public Counts {
            if (newMessages < 0 || oldMessages < 0 || newUrgent < 0 || oldUrgent < 0) {
                throw new IllegalArgumentException("message counts are not negative");
            }
        }
    }

    /**
     * One new message's headers (RFC 3842 section 5.2 "opt-msg-headers", e.g. To, From, Subject, Date, Priority,
     * Message-ID, Message-Context): names as written, in order; looked up case-insensitively.
     *
     * @param fields at least one field; each name an RFC 3261 token, each value one line, trimmed of spaces and tabs
     */
    public record MessageHeaders(List<Map.Entry<String, String>> fields) {

        /** Checks and copies the fields, trimming the values' spaces and tabs. */
        public MessageHeaders {
            List<Map.Entry<String, String>> copy = new ArrayList<>(fields.size());
            for (Map.Entry<String, String> field : fields) {
                String name = field.getKey();
                String value = field.getValue();
                if (!isFieldName(name)) {
                    throw new IllegalArgumentException("header name must be an RFC 3261 token: " + name);
                }
                if (value == null || !isFieldValue(value)) {
                    throw new IllegalArgumentException("the value of " + name + " must be one line without control characters");
                }
                copy.add(new AbstractMap.SimpleImmutableEntry<>(name, trim(value)));
            }
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("a message header block holds at least one field");
            }
            fields = List.copyOf(copy);
        }

        /** Headers from name, value, name, value ... */
        public static MessageHeaders of(String... namesAndValues) {
            if (namesAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("names and values come in pairs");
            }
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.add(new AbstractMap.SimpleImmutableEntry<>(namesAndValues[i], namesAndValues[i + 1]));
            }
            return new MessageHeaders(fields);
        }

        /** The value of the first field named {@code name}, case-insensitively. */
        public Optional<String> field(String name) {
            return fields.stream().filter(f -> f.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        /** Whether {@code name} is a {@code token} of RFC 3261 section 25.1, as a header name must be. */
        static boolean isFieldName(String name) {
            if (name == null || name.isEmpty()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!isLetter(c) && !isDigit(c) && "-.!%*_+`'~".indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }

        /** Whether {@code value} holds no control character other than a tab (so no CR or LF). */
        static boolean isFieldValue(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < ' ' && c != '\t') || c == 0x7F) {
                    return false;
                }
            }
            return true;
        }

        /** {@code value} without leading and trailing spaces and tabs (RFC 3261 LWS). */
        static String trim(String value) {
            int start = 0;
            int end = value.length();
            while (start < end && isWhitespace(value.charAt(start))) {
                start++;
            }
            while (end > start && isWhitespace(value.charAt(end - 1))) {
                end--;
            }
            return value.substring(start, end);
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
