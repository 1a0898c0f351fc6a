package io.peerswitch.endpoint.call.sdp;

import java.util.Arrays;
import java.util.Optional;

/**
 * The direction attributes of a media stream (RFC 8866 section 6.7, RFC 3264 sections 5.1 and 6.1),
 * always from the point of view of the description that carries them.
 */
public enum Direction {
    /** Send and receive (the default when no direction attribute is present). */
    SENDRECV("sendrecv", true, true),
    /** Send only; in a re-offer this puts the other side on hold (RFC 3264 section 8.4). */
    SENDONLY("sendonly", true, false),
    /** Receive only. */
    RECVONLY("recvonly", false, true),
    /** Neither. */
    INACTIVE("inactive", false, false);

    private final String attributeName;
    private final boolean sends;
    private final boolean receives;

    Direction(String attributeName, boolean sends, boolean receives) {
        this.attributeName = attributeName;
        this.sends = sends;
        this.receives = receives;
    }

    /** The direction with these capabilities. */
    public static Direction of(boolean sends, boolean receives) {
        return sends ? (receives ? SENDRECV : SENDONLY) : (receives ? RECVONLY : INACTIVE);
    }

    /** The direction an attribute name stands for, if it is one of the four. */
    public static Optional<Direction> fromAttribute(String name) {
        return Arrays.stream(values()).filter(direction -> direction.attributeName.equals(name)).findFirst();
    }

    /** The attribute name: "sendrecv", "sendonly", "recvonly" or "inactive". */
    public String attributeName() {
        return attributeName;
    }

    /** Whether media flows out of the side this direction describes. */
    public boolean sends() {
        return sends;
    }

    /** Whether media flows in to the side this direction describes. */
    public boolean receives() {
        return receives;
    }

    /** The same stream seen from the other end: sendonly and recvonly swap (RFC 3264 section 6.1). */
    public Direction reverse() {
        return of(receives, sends);
    }

    /** What both allow. */
    public Direction intersect(Direction other) {
        return of(sends && other.sends, receives && other.receives);
    }
}
