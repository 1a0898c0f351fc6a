package io.peerswitch.endpoint.voicemail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure bytes-to-record codec for the RFC 3842 section 5.2 body {@code application/simple-message-summary}:
 * "Messages-Waiting: yes", "Message-Account: uri", "Voice-Message: 2/8 (0/2)" lines, then, after an empty
 * line, header blocks of new messages separated by empty lines. {@link #parse} never throws: it is strict on
 * the lines it knows (Messages-Waiting once and required, Message-Account once, each known class once with
 * well-formed counts) and tolerant of unknown headers and classes (section 5.2 allows extensions), of case in
 * names, of spaces and tabs around ":", "/" and the parentheses, of folded lines, of LF-only line ends and of a
 * missing final line end. {@link #format} writes CRLF line ends.
 */
public final class MessageSummaryCodec {

    /** Longest body parsed, in bytes; a longer one is malformed. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final String CRLF = "\r\n";
    private static final String WAITING = "Messages-Waiting";
    private static final String ACCOUNT = "Message-Account";
    /** Significant digits of {@link Integer#MAX_VALUE}, the largest count kept. */
    private static final int MAX_COUNT_DIGITS = 10;
    private static final String LWS = "[ \\t]*";
    private static final Pattern COUNTS = Pattern.compile("([0-9]+)" + LWS + "/" + LWS + "([0-9]+)"
            + "(?:" + LWS + "\\(" + LWS + "([0-9]+)" + LWS + "/" + LWS + "([0-9]+)" + LWS + "\\))?");

    private MessageSummaryCodec() {
    }

    /** The body for {@code summary}, with CRLF line ends. */
    public static String format(MessageSummary summary) {
        StringBuilder body = new StringBuilder(128);
        line(body, WAITING, summary.waiting() ? "yes" : "no");
        if (summary.account() != null) {
            line(body, ACCOUNT, summary.account());
        }
        summary.counts().forEach((name, counts) -> line(body, headerName(name), countsValue(counts)));
        for (MessageSummary.MessageHeaders message : summary.messages()) {
            body.append(CRLF);
            message.fields().forEach(field -> line(body, field.getKey(), field.getValue()));
        }
        return body.toString();
    }

    /** The summary in {@code body}, or why it is none and at which line; never throws. */
    public static MessageSummaryParseResult parse(byte[] body) {
        if (body == null) {
            return new MessageSummaryParseResult.Malformed("no body", 0);
        }
        if (body.length > MAX_BODY_BYTES) {
            return new MessageSummaryParseResult.Malformed("longer than " + MAX_BODY_BYTES + " bytes", 0);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new MessageSummaryParseResult.Malformed("not UTF-8", 0);
        }
        try {
            return new MessageSummaryParseResult.Parsed(new Parser(lines(text)).parse());
        } catch (SummarySyntaxException e) {
            return new MessageSummaryParseResult.Malformed(e.getMessage(), e.line);
        }
    }

    /** {@code new/old}, then {@code (new-urgent/old-urgent)} unless both are 0. */
    private static String countsValue(MessageSummary.Counts counts) {
        String summary = counts.newMessages() + "/" + counts.oldMessages();
        return counts.newUrgent() == 0 && counts.oldUrgent() == 0 ? summary
                : summary + " (" + counts.newUrgent() + "/" + counts.oldUrgent() + ")";
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append(CRLF);
    }

    /** How a class name is written in a summary line: {@code voice-message} as {@code Voice-Message}. */
    private static String headerName(String className) {
        StringBuilder name = new StringBuilder(className.length());
        for (String word : className.split("-")) {
            if (!name.isEmpty()) {
                name.append('-');
            }
            name.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
        }
        return name.toString();
    }

    /** Splits at LF and drops the CR of CRLF. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            lines.add(text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end));
            start = end + 1;
        }
        return lines;
    }

    /** One header field after unfolding, with the 1-based line it starts on. */
    private record Field(String name, String value, int line) {
    }

    /** One pass over the lines: the summary block, then the message blocks; throws at the first fault. */
    private static final class Parser {

        private final List<String> lines;
        private int index;

        Parser(List<String> lines) {
            this.lines = lines;
        }

        MessageSummary parse() throws SummarySyntaxException {
            Boolean waiting = null;
            String account = null;
            Map<String, MessageSummary.Counts> counts = new LinkedHashMap<>();
            for (Field field : block()) {
                String className = field.name().toLowerCase(Locale.ROOT);
                if (field.name().equalsIgnoreCase(WAITING)) {
                    if (waiting != null) {
                        throw fault(WAITING + " twice", field);
                    }
                    if (!field.value().equalsIgnoreCase("yes") && !field.value().equalsIgnoreCase("no")) {
                        throw fault(WAITING + " must be yes or no", field);
                    }
                    waiting = field.value().equalsIgnoreCase("yes");
                } else if (field.name().equalsIgnoreCase(ACCOUNT)) {
                    if (account != null) {
                        throw fault(ACCOUNT + " twice", field);
                    }
                    if (!MessageSummary.isAccountUri(field.value())) {
                        throw fault(ACCOUNT + " must be an absolute URI", field);
                    }
                    account = field.value();
                } else if (MessageSummary.CLASSES.contains(className)) {
                    if (counts.containsKey(className)) {
                        throw fault(field.name() + " twice", field);
                    }
                    counts.put(className, counts(field));
                }
            }
            if (waiting == null) {
                throw new SummarySyntaxException("no " + WAITING + " line", 0);
            }
            List<MessageSummary.MessageHeaders> messages = new ArrayList<>();
            while (skipEmptyLines()) {
                messages.add(new MessageSummary.MessageHeaders(block().stream()
                        .<Map.Entry<String, String>>map(f -> new AbstractMap.SimpleImmutableEntry<>(f.name(), f.value()))
                        .toList()));
            }
            return new MessageSummary(waiting, account, counts, messages);
        }

        /** The fields up to the next empty line or the end, each folded line joined to its field with one space. */
        private List<Field> block() throws SummarySyntaxException {
            List<Field> fields = new ArrayList<>();
            for (; index < lines.size() && !lines.get(index).isEmpty(); index++) {
                String line = lines.get(index);
                if (!MessageSummary.MessageHeaders.isFieldValue(line)) {
                    throw error("a control character other than a tab");
                }
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    if (fields.isEmpty()) {
                        throw error("a folded line that continues no header");
                    }
                    Field last = fields.removeLast();
                    String more = MessageSummary.MessageHeaders.trim(line);
                    String value = last.value().isEmpty() || more.isEmpty() ? last.value() + more : last.value() + " " + more;
                    fields.add(new Field(last.name(), value, last.line()));
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw error("not a 'Name: value' line");
                }
                String name = MessageSummary.MessageHeaders.trim(line.substring(0, colon));
                if (!MessageSummary.MessageHeaders.isFieldName(name)) {
                    throw error("header name '" + name + "' is not a token");
                }
                fields.add(new Field(name, MessageSummary.MessageHeaders.trim(line.substring(colon + 1)), index + 1));
            }
            return fields;
        }

        /** Moves past empty lines; whether a line follows them. */
        private boolean skipEmptyLines() {
            while (index < lines.size() && lines.get(index).isEmpty()) {
                index++;
            }
            return index < lines.size();
        }

        private static MessageSummary.Counts counts(Field field) throws SummarySyntaxException {
            Matcher matcher = COUNTS.matcher(field.value());
            if (!matcher.matches()) {
                throw fault(field.name() + " must be new/old with optional (new-urgent/old-urgent)", field);
            }
            int[] counts = new int[4];
            for (int group = 0; group < counts.length; group++) {
                String digits = matcher.group(group + 1);
                counts[group] = digits == null ? 0 : count(digits, field);
            }
            return new MessageSummary.Counts(counts[0], counts[1], counts[2], counts[3]);
        }

        private static int count(String digits, Field field) throws SummarySyntaxException {
            int first = 0;
            while (first < digits.length() - 1 && digits.charAt(first) == '0') {
                first++;
            }
            String significant = digits.substring(first);
            if (significant.length() > MAX_COUNT_DIGITS || Long.parseLong(significant) > Integer.MAX_VALUE) {
                throw fault("a count above " + Integer.MAX_VALUE, field);
            }
            return Integer.parseInt(significant);
        }

        private static SummarySyntaxException fault(String reason, Field field) {
            return new SummarySyntaxException(reason, field.line());
        }

        private SummarySyntaxException error(String reason) {
            return new SummarySyntaxException(reason, index + 1);
        }
    }

    /** A fault at a line; caught in {@link #parse}, never thrown out of this class. */
    private static final class SummarySyntaxException extends Exception {

        private final int line;

        SummarySyntaxException(String reason, int line) {
            super(reason, null, false, false);
            this.line = line;
        }
    }
}
