package io.peerswitch.endpoint.external;

import io.peerswitch.wire.route.DialPattern;
import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.route.RouteTable;
import io.peerswitch.wire.sip.SipUri;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The external routing rules of this endpoint (FIG. 14 steps 1406-1408, 1416, 1420-1424): a table downloaded
 * whole, then changes applied to it; a dialled number is analysed against it and the most specific matching
 * route wins — most literal characters, then a fixed length over an open end, then lower priority, then the
 * older route. Owned by the softswitch's loop thread.
 */
public final class ExternalRoutes {

    /** The route a number takes: the route, the number sent to the gateway, and the Request-URI for the INVITE. */
    public record Match(ExternalRoute route, String number, String requestUri) {
    }

    private static final Comparator<Map.Entry<ExternalRoute, DialPattern>> SPECIFIC_FIRST =
            Comparator.<Map.Entry<ExternalRoute, DialPattern>>comparingInt(e -> -e.getValue().literals())
                    .thenComparing(e -> e.getValue().open())
                    .thenComparingInt(e -> e.getKey().priority())
                    .thenComparingLong(e -> e.getKey().id());

    private final Map<Long, ExternalRoute> routes = new LinkedHashMap<>();
    private final Map<ExternalRoute, DialPattern> patterns = new LinkedHashMap<>();
    private List<String> tables = List.of();
    private long version = -1;

    /** Takes a download: a whole table replaces what we had, changes are applied to it (FIG. 14 steps 1404, 1416). */
    public void apply(RouteTable table) {
        if (table.full()) {
            routes.clear();
        }
        for (Long removed : table.removed()) {
            routes.remove(removed);
        }
        for (ExternalRoute route : table.routes()) {
            routes.put(route.id(), route);
        }
        patterns.clear();
        routes.values().forEach(r -> patterns.put(r, r.dialPattern()));
        tables = table.tables();
        version = table.version();
    }

    /** The version we have, -1 before the first download. */
    public long version() {
        return version;
    }

    /** Whether the server's {@code announced} version is newer than ours (FIG. 14 step 1412). */
    public boolean outdatedBy(long announced) {
        return announced > version;
    }

    /** The tables (subscription plans) we hold. */
    public List<String> tables() {
        return tables;
    }

    /** Every route, most specific first. */
    public List<ExternalRoute> routes() {
        return patterns.entrySet().stream().sorted(SPECIFIC_FIRST).map(Map.Entry::getKey).toList();
    }

    /**
     * Digit analysis (FIG. 13 step 1306, FIG. 14 step 1420): the route for {@code dialled} after removing the
     * separators people type (space, '-', '.', '(', ')', '/'), or empty when no route matches (step 1424) or the
     * number holds other characters.
     */
    public Optional<Match> route(String dialled) {
        Optional<String> number = normalise(dialled);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        return patterns.entrySet().stream().filter(e -> e.getValue().matches(number.get())).sorted(SPECIFIC_FIRST)
                .map(Map.Entry::getKey).findFirst().flatMap(route -> match(route, number.get()));
    }

    /** The number without separators, when every other character may be dialled. */
    public static Optional<String> normalise(String dialled) {
        if (dialled == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (char c : dialled.toCharArray()) {
            if (DialPattern.isDialChar(c)) {
                out.append(c);
            } else if (" -.()/".indexOf(c) < 0) {
                return Optional.empty();
            }
        }
        return out.isEmpty() || out.length() > DialPattern.MAX_NUMBER ? Optional.empty() : Optional.of(out.toString());
    }

    private static Optional<Match> match(ExternalRoute route, String number) {
        String translated = route.translate(number);
        return SipUri.parse(route.gateway()).map(g -> new SipUri(g.scheme(), translated, null, g.host(), g.port(),
                g.parameters(), Map.of())).map(uri -> new Match(route, translated, uri.toString()));
    }
}
