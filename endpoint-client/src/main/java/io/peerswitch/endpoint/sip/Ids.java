package io.peerswitch.endpoint.sip;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers SIP needs: tags (RFC 3261 section 19.3, at least 32 bits of randomness) and Call-IDs. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new From or To tag: 64 random bits in hex. */
    public static String tag() {
        return random(8);
    }

    /** A new Call-ID, globally unique: 128 random bits in hex, at the endpoint's host. */
    public static String callId(String host) {
        return random(16) + "@" + host;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
