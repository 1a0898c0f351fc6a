package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;

/**
 * Where and how the access server reaches a logged-in endpoint (FIG. 6): the SIP URI the endpoint
 * SUBSCRIBEs to (event package {@value #EVENT_PACKAGE}, the SUBSCRIBE signed like every request with the
 * location's credential, docs/security.md; the server's NOTIFYs signed as {@value #SERVER_USER}), and
 * how often it must send something on that flow to keep its NAT pinhole open — the server's instruction
 * of FIG. 6 step 608; 0 when its NAT lets the server's packets in anyway.
 *
 * @param uri              e.g. {@code sip:_peerswitch@198.19.0.2:5060}
 * @param keepaliveSeconds send a keepalive (CRLF, RFC 5626 section 4.4.1) this often; 0 for none
 */
public record NotificationChannel(String uri, int keepaliveSeconds) {

    /** The SIP event package of the server's notices (RFC 6665 section 7.2). */
    public static final String EVENT_PACKAGE = "peerswitch";
    /**
     * The user the access server signs its answers and NOTIFYs as (docs/security.md): the user part of its
     * notification URI, a name no account can have (user IDs start with a letter or digit).
     */
    public static final String SERVER_USER = "_peerswitch";
    /** The body type of a notice. */
    public static final String CONTENT_TYPE = "application/vnd.peerswitch.notice+json";

    public NotificationChannel {
        Fields.required(uri, "uri");
        Fields.range(keepaliveSeconds, "keepaliveSeconds", 0, 3600);
    }
}
