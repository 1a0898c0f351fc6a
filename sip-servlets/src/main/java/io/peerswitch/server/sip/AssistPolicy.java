package io.peerswitch.server.sip;

import io.peerswitch.wire.routing.RoutingEntry;
import java.util.List;

/**
 * Who gets an assist when a location logs in (FIG. 6 step 618): each of its online buddy locations behind a
 * NAT that drops unsolicited packets, so that location pings the newcomer first; never its own other
 * locations, and only buddies (the caller passes the newcomer's accepted buddies). A pure function.
 */
public final class AssistPolicy {

    private AssistPolicy() {
    }

    /** The buddy locations to assist for {@code newcomer}. */
    public static List<RoutingEntry> assisted(RoutingEntry newcomer, List<RoutingEntry> buddies) {
        return buddies.stream()
                .filter(b -> !b.userId().equals(newcomer.userId()))
                .filter(b -> b.natType().blocksUnsolicited())
                .toList();
    }
}
