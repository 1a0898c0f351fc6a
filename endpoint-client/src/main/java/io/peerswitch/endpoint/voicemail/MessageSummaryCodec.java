package io.peerswitch.endpoint.voicemail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 3842 section 5.2 body {@code application/simple-message-summary}, as pure functions: lines
 * "Messages-Waiting: yes", "Message-Account: uri", "Voice-Message: 2/8 (0/2)", then, after an empty line,
 * header blocks of new messages separated by empty lines. Unknown summary headers and classes are
 * ignored (extensions, section 5.2); bad counts of a known class are not.
 */
public final class MessageSummaryCodec {

    /** The largest body parsed. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Pattern COUNTS = Pattern.compile(
            "(\\d{1,10})\\s*/\\s*(\\d{1,10})(?:\\s*\\(\\s*(\\d{1,10})\\s*/\\s*(\\d{1,10})\\s*\\))?");

    private MessageSummaryCodec() {
    }

    /** The body for {@code summary}, with CRLF line ends. */
    public static String format(MessageSummary summary) {
        StringBuilder body = new StringBuilder();
        body.append("Messages-Waiting: ").append(summary.waiting() ? "yes" : "no").append("\r\n");
        if (summary.account() != null) {
            body.append("Message-Account: ").append(summary.account()).append("\r\n");
        }
        summary.counts().forEach((name, c) -> {
            body.append(MessageSummary.headerName(name)).append(": ").append(c.newMessages()).append('/').append(c.oldMessages());
            if (c.newUrgent() > 0 || c.oldUrgent() > 0) {
                body.append(" (").append(c.newUrgent()).append('/').append(c.oldUrgent()).append(')');
            }
            body.append("\r\n");
        });
        for (MessageSummary.MessageHeaders message : summary.messages()) {
            body.append("\r\n");
            message.fields().forEach(f -> body.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n"));
        }
        return body.toString();
    }

    /** The summary in {@code body}, or why it is none; never throws. */
    public static MessageSummaryParseResult parse(byte[] body) {
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
        String[] lines = text.split("\r?\n", -1);
        Boolean waiting = null;
        String account = null;
        Map<String, MessageSummary.Counts> counts = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return new MessageSummaryParseResult.Malformed("not a header line", i + 1);
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            if (name.equals("messages-waiting")) {
                if (waiting != null) {
                    return new MessageSummaryParseResult.Malformed("Messages-Waiting twice", i + 1);
                }
                if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
                    return new MessageSummaryParseResult.Malformed("Messages-Waiting must be yes or no", i + 1);
                }
                waiting = value.equalsIgnoreCase("yes");
            } else if (name.equals("message-account")) {
                if (value.isEmpty()) {
                    return new MessageSummaryParseResult.Malformed("Message-Account without a URI", i + 1);
                }
                account = value;
            } else if (MessageSummary.CLASSES.contains(name)) {
                Matcher m = COUNTS.matcher(value);
                if (!m.matches()) {
                    return new MessageSummaryParseResult.Malformed(lines[i].substring(0, colon).strip()
                            + " must be new/old with optional (urgent-new/urgent-old)", i + 1);
                }
                if (counts.containsKey(name)) {
                    return new MessageSummaryParseResult.Malformed(name + " twice", i + 1);
                }
                long[] n = new long[4];
                for (int g = 0; g < 4; g++) {
                    n[g] = m.group(g + 1) == null ? 0 : Long.parseLong(m.group(g + 1));
                    if (n[g] > Integer.MAX_VALUE) {
                        return new MessageSummaryParseResult.Malformed("a count above " + Integer.MAX_VALUE, i + 1);
                    }
                }
                counts.put(name, new MessageSummary.Counts((int) n[0], (int) n[1], (int) n[2], (int) n[3]));
            }
        }
        if (waiting == null) {
            return new MessageSummaryParseResult.Malformed("no Messages-Waiting line", 0);
        }
        List<MessageSummary.MessageHeaders> messages = new ArrayList<>();
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (i++; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (!fields.isEmpty()) {
                    messages.add(new MessageSummary.MessageHeaders(fields));
                    fields = new ArrayList<>();
                }
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                Map.Entry<String, String> last = fields.removeLast();
                fields.add(Map.entry(last.getKey(), last.getValue() + " " + line.strip()));
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    return new MessageSummaryParseResult.Malformed("a message header line without a name", i + 1);
                }
                fields.add(Map.entry(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
            }
        }
        if (!fields.isEmpty()) {
            messages.add(new MessageSummary.MessageHeaders(fields));
        }
        return new MessageSummaryParseResult.Parsed(new MessageSummary(waiting, account, counts, messages));
    }
}
