package io.peerswitch.endpoint.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.route.RouteTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint's external routing rules (FIG. 14): whole tables, changes, and digit analysis (FIG. 13 step 1306). */
class ExternalRoutesTest {

    private static ExternalRoute route(long id, String pattern, int priority, String gateway) {
        return new ExternalRoute(id, "pstn-calling", pattern, priority, gateway, null, null, 0, null, null);
    }

    private final ExternalRoutes routes = new ExternalRoutes();

    @Test
    void theMostSpecificMatchingRouteWinsThenPriorityThenAge() {
        routes.apply(new RouteTable(5, true, List.of("pstn-calling"), List.of(
                route(1, "49.", 10, "sip:gw-de.example.com"),
                route(2, "4930.", 10, "sip:gw-berlin.example.com"),
                route(3, "49.", 5, "sip:gw-cheap.example.com"),
                route(4, "4930123", 50, "sip:pbx.example.com:5070;transport=tcp"),
                route(5, "!", 100, "sip:gw-any.example.com")), List.of()));

        assertThat(routes.route("+49 89 1234").map(ExternalRoutes.Match::requestUri)).as("no + in the patterns")
                .contains("sip:+49891234@gw-any.example.com");
        assertThat(routes.route("49 (89) 12-34").map(m -> m.route().id())).as("priority between equals").contains(3L);
        assertThat(routes.route("49301234").map(m -> m.route().id())).as("more literals").contains(2L);
        assertThat(routes.route("4930123").map(ExternalRoutes.Match::requestUri)).as("exact beats open")
                .contains("sip:4930123@pbx.example.com:5070;transport=tcp");
        assertThat(routes.routes()).extracting(ExternalRoute::id).containsExactly(4L, 2L, 3L, 1L, 5L);
    }

    @Test
    void noMatchOrAnUndiallableNumberGivesNoRoute() {
        routes.apply(new RouteTable(1, true, List.of("pstn-calling"), List.of(route(1, "49.", 10, "sip:gw.example.com")),
                List.of()));

        assertThat(routes.route("4412345")).isEmpty();
        assertThat(routes.route("49abc")).isEmpty();
        assertThat(routes.route("")).isEmpty();
        assertThat(routes.route(null)).isEmpty();
    }

    @Test
    void numbersAreTranslatedForTheGateway() {
        routes.apply(new RouteTable(1, true, List.of("pstn-calling"), List.of(
                new ExternalRoute(1, "pstn-calling", "0049.", 10, "sip:gw.example.com", "u", "p", 4, "+49", null)), List.of()));

        ExternalRoutes.Match match = routes.route("0049 30 123").orElseThrow();

        assertThat(match.number()).isEqualTo("+4930123");
        assertThat(match.requestUri()).isEqualTo("sip:+4930123@gw.example.com");
    }

    @Test
    void changesAreAppliedAndAWholeTableReplacesEverything() {
        routes.apply(new RouteTable(3, true, List.of("pstn-calling"), List.of(route(1, "49.", 10, "sip:a.example.com"),
                route(2, "44.", 10, "sip:b.example.com")), List.of()));
        assertThat(routes.outdatedBy(3)).isFalse();
        assertThat(routes.outdatedBy(4)).isTrue();

        routes.apply(new RouteTable(5, false, List.of("pstn-calling"), List.of(route(1, "49.", 10, "sip:c.example.com"),
                route(7, "33.", 10, "sip:d.example.com")), List.of(2L)));

        assertThat(routes.version()).isEqualTo(5);
        assertThat(routes.routes()).extracting(ExternalRoute::id).containsExactly(1L, 7L);
        assertThat(routes.route("4930").map(m -> m.route().gateway())).contains("sip:c.example.com");
        assertThat(routes.route("4412")).isEmpty();

        routes.apply(new RouteTable(9, true, List.of(), List.of(), List.of()));
        assertThat(routes.routes()).isEmpty();
        assertThat(routes.tables()).isEmpty();
    }
}
