package io.peerswitch.endpoint.voicemail;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 3842 message-summary (section 5.2): whether messages wait, for which account, the counts per
 * message-context class (RFC 3458), and the headers of new messages.
 *
 * @param account  the Message-Account URI, or null
 * @param counts   counts by lower-case class name ({@code voice-message}), in the order given
 * @param messages the optional header blocks of new messages
 */
public record MessageSummary(boolean waiting, String account, Map<String, Counts> counts, List<MessageHeaders> messages) {

    /** The media type of the body (RFC 3842 section 4). */
    public static final String CONTENT_TYPE = "application/simple-message-summary";

    public MessageSummary {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(counts, "counts")));
        messages = List.copyOf(messages);
    }

    /** New and old messages of one class, urgent ones among them (RFC 3842 section 5.2 "msg-summary-line"). */
    public record Counts(int newMessages, int oldMessages, int newUrgent, int oldUrgent) {

        public Counts {
            if (newMessages < 0 || oldMessages < 0 || newUrgent < 0 || oldUrgent < 0) {
                throw new IllegalArgumentException("message counts are not negative");
            }
        }
    }

    /** One new message's headers (RFC 3842 section 5.2 "opt-msg-headers"): names as written, in order; looked up case-insensitively. */
    public record MessageHeaders(List<Map.Entry<String, String>> fields) {

        public MessageHeaders {
            List<Map.Entry<String, String>> copy = new ArrayList<>();
            for (Map.Entry<String, String> field : fields) {
                copy.add(new AbstractMap.SimpleImmutableEntry<>(Objects.requireNonNull(field.getKey()),
                        Objects.requireNonNull(field.getValue())));
            }
            fields = List.copyOf(copy);
        }

        /** The value of the first field named {@code name}. */
        public Optional<String> field(String name) {
            return fields.stream().filter(f -> f.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        /** Headers from name, value, name, value ... */
        public static MessageHeaders of(String... namesAndValues) {
            if (namesAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("names and values come in pairs");
            }
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
            }
            return new MessageHeaders(fields);
        }
    }

    /** The counts of voice messages (RFC 3458 class {@code voice-message}), zero when absent. */
    public Counts voice() {
        return counts.getOrDefault("voice-message", new Counts(0, 0, 0, 0));
    }

    /** The class names of RFC 3458 section 7, as they appear in a summary line. */
    static final List<String> CLASSES = List.of("voice-message", "fax-message", "pager-message", "multimedia-message",
            "text-message", "none");

    /** How a class name is written in a summary line: {@code Voice-Message}. */
    static String headerName(String className) {
        StringBuilder name = new StringBuilder();
        for (String word : className.split("-")) {
            if (!name.isEmpty()) {
                name.append('-');
            }
            name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return name.toString();
    }
}
