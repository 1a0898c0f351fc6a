package io.peerswitch.wire.sip;

import java.util.Set;

/** The request methods defined by RFC 3261 and its standard-track extensions (case-sensitive, section 7.1). */
final class SipMethods {

    static final String ACK = "ACK";
    static final String CANCEL = "CANCEL";
    static final String INVITE = "INVITE";

    /** RFC 3261, 3262 (PRACK), 3311 (UPDATE), 3428 (MESSAGE), 3515 (REFER), 3903 (PUBLISH), 6086 (INFO), 6665. */
    private static final Set<String> KNOWN = Set.of(INVITE, ACK, "BYE", CANCEL, "OPTIONS", "REGISTER", "PRACK",
            "UPDATE", "MESSAGE", "REFER", "PUBLISH", "INFO", "SUBSCRIBE", "NOTIFY");

    private SipMethods() {
    }

    static boolean isKnown(String method) {
        return KNOWN.contains(method);
    }
}
