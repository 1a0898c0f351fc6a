package io.peerswitch.wire.sip;

import io.peerswitch.wire.sip.SipParseResult.Dropped;
import io.peerswitch.wire.sip.SipParseResult.Parsed;
import io.peerswitch.wire.sip.SipParseResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parser behind {@link SipCodec#parse}: frames one message (RFC 3261 sections 7.5 and 18.3), reads the
 * start line and the header fields (section 7.3.1), then judges them in a fixed order so that the most
 * fundamental problem is the one reported.
 */
final class MessageReader {

    private static final String SIP_2_0 = "SIP/2.0";

    /** A status and reason phrase for a request that fails, or just a reason for a response that fails. */
    private record Problem(int status, String reason) {
    }

    /** The header section split into the start line and unfolded fields, with the first line-level error. */
    private record Head(String startLine, List<SipHeader> fields, String lineError) {
    }

    private final byte[] buf;
    private final int start;
    private final int end;
    private final int headEnd;
    private final boolean blankLine;

    private MessageReader(byte[] buf, int start, int end, int headEnd, boolean blankLine) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.headEnd = headEnd;
        this.blankLine = blankLine;
    }

    static SipParseResult read(byte[] buf, int offset, int length) {
        int start = offset;
        int end = offset + length;
        // RFC 3261 section 7.5: CRLFs before the start-line are ignored; alone they are a keep-alive (RFC 5626 3.5.1).
        while (end - start >= 2 && buf[start] == '\r' && buf[start + 1] == '\n') {
            start += 2;
        }
        if (start == end) {
            return new Dropped("No message: empty or CRLF keep-alive");
        }
        int window = Math.min(end, start + SipCodec.MAX_MESSAGE_BYTES);
        int headEnd = indexOfBlankLine(buf, start, window);
        if (headEnd < 0 && end - start > SipCodec.MAX_MESSAGE_BYTES) {
            return new Dropped("No end of the header fields within " + SipCodec.MAX_MESSAGE_BYTES + " bytes");
        }
        boolean blankLine = headEnd >= 0;
        return new MessageReader(buf, start, end, blankLine ? headEnd : end, blankLine).read();
    }

    private static int indexOfBlankLine(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private SipParseResult read() {
        Head head = splitHead(new String(buf, start, headEnd - start, StandardCharsets.UTF_8));
        if (head.startLine().regionMatches(true, 0, "SIP/", 0, 4)) {
            return readResponse(head);
        }
        return readRequest(head);
    }

    private SipParseResult readRequest(Head head) {
        String line = head.startLine();
        int firstSpace = line.indexOf(' ');
        String method = firstSpace < 0 ? "" : line.substring(0, firstSpace);
        String trimmed = stripWsp(line);
        int lastSpace = trimmed.lastIndexOf(' ');
        if (!SipSyntax.isToken(method) || lastSpace <= firstSpace) {
            return new Dropped("Not a SIP message: no Request-Line");
        }
        String version = trimmed.substring(lastSpace + 1);
        if (!version.regionMatches(true, 0, "SIP/", 0, 4)) {
            return new Dropped("Not a SIP message: no SIP-Version in the Request-Line");
        }
        String uri = line.substring(firstSpace + 1, lastSpace);
        String recordUri = SipRequest.isRequestUriText(uri) ? uri : firstWord(uri);
        boolean ack = method.equals(SipMethods.ACK);
        if (recordUri == null || HeaderRules.count(head.fields(), HeaderNames.VIA) == 0) {
            return new Dropped("Request without Request-URI or Via cannot be answered");
        }
        SipRequest readable = new SipRequest(method, recordUri, head.fields(), null);
        Problem problem = requestLineProblem(line, trimmed, version, uri, recordUri);
        if (problem == null) {
            problem = messageProblem(head);
        }
        if (problem == null) {
            problem = cseqProblem(readable);
        }
        if (problem != null) {
            // RFC 3261 section 17: an ACK has no response.
            return ack ? new Dropped(problem.reason()) : new Rejected(problem.status(), problem.reason(), readable);
        }
        return new Parsed(new SipRequest(method, uri, head.fields(), body(head.fields())));
    }

    private static Problem requestLineProblem(String line, String trimmed, String version, String uri, String recordUri) {
        if (!isVersionSyntax(version)) {
            return new Problem(400, "Malformed SIP-Version");
        }
        if (!version.equalsIgnoreCase(SIP_2_0)) {
            return new Problem(505, "Version Not Supported");
        }
        if (trimmed.length() != line.length()) {
            return new Problem(400, "Whitespace after the SIP-Version");
        }
        if (SipSyntax.isWsp(uri.charAt(0)) || SipSyntax.isWsp(uri.charAt(uri.length() - 1))) {
            return new Problem(400, "More than one SP between Request-Line elements");
        }
        if (!uri.equals(recordUri)) {
            return new Problem(400, "Whitespace or control characters in the Request-URI");
        }
        if (!isValidRequestUri(uri)) {
            return new Problem(400, "Malformed Request-URI");
        }
        return null;
    }

    /**
     * A Request-URI is a URI without angle brackets (RFC 4475 section 3.1.2.7); a SIP or SIPS one must not
     * carry headers (RFC 3261 section 19.1.1, table 1; RFC 4475 section 3.1.2.11). An unknown scheme is
     * well-formed: answering 416 is up to {@link UasChecks}.
     */
    private static boolean isValidRequestUri(String uri) {
        return Uris.isValid(uri) && SipUri.parse(uri).map(sipUri -> sipUri.headers().isEmpty()).orElse(true);
    }

    /** RFC 4475 section 3.1.2.18: a mismatch with an unknown method is better answered 501 than 400. */
    private static Problem cseqProblem(SipRequest request) {
        if (request.cseq().method().equals(request.method())) {
            return null;
        }
        return SipMethods.isKnown(request.method())
                ? new Problem(400, "CSeq method does not match the Request-Line")
                : new Problem(501, "Unknown method, and the CSeq method does not match it");
    }

    private SipParseResult readResponse(Head head) {
        String line = head.startLine();
        int space = line.indexOf(' ');
        if (space < 0 || !line.substring(0, space).equalsIgnoreCase(SIP_2_0)) {
            return new Dropped("Response with unsupported or malformed SIP-Version");
        }
        int codeEnd = space + 4;
        String code = line.substring(space + 1, Math.min(codeEnd, line.length()));
        if (code.length() != 3 || !SipSyntax.isDigits(code)
                || (line.length() > codeEnd && line.charAt(codeEnd) != ' ')) {
            // RFC 4475 section 3.1.2.19: an overlarge or malformed status code is dropped.
            return new Dropped("Response with malformed Status-Code");
        }
        int status = Integer.parseInt(code);
        if (status < 100 || status > 699) {
            return new Dropped("Response with Status-Code outside 100-699");
        }
        Problem problem = messageProblem(head);
        if (problem != null) {
            return new Dropped("Malformed response: " + problem.reason());
        }
        String reason = line.length() > codeEnd ? line.substring(codeEnd + 1) : "";
        return new Parsed(new SipResponse(status, reason, head.fields(), body(head.fields())));
    }

    /** Framing and header field problems, common to requests and responses. */
    private Problem messageProblem(Head head) {
        if (head.lineError() != null) {
            return new Problem(400, head.lineError());
        }
        if (!blankLine) {
            return new Problem(400, "No empty line after the header fields");
        }
        List<String> lengths = values(head.fields(), HeaderNames.CONTENT_LENGTH);
        if (lengths.size() > 1) {
            // RFC 4475 section 3.3.9: the body's extent is unknown.
            return new Problem(400, "More than one Content-Length header field");
        }
        if (lengths.size() == 1) {
            String text = lengths.get(0);
            if (!SipSyntax.isDigits(text)) {
                return new Problem(400, "Malformed Content-Length header field");
            }
            long length = SipSyntax.boundedNumber(text, SipCodec.MAX_MESSAGE_BYTES);
            if (length < 0 || length > end - bodyStart()) {
                // RFC 3261 section 18.3 and RFC 4475 section 3.1.2.2.
                return new Problem(400, "Content-Length larger than the message");
            }
        }
        if (bodyStart() - start + bodyLength(head.fields()) > SipCodec.MAX_MESSAGE_BYTES) {
            return new Problem(513, "Message Too Large");
        }
        String problem = HeaderRules.problem(head.fields());
        return problem == null ? null : new Problem(400, problem);
    }

    private int bodyStart() {
        return headEnd + 4;
    }

    /** Content-Length octets after the blank line, or the rest of the datagram without it (RFC 3261 section 18.3). */
    private byte[] body(List<SipHeader> fields) {
        int length = bodyLength(fields);
        byte[] body = new byte[length];
        System.arraycopy(buf, bodyStart(), body, 0, length);
        return body;
    }

    private int bodyLength(List<SipHeader> fields) {
        List<String> lengths = values(fields, HeaderNames.CONTENT_LENGTH);
        return lengths.isEmpty() ? end - bodyStart() : Integer.parseInt(lengths.get(0));
    }

    private static List<String> values(List<SipHeader> fields, String name) {
        List<String> values = new ArrayList<>();
        for (SipHeader field : fields) {
            if (field.is(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    /**
     * Splits the header section at CRLF and unfolds continuation lines (RFC 3261 section 7.3.1): the
     * whitespace around a line break becomes one SP. A bare CR or LF, a line that is not
     * {@code token *WSP ":" value}, or a continuation with nothing to continue is remembered as the line
     * error and the line skipped, so the fields that can be read still are.
     */
    private static Head splitHead(String text) {
        List<String> lines = new ArrayList<>();
        String lineError = null;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                lines.add(text.substring(lineStart, i));
                i++;
                lineStart = i + 1;
            } else if (c == '\r' || c == '\n') {
                lineError = firstOf(lineError, "Line not terminated by CRLF");
                lines.add(text.substring(lineStart, i));
                lineStart = i + 1;
            }
        }
        String last = text.substring(lineStart);
        if (!last.isEmpty() || lines.isEmpty()) {
            lines.add(last);
        }
        List<SipHeader> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isEmpty() && SipSyntax.isWsp(line.charAt(0))) {
                if (name == null) {
                    lineError = firstOf(lineError, "Continuation line without a header field");
                } else {
                    while (!value.isEmpty() && SipSyntax.isWsp(value.charAt(value.length() - 1))) {
                        value.setLength(value.length() - 1);
                    }
                    value.append(' ').append(stripLeadingWsp(line));
                }
                continue;
            }
            if (name != null) {
                fields.add(new SipHeader(name, stripLeadingWsp(stripWsp(value.toString()))));
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && SipSyntax.isTokenChar(line.charAt(nameEnd))) {
                nameEnd++;
            }
            int colon = nameEnd;
            while (colon < line.length() && SipSyntax.isWsp(line.charAt(colon))) {
                colon++;
            }
            if (nameEnd == 0 || colon == line.length() || line.charAt(colon) != ':') {
                lineError = firstOf(lineError, "Malformed header field line");
                name = null;
                continue;
            }
            name = line.substring(0, nameEnd);
            value.setLength(0);
            value.append(line, colon + 1, line.length());
        }
        if (name != null) {
            fields.add(new SipHeader(name, stripLeadingWsp(stripWsp(value.toString()))));
        }
        return new Head(lines.get(0), fields, lineError);
    }

    private static String firstOf(String earlier, String later) {
        return earlier != null ? earlier : later;
    }

    /** {@code s} without trailing SP and HTAB. */
    private static String stripWsp(String s) {
        int end = s.length();
        while (end > 0 && SipSyntax.isWsp(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripLeadingWsp(String s) {
        int begin = 0;
        while (begin < s.length() && SipSyntax.isWsp(s.charAt(begin))) {
            begin++;
        }
        return s.substring(begin);
    }

    /** {@code "SIP/" 1*DIGIT "." 1*DIGIT} (RFC 3261 section 7.1; "SIP" is case-insensitive). */
    private static boolean isVersionSyntax(String version) {
        int dot = version.indexOf('.');
        return dot > 4 && SipSyntax.isDigits(version.substring(4, dot)) && SipSyntax.isDigits(version.substring(dot + 1));
    }

    /** The first run of characters that may stand in a Request-Line, or {@code null} when there is none. */
    private static String firstWord(String text) {
        int begin = 0;
        while (begin < text.length() && (text.charAt(begin) <= 0x20 || text.charAt(begin) == 0x7F)) {
            begin++;
        }
        int stop = begin;
        while (stop < text.length() && text.charAt(stop) > 0x20 && text.charAt(stop) != 0x7F) {
            stop++;
        }
        return stop > begin ? text.substring(begin, stop) : null;
    }
}
