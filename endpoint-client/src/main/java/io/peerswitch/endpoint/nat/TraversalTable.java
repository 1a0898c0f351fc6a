package io.peerswitch.endpoint.nat;

import io.peerswitch.wire.nat.NatType;

/**
 * Table 2300 of FIG. 23: how an endpoint behind one NAT type reaches a peer behind another, and what
 * that means for each packet it sends before the peer has answered directly (FIG. 24-30). The
 * mechanisms compose: a copy straight to the peer always goes first (for a restricted originator that
 * copy is the "fake packet" that opens its own NAT, FIG. 27); a reflected copy follows when the peer's
 * NAT drops unsolicited packets (FIG. 24); a peer whose answer comes from another port than its
 * routing-table address is "port captured" (FIG. 26, 28). Pure functions.
 */
public final class TraversalTable {

    private TraversalTable() {
    }

    /** The technique of one cell of table 2300, originator's NAT in the rows, terminator's in the columns. */
    public enum Technique {
        DIRECT("direct"),
        REFLECT("reflect"),
        REFLECT_PORT_CAPTURE("reflect + port capture"),
        FAKE_PACKET_REFLECT("fake packet + reflect"),
        FAKE_PACKET_REFLECT_PORT_CAPTURE("fake packet + reflect + port capture"),
        PORT_CAPTURE("port capture"),
        REFLECT_FAKE_PACKET_PORT_CAPTURE("reflect + fake packet + port capture"),
        SIGNALING_REFLECTED_MEDIA_DIRECT("all signaling reflected, media direct"),
        ALL_REFLECTED("all signaling and media reflected");

        private final String words;

        Technique(String words) {
            this.words = words;
        }

        /** The table's own words. */
        public String words() {
            return words;
        }
    }

    /** Table 2300's cell for an originator behind {@code from} reaching a terminator behind {@code to}. */
    public static Technique technique(NatType from, NatType to) {
        NatType f = known(from);
        NatType t = known(to);
        return switch (f) {
            case NO_NAT, FULL_CONE -> switch (t) {
                case NO_NAT, FULL_CONE -> Technique.DIRECT;
                case RESTRICTED_CONE, PORT_RESTRICTED_CONE -> Technique.REFLECT;
                default -> Technique.REFLECT_PORT_CAPTURE;
            };
            case RESTRICTED_CONE -> switch (t) {
                case NO_NAT, FULL_CONE -> Technique.DIRECT;
                case RESTRICTED_CONE, PORT_RESTRICTED_CONE -> Technique.FAKE_PACKET_REFLECT;
                default -> Technique.FAKE_PACKET_REFLECT_PORT_CAPTURE;
            };
            case PORT_RESTRICTED_CONE -> switch (t) {
                case NO_NAT, FULL_CONE -> Technique.DIRECT;
                case RESTRICTED_CONE, PORT_RESTRICTED_CONE -> Technique.FAKE_PACKET_REFLECT;
                default -> Technique.SIGNALING_REFLECTED_MEDIA_DIRECT;
            };
            default -> switch (t) {
                case NO_NAT, FULL_CONE -> Technique.PORT_CAPTURE;
                case RESTRICTED_CONE -> Technique.REFLECT_FAKE_PACKET_PORT_CAPTURE;
                case PORT_RESTRICTED_CONE -> Technique.SIGNALING_REFLECTED_MEDIA_DIRECT;
                default -> Technique.ALL_REFLECTED;
            };
        };
    }

    /**
     * Whether a packet to a peer behind {@code to} must also go through the peer's reflector until the
     * peer has been heard directly: its NAT drops what it did not ask for (FIG. 22).
     */
    public static boolean reflect(NatType to) {
        return known(to).blocksUnsolicited();
    }

    /**
     * Whether media between the two must go through the reflector: a symmetric NAT's media port towards
     * the peer cannot be known in advance, so it only gets through to a peer that admits any port of
     * that address (none, full cone, restricted cone). The table itself relays media only for symmetric
     * on both sides; between port-restricted and symmetric it says "media direct", which a NAT that
     * allocates ports at random (as Linux's fully-random does) never lets through, so we relay there too.
     */
    public static boolean relayMedia(NatType a, NatType b) {
        NatType x = known(a);
        NatType y = known(b);
        return x == NatType.SYMMETRIC && (y == NatType.SYMMETRIC || y == NatType.PORT_RESTRICTED_CONE)
                || y == NatType.SYMMETRIC && x == NatType.PORT_RESTRICTED_CONE;
    }

    /** UNKNOWN is treated as the most restrictive type. */
    private static NatType known(NatType type) {
        return type == null || type == NatType.UNKNOWN ? NatType.SYMMETRIC : type;
    }
}
