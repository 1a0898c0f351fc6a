package io.peerswitch.wire.notice;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.routing.RoutingEntry;

/**
 * What the access server tells a subscribed endpoint in a NOTIFY (FIG. 6): {@code subscribed} (the
 * first NOTIFY of a subscription, RFC 6665 section 4.2.1), {@code assist} (a buddy behind a NAT that
 * drops unsolicited packets is asked to ping {@code location}, a buddy that just logged in, so that
 * buddy's notifications get through; FIG. 6 steps 618-622), or {@code terminated}.
 *
 * @param location the buddy location the notice is about; only for {@code assist}
 */
public record Notice(String kind, RoutingEntry location) {

    public static final String SUBSCRIBED = "subscribed";
    public static final String ASSIST = "assist";
    public static final String TERMINATED = "terminated";

    public Notice {
        Fields.required(kind, "kind");
        if (ASSIST.equals(kind)) {
            Fields.required(location, "location");
        }
    }

    /** An assist notice about {@code newcomer}. */
    public static Notice assist(RoutingEntry newcomer) {
        return new Notice(ASSIST, newcomer);
    }
}
