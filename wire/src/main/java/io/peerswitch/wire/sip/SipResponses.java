package io.peerswitch.wire.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Builds responses to requests as RFC 3261 section 8.2.6 prescribes, with the reason phrases of section 21. */
public final class SipResponses {

    private static final int TAG_BYTES = 8;
    private static final List<String> COPIED = List.of(HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID,
            HeaderNames.CSEQ);
    private static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(100, "Trying"), Map.entry(180, "Ringing"), Map.entry(181, "Call Is Being Forwarded"),
            Map.entry(182, "Queued"), Map.entry(183, "Session Progress"), Map.entry(200, "OK"),
            Map.entry(300, "Multiple Choices"), Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Moved Temporarily"), Map.entry(305, "Use Proxy"), Map.entry(380, "Alternative Service"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"), Map.entry(407, "Proxy Authentication Required"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(413, "Request Entity Too Large"),
            Map.entry(414, "Request-URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(416, "Unsupported URI Scheme"), Map.entry(420, "Bad Extension"),
            Map.entry(421, "Extension Required"), Map.entry(423, "Interval Too Brief"),
            Map.entry(480, "Temporarily Unavailable"), Map.entry(481, "Call/Transaction Does Not Exist"),
            Map.entry(482, "Loop Detected"), Map.entry(483, "Too Many Hops"), Map.entry(484, "Address Incomplete"),
            Map.entry(485, "Ambiguous"), Map.entry(486, "Busy Here"), Map.entry(487, "Request Terminated"),
            Map.entry(488, "Not Acceptable Here"), Map.entry(491, "Request Pending"),
            Map.entry(493, "Undecipherable"), Map.entry(500, "Server Internal Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Server Time-out"), Map.entry(505, "Version Not Supported"),
            Map.entry(513, "Message Too Large"), Map.entry(600, "Busy Everywhere"), Map.entry(603, "Decline"),
            Map.entry(604, "Does Not Exist Anywhere"), Map.entry(606, "Not Acceptable"));
    private static final List<String> CLASS_PHRASES = List.of("Provisional", "Successful", "Redirection",
            "Request Failure", "Server Failure", "Global Failure");

    private SipResponses() {
    }

    /**
     * A response to {@code request} carrying copies of its Via fields in order, From, To, Call-ID and CSeq
     * (RFC 3261 section 8.2.6.2), and of Timestamp in a 100 (section 8.2.6.1); no body, so format writes
     * Content-Length 0. A {@code null} reason stands for {@link #reasonPhrase}.
     */
    public static SipResponse reply(SipRequest request, int status, String reason) {
        List<SipHeader> headers = new ArrayList<>();
        copy(request, HeaderNames.VIA, headers);
        for (String name : COPIED) {
            copy(request, name, headers);
        }
        if (status == 100) {
            copy(request, "Timestamp", headers);
        }
        return new SipResponse(status, reason == null ? reasonPhrase(status) : reason, headers, null);
    }

    /**
     * As {@link #reply(SipRequest, int, String)}, adding {@code toTag} (a token) to the To field when the
     * request's To has no tag (RFC 3261 section 8.2.6.2); a To with a tag, or one that does not parse, is
     * copied unchanged.
     */
    public static SipResponse reply(SipRequest request, int status, String reason, String toTag) {
        if (!SipSyntax.isToken(toTag)) {
            throw new IllegalArgumentException("To tag must be a token: " + toTag);
        }
        SipResponse response = reply(request, status, reason);
        List<SipHeader> headers = new ArrayList<>(response.headers());
        for (int i = 0; i < headers.size(); i++) {
            SipHeader header = headers.get(i);
            if (header.is(HeaderNames.TO)) {
                if (NameAddr.parse(header.value()).map(to -> to.tag().isEmpty()).orElse(false)) {
                    headers.set(i, new SipHeader(HeaderNames.TO, header.value() + ";tag=" + toTag));
                }
                break;
            }
        }
        return new SipResponse(status, response.reason(), headers, null);
    }

    /**
     * A To tag for a response sent without transaction state: a digest of the topmost Via, From, Call-ID and
     * CSeq, so a retransmitted request gets the same tag (RFC 3261 section 8.2.7).
     */
    public static String statelessTag(SipRequest request) {
        MessageDigest digest = sha256();
        for (String name : List.of(HeaderNames.VIA, HeaderNames.FROM, HeaderNames.CALL_ID, HeaderNames.CSEQ)) {
            digest.update(request.header(name).orElse("").getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest(), 0, TAG_BYTES);
    }

    /** The default reason phrase of {@code status} (RFC 3261 section 21), or its class's name for other codes. */
    public static String reasonPhrase(int status) {
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status must be between 100 and 699: " + status);
        }
        return PHRASES.getOrDefault(status, CLASS_PHRASES.get(status / 100 - 1));
    }

    private static void copy(SipRequest request, String name, List<SipHeader> into) {
        for (SipHeader header : request.headers()) {
            if (header.is(name)) {
                into.add(header);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
