package io.peerswitch.reflector.reflect;

/**
 * Why the reflector of FIG. 24-25 did not reflect a packet, in the order the checks run; each reason has
 * its own counter, named by {@link #label()}.
 */
public enum DropReason {

    /** Longer than {@link ReflectionHandler#MAX_DATAGRAM_BYTES}. */
    OVERSIZED("oversized"),
    /** Not a well-formed reflector packet of the version we speak. */
    MALFORMED("malformed"),
    /** The token was not made by one of our keys, or the packet's MAC is wrong, or the reflector has no keys. */
    UNAUTHENTICATED("unauthenticated"),
    /** A genuine token past its expiry. */
    EXPIRED("expired"),
    /** A genuine token presented from another IP address than it is bound to. */
    WRONG_SOURCE("wrong-source"),
    /** An authentic packet whose timestamp is further than {@link ReflectionHandler#MAX_CLOCK_SKEW} from our clock. */
    STALE("stale"),
    /** An authentic packet whose MAC was already seen: a copy of one reflected before. */
    REPLAYED("replayed"),
    /** An authentic packet for a destination the reflector never sends to (its own sockets, multicast, ...). */
    BAD_DESTINATION("bad-destination"),
    /**
     * An authentic packet whose reach token is not a genuine, valid one for its destination's address: the
     * access server never gave the sender leave to reach it (it is no buddy's location), or that leave expired.
     */
    FORBIDDEN_DESTINATION("forbidden-destination"),
    /** An authentic packet that asks to show a source address that is not one of the reflector's sockets. */
    BAD_PRESENT_AS("bad-present-as"),
    /** An authentic packet over its source IP address's rate. */
    RATE_LIMITED("rate-limited");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The counter's name in logs, e.g. {@code wrong-source}. */
    public String label() {
        return label;
    }
}
