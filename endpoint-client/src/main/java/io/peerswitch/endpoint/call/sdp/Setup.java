package io.peerswitch.endpoint.call.sdp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code a=setup} attribute (RFC 4145 section 4) as DTLS-SRTP uses it (RFC 5763 section 5): the offerer says
 * {@link #ACTPASS}, the answerer chooses {@link #ACTIVE} (it starts the DTLS handshake, as the client) or
 * {@link #PASSIVE}.
 */
public enum Setup {
    ACTIVE, PASSIVE, ACTPASS, HOLDCONN;

    /** The SDP attribute name. */
    public static final String ATTRIBUTE = "setup";

    /** The attribute value. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an attribute value; empty when unknown. */
    public static Optional<Setup> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.value().equals(v)).findFirst();
    }

    /** The attribute line. */
    public Attribute attribute() {
        return new Attribute(ATTRIBUTE, value());
    }
}
