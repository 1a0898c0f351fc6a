package io.peerswitch.wire.notice;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.routing.RoutingEntry;

/**
 * What the access server tells a subscribed endpoint in a NOTIFY (FIG. 6): {@code subscribed} (the
 * first NOTIFY of a subscription, RFC 6665 section 4.2.1), {@code assist} (a buddy behind a NAT that
 * drops unsolicited packets is asked to ping {@code location}, a buddy that just logged in, so that
 * buddy's notifications get through; FIG. 6 steps 618-622), {@code pending} (something was stored for
 * the user while online — a buddy found it unreachable — the message waiting indication of FIG. 10 step
 * 1010 for what the server keeps), {@code routes} (the user's external routing tables changed, FIG. 14 step
 * 1410), or {@code terminated}.
 *
 * @param location      the buddy location the notice is about; only for {@code assist}
 * @param item          what was stored; only for {@code pending}
 * @param routesVersion the routing-table version now; only for {@code routes}
 */
public record Notice(String kind, RoutingEntry location, PendingItem item, Long routesVersion) {

    public static final String SUBSCRIBED = "subscribed";
    public static final String ASSIST = "assist";
    public static final String TERMINATED = "terminated";
    public static final String PENDING = "pending";
    public static final String ROUTES = "routes";

    public Notice {
        Fields.required(kind, "kind");
        if (ASSIST.equals(kind)) {
            Fields.required(location, "location");
        }
        if (PENDING.equals(kind)) {
            Fields.required(item, "item");
        }
        if (ROUTES.equals(kind)) {
            Fields.required(routesVersion, "routesVersion");
        }
    }

    /** A notice of {@code kind} about {@code location} or {@code item}. */
    public Notice(String kind, RoutingEntry location, PendingItem item) {
        this(kind, location, item, null);
    }

    /** A notice of {@code kind} about nothing in particular ({@code subscribed}, {@code terminated}). */
    public Notice(String kind, RoutingEntry location) {
        this(kind, location, null);
    }

    /** A pending notice about {@code stored}. */
    public static Notice pending(PendingItem stored) {
        return new Notice(PENDING, null, stored);
    }

    /** A routes notice: the routing tables changed, now at {@code version}. */
    public static Notice routes(long version) {
        return new Notice(ROUTES, null, null, version);
    }

    /** An assist notice about {@code newcomer}. */
    public static Notice assist(RoutingEntry newcomer) {
        return new Notice(ASSIST, newcomer);
    }
}
