package io.peerswitch.wire.sip;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header field names: case-insensitive (RFC 3261 section 7.3.1), compact forms expanded (section 7.3.3 and
 * the IANA SIP parameter registry), and known names written in their registered case.
 */
final class HeaderNames {

    static final String CALL_ID = "Call-ID";
    static final String CONTENT_LENGTH = "Content-Length";
    static final String CONTENT_TYPE = "Content-Type";
    static final String CSEQ = "CSeq";
    static final String FROM = "From";
    static final String TO = "To";
    static final String VIA = "Via";

    private static final Map<String, String> CANONICAL = new HashMap<>();

    static {
        List<String> known = List.of("Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language",
                "Accept-Resource-Priority", "Alert-Info", "Allow", "Allow-Events", "Authentication-Info",
                "Authorization", CALL_ID, "Call-Info", "Contact", "Content-Disposition", "Content-Encoding",
                "Content-Language", CONTENT_LENGTH, CONTENT_TYPE, CSEQ, "Date", "Error-Info", "Event", "Expires",
                FROM, "History-Info", "Identity", "Identity-Info", "In-Reply-To", "Max-Forwards", "MIME-Version",
                "Min-Expires", "Min-SE", "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path",
                "Priority", "Privacy", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck",
                "Reason", "Record-Route", "Refer-To", "Referred-By", "Reject-Contact", "Replaces", "Reply-To",
                "Request-Disposition", "Require", "Retry-After", "Route", "RSeq", "Security-Client",
                "Security-Server", "Security-Verify", "Server", "Service-Route", "Session-Expires", "SIP-ETag",
                "SIP-If-Match", "Subject", "Subscription-State", "Supported", "Timestamp", TO, "Unsupported",
                "User-Agent", VIA, "Warning", "WWW-Authenticate");
        for (String name : known) {
            CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
        }
        Map<String, String> compact = Map.ofEntries(
                Map.entry("a", "Accept-Contact"), Map.entry("b", "Referred-By"), Map.entry("c", CONTENT_TYPE),
                Map.entry("d", "Request-Disposition"), Map.entry("e", "Content-Encoding"), Map.entry("f", FROM),
                Map.entry("i", CALL_ID), Map.entry("j", "Reject-Contact"), Map.entry("k", "Supported"),
                Map.entry("l", CONTENT_LENGTH), Map.entry("m", "Contact"), Map.entry("n", "Identity-Info"),
                Map.entry("o", "Event"), Map.entry("r", "Refer-To"), Map.entry("s", "Subject"), Map.entry("t", TO),
                Map.entry("u", "Allow-Events"), Map.entry("v", VIA), Map.entry("x", "Session-Expires"),
                Map.entry("y", "Identity"));
        CANONICAL.putAll(compact);
    }

    private HeaderNames() {
    }

    /** The long form in registered case of a known name or compact form; any other name unchanged. */
    static String canonical(String name) {
        return CANONICAL.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }
}
