package io.peerswitch.endpoint.call.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure text-to-record codec for SDP (RFC 8866 section 5). {@link #parse} never throws: it is strict
 * on the lines every description must have ({@code v= o= s= t=}, in that order), on {@code c=} and
 * {@code m=} syntax and on unknown line types (section 5: a description with one must be ignored
 * whole), and tolerant of unknown attributes, LF-only line ends and a missing final line end.
 * {@link #format} writes CRLF line ends.
 */
public final class SdpCodec {

    /** Longest body parsed, in characters. */
    public static final int MAX_LENGTH = 65_536;

    private static final String CRLF = "\r\n";
    private static final String IGNORED_SESSION_LINES = "iuepbzk";
    private static final String IGNORED_MEDIA_LINES = "ibk";
    private static final String KNOWN_LINES = "vosiuepcbtrzkam";
    private static final int MAX_PORT_DIGITS = 5;
    private static final int MAX_SESSION_ID_DIGITS = 64;
    private static final int MAX_TIME_DIGITS = 18;

    private SdpCodec() {
    }

    /** Parses a session description; the result names the line at fault when it is not one. */
    public static SdpParseResult parse(String text) {
        if (text == null || text.isEmpty()) {
            return new SdpParseResult.Malformed("empty session description", 0);
        }
        if (text.length() > MAX_LENGTH) {
            return new SdpParseResult.Malformed("longer than " + MAX_LENGTH + " characters", 0);
        }
        List<String> lines = lines(text);
        if (lines.isEmpty()) {
            return new SdpParseResult.Malformed("empty session description", 0);
        }
        try {
            return new SdpParseResult.Parsed(new Parser(lines).parse());
        } catch (SdpSyntaxException e) {
            return new SdpParseResult.Malformed(e.getMessage(), e.line);
        }
    }

    /** Writes {@code description} as SDP text with CRLF line ends. */
    public static String format(SessionDescription description) {
        StringBuilder out = new StringBuilder(512);
        Origin origin = description.origin();
        line(out, 'v', "0");
        line(out, 'o', origin.username() + " " + origin.sessionId() + " " + Long.toUnsignedString(origin.sessionVersion())
                + " IN " + origin.addressType() + " " + origin.address());
        line(out, 's', description.sessionName());
        if (description.connection() != null) {
            line(out, 'c', connection(description.connection()));
        }
        line(out, 't', description.timing().start() + " " + description.timing().stop());
        description.attributes().forEach(attribute -> line(out, 'a', attribute.toString()));
        for (MediaDescription media : description.media()) {
            line(out, 'm', media.media() + " " + media.port() + (media.portCount() == 1 ? "" : "/" + media.portCount())
                    + " " + media.proto() + " " + String.join(" ", media.formats()));
            if (media.connection() != null) {
                line(out, 'c', connection(media.connection()));
            }
            media.attributes().forEach(attribute -> line(out, 'a', attribute.toString()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append(CRLF);
    }

    private static String connection(Connection connection) {
        return "IN " + connection.addressType() + " " + connection.address();
    }

    /** Splits at LF, drops the CR of CRLF and the empty lines after the last one. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(text.substring(start, contentEnd));
            start = end + 1;
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** One pass over the lines; each method consumes what it recognises and throws at the first fault. */
    private static final class Parser {

        private final List<String> lines;
        private int index;

        Parser(List<String> lines) {
            this.lines = lines;
        }

        SessionDescription parse() throws SdpSyntaxException {
            expect('v', "the first line must be v=0");
            if (!value().equals("0")) {
                throw error("unsupported SDP version '" + value() + "', expected 0");
            }
            index++;
            expect('o', "the second line must be the o= line");
            Origin origin = origin(value());
            index++;
            expect('s', "the third line must be the s= line");
            String sessionName = value();
            index++;

            Connection connection = null;
            Timing timing = null;
            List<Attribute> attributes = new ArrayList<>();
            while (index < lines.size() && type() != 'm') {
                char type = type();
                switch (type) {
                    case 'c' -> {
                        if (connection != null) {
                            throw error("a second session-level c= line");
                        }
                        connection = connection(value());
                    }
                    case 't' -> {
                        Timing parsed = timing(value());
                        if (timing == null) {
                            timing = parsed;
                        }
                    }
                    case 'r' -> {
                        if (timing == null) {
                            throw error("r= without a preceding t=");
                        }
                    }
                    case 'a' -> attributes.add(attribute(value()));
                    default -> {
                        if (IGNORED_SESSION_LINES.indexOf(type) < 0) {
                            throw misplaced(type);
                        }
                    }
                }
                index++;
            }
            if (timing == null) {
                throw error("no t= line");
            }

            List<MediaDescription> media = new ArrayList<>();
            while (index < lines.size()) {
                int mediaLine = index + 1;
                MediaDescription description = media();
                if (description.port() != 0 && description.connection() == null && connection == null) {
                    throw new SdpSyntaxException("no c= line at session level or in this media description", mediaLine);
                }
                media.add(description);
            }
            return new SessionDescription(origin, sessionName, connection, timing, attributes, media);
        }

        private MediaDescription media() throws SdpSyntaxException {
            String[] parts = fields(value());
            if (parts.length < 4) {
                throw error("m= needs <media> <port> <proto> <fmt> ...");
            }
            String[] port = parts[1].split("/", -1);
            long number = Tokens.unsignedDecimal(port[0], MAX_PORT_DIGITS);
            if (port.length > 2 || number < 0 || number > 0xFFFF) {
                throw error("bad port '" + parts[1] + "'");
            }
            long count = port.length == 2 ? Tokens.unsignedDecimal(port[1], MAX_PORT_DIGITS) : 1;
            if (count < 1) {
                throw error("bad port count '" + parts[1] + "'");
            }
            String proto = parts[2];
            List<String> formats = List.of(parts).subList(3, parts.length);
            if (MediaDescription.isRtpProto(proto)) {
                for (String format : formats) {
                    long payloadType = Tokens.unsignedDecimal(format, 3);
                    if (payloadType < 0 || payloadType > 127) {
                        throw error("payload type '" + format + "' is not 0 to 127");
                    }
                }
            }
            index++;
            Connection connection = null;
            List<Attribute> attributes = new ArrayList<>();
            while (index < lines.size() && type() != 'm') {
                char type = type();
                if (type == 'c') {
                    if (connection != null) {
                        throw error("a second c= line in one media description");
                    }
                    connection = connection(value());
                } else if (type == 'a') {
                    attributes.add(attribute(value()));
                } else if (IGNORED_MEDIA_LINES.indexOf(type) < 0) {
                    throw misplaced(type);
                }
                index++;
            }
            return new MediaDescription(parts[0], (int) number, (int) count, proto, formats, connection, attributes);
        }

        private Origin origin(String value) throws SdpSyntaxException {
            String[] parts = fields(value);
            if (parts.length != 6) {
                throw error("o= needs <username> <sess-id> <sess-version> IN <addrtype> <address>");
            }
            if (!Tokens.isDigits(parts[1], MAX_SESSION_ID_DIGITS)) {
                throw error("session id '" + parts[1] + "' is not a number");
            }
            long version;
            try {
                version = Long.parseUnsignedLong(parts[2]);
            } catch (NumberFormatException e) {
                throw error("session version '" + parts[2] + "' is not an unsigned 64-bit number");
            }
            checkNetwork(parts[3], parts[4]);
            return new Origin(parts[0], parts[1], version, parts[4], parts[5]);
        }

        private Connection connection(String value) throws SdpSyntaxException {
            String[] parts = fields(value);
            if (parts.length != 3) {
                throw error("c= needs IN <addrtype> <address>");
            }
            checkNetwork(parts[0], parts[1]);
            return new Connection(parts[1], parts[2]);
        }

        private void checkNetwork(String networkType, String addressType) throws SdpSyntaxException {
            if (!"IN".equals(networkType)) {
                throw error("network type '" + networkType + "' is not IN");
            }
            if (!Connection.IP4.equals(addressType) && !Connection.IP6.equals(addressType)) {
                throw error("address type '" + addressType + "' is not IP4 or IP6");
            }
        }

        private Timing timing(String value) throws SdpSyntaxException {
            String[] parts = fields(value);
            long start = parts.length == 2 ? Tokens.unsignedDecimal(parts[0], MAX_TIME_DIGITS) : -1;
            long stop = parts.length == 2 ? Tokens.unsignedDecimal(parts[1], MAX_TIME_DIGITS) : -1;
            if (start < 0 || stop < 0) {
                throw error("t= needs <start-time> <stop-time> as decimal numbers");
            }
            return new Timing(start, stop);
        }

        private Attribute attribute(String value) throws SdpSyntaxException {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String attributeValue = colon < 0 ? null : value.substring(colon + 1);
            if (!Tokens.isToken(name)) {
                throw error("bad attribute name '" + name + "'");
            }
            return new Attribute(name, attributeValue);
        }

        /** The space-separated fields of a structured line, each checked to be a token. */
        private String[] fields(String value) throws SdpSyntaxException {
            String[] fields = value.strip().split(" +");
            for (String field : fields) {
                if (!Tokens.isToken(field)) {
                    throw error("a field holds whitespace or control characters other than single spaces");
                }
            }
            return fields;
        }

        private void expect(char type, String reason) throws SdpSyntaxException {
            if (index >= lines.size() || type() != type) {
                throw error(reason);
            }
        }

        /** The type letter of the current line, after checking the line's {@code <type>=<value>} shape. */
        private char type() throws SdpSyntaxException {
            String line = lines.get(index);
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw error("not a <type>=<value> line");
            }
            char type = line.charAt(0);
            if (KNOWN_LINES.indexOf(type) < 0) {
                throw error("unknown line type '" + type + "'");
            }
            return type;
        }

        private String value() throws SdpSyntaxException {
            String value = lines.get(index).substring(2);
            if (value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw error("CR or NUL inside a line");
            }
            return value;
        }

        private SdpSyntaxException misplaced(char type) {
            return error("'" + type + "=' is not allowed here");
        }

        private SdpSyntaxException error(String reason) {
            return new SdpSyntaxException(reason, index + 1);
        }
    }

    /** A fault at a line; caught in {@link #parse}, never thrown out of this class. */
    private static final class SdpSyntaxException extends Exception {

        private final int line;

        SdpSyntaxException(String reason, int line) {
            super(reason, null, false, false);
            this.line = line;
        }
    }
}
