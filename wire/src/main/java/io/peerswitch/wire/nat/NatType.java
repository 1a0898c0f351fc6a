package io.peerswitch.wire.nat;

/** The NAT in front of an endpoint, as RFC 3489 section 5 classifies it and FIG. 22 / table 2300 use it. */
public enum NatType {
    /** The endpoint's address is public: what it binds is what peers reach. */
    NO_NAT,
    /** Endpoint-independent mapping and filtering: anyone may send to the mapped address. */
    FULL_CONE,
    /** Endpoint-independent mapping, address-dependent filtering. */
    RESTRICTED_CONE,
    /** Endpoint-independent mapping, address-and-port-dependent filtering. */
    PORT_RESTRICTED_CONE,
    /** A new mapping per destination, address-and-port-dependent filtering. */
    SYMMETRIC,
    /** Discovery did not finish (e.g. UDP blocked or no second STUN address). */
    UNKNOWN;

    /**
     * Whether this NAT drops packets from a peer the endpoint has not sent to first: such an
     * endpoint needs the access server's help (FIG. 6, "assist") to be reached.
     */
    public boolean blocksUnsolicited() {
        return switch (this) {
            case NO_NAT, FULL_CONE -> false;
            case RESTRICTED_CONE, PORT_RESTRICTED_CONE, SYMMETRIC, UNKNOWN -> true;
        };
    }
}
