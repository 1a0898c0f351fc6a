package io.peerswitch.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.session.ReflectorGrant;
import io.peerswitch.wire.session.SessionInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    private static final String LOGIN = """
            {"userId":"Alice","password":"correct horse","instanceId":"8f0c-1",
             "publicAddress":{"ip":"198.18.0.10","port":40000},
             "privateAddress":{"ip":"10.0.0.2","port":5060},
             "natType":"PORT_RESTRICTED_CONE","expires":120,"somethingNew":true}
            """;

    private static MalformedJsonException decodeFails(String json, Class<?> type) {
        try {
            WireJson.decode(json.getBytes(StandardCharsets.UTF_8), type);
        } catch (MalformedJsonException e) {
            return e;
        }
        throw new AssertionError("decoding should have failed: " + json);
    }

    private static String replace(String json, String from, String to) {
        assertThat(json).contains(from);
        return json.replace(from, to);
    }

    @Test
    void decodesALoginAndIgnoresUnknownFields() throws Exception {
        LoginRequest login = WireJson.decode(LOGIN.getBytes(StandardCharsets.UTF_8), LoginRequest.class);

        assertThat(login.userId()).isEqualTo("alice");
        assertThat(login.publicAddress()).isEqualTo(new TransportAddress("198.18.0.10", 40000));
        assertThat(login.natType()).isEqualTo(NatType.PORT_RESTRICTED_CONE);
        assertThat(login.expires()).isEqualTo(120);
        assertThat(login.toString()).doesNotContain("correct horse");
    }

    @Test
    void namesANestedFieldWhoseValueARecordRefused() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "\"port\":40000", "\"port\":70000"), LoginRequest.class);
        assertThat(e.field()).isEqualTo("publicAddress.port");
        assertThat(e.reason()).contains("between 1 and 65535");
    }

    @Test
    void namesAFieldOfTheWrongType() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "\"port\":5060", "\"port\":\"5060\""), LoginRequest.class);
        assertThat(e.field()).isEqualTo("privateAddress.port");
        assertThat(e.reason()).isEqualTo("must be an integer");
    }

    @Test
    void refusesFractionsWhereIntegersBelong() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "\"expires\":120", "\"expires\":1.5"), LoginRequest.class);
        assertThat(e.field()).isEqualTo("expires");
    }

    @Test
    void listsTheAllowedValuesOfAnEnum() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "PORT_RESTRICTED_CONE", "CONE"), LoginRequest.class);
        assertThat(e.field()).isEqualTo("natType");
        assertThat(e.reason()).contains("SYMMETRIC").contains("FULL_CONE");
    }

    @Test
    void namesAMissingRequiredField() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "\"instanceId\":\"8f0c-1\",", ""), LoginRequest.class);
        assertThat(e.field()).isEqualTo("instanceId");
        assertThat(e.reason()).isEqualTo("is required");
    }

    @Test
    void refusesHostNamesWhereAnIpLiteralBelongs() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "198.18.0.10", "example.com"), LoginRequest.class);
        assertThat(e.field()).isEqualTo("publicAddress.ip");
    }

    @Test
    void refusesAMalformedUserId() {
        MalformedJsonException e = decodeFails(replace(LOGIN, "\"Alice\"", "\"al ice\""), LoginRequest.class);
        assertThat(e.field()).isEqualTo("userId");
    }

    @Test
    void explainsSyntaxErrorsWithALocation() {
        MalformedJsonException e = decodeFails("{\"userId\": \"alice\",, }", LoginRequest.class);
        assertThat(e.field()).isNull();
        assertThat(e.reason()).startsWith("not valid JSON at line 1");
    }

    @Test
    void explainsAnEmptyBody() {
        assertThat(decodeFails("", LoginRequest.class).reason()).contains("empty");
    }

    @Test
    void refusesDuplicateKeysAndTrailingContent() {
        assertThat(decodeFails("{\"userId\":\"a1\",\"userId\":\"b2\"}", LoginRequest.class).reason()).contains("twice");
        assertThat(decodeFails(LOGIN + " {}", LoginRequest.class).reason()).contains("after the JSON value");
    }

    @Test
    void refusesATopLevelArrayWhereAnObjectBelongs() {
        assertThat(decodeFails("[1,2]", LoginRequest.class).reason()).isEqualTo("must be a JSON object");
    }

    @Test
    void refusesDeeplyNestedDocuments() {
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThat(decodeFails(deep, LoginRequest.class).reason()).contains("limit");
    }

    @Test
    void roundTripsALoginResponse() throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        LoginResponse response = new LoginResponse(
                new SessionInfo("token", "loc1", 300, now.plusSeconds(300), "198.18.0.10",
                        new ReflectorGrant("dG9rZW4=", "a2V5", now.plusSeconds(360), now),
                        new NotificationChannel("sip:198.19.0.2:5060", 20)),
                new Profile("alice", "Alice", "alice@example.com", PresenceStatus.AVAILABLE, null, List.of("pstn"),
                        List.of(new Buddy("bob", "Bob", RelationState.ACCEPTED, true, PresenceStatus.BUSY))),
                List.of(new RoutingEntry("bob", "loc2", new TransportAddress("198.18.1.2", 4000), null,
                        NatType.SYMMETRIC, now, new TransportAddress("198.19.0.10", 3478))),
                List.of());

        byte[] json = WireJson.encode(response);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"expiresAt\":\"2026-11-22T10:05:00Z\"")
                .contains("\"reflector\":{\"ip\":\"198.19.0.10\",\"port\":3478}").contains("\"packetKey\":\"a2V5\"");
        assertThat(WireJson.decode(json, LoginResponse.class)).isEqualTo(response);
    }

    @Test
    void writesProblemsWithTheRfc9457ExtensionMember() {
        Problem problem = Problem.of("invalid-request", "Invalid request", 400, "natType: must be one of ...")
                .withInvalidParams(List.of(new InvalidParam("natType", "must be one of ...")));

        assertThat(WireJson.encodeToString(problem))
                .contains("\"type\":\"https://peerswitch.io/problems/invalid-request\"")
                .contains("\"invalid-params\":[{\"name\":\"natType\"")
                .doesNotContain("retry-after");
    }

    @Test
    void refusesNullElementsInLists() {
        String json = """
                {"userId":"alice","status":"AVAILABLE","buddies":[null]}
                """;
        assertThat(decodeFails(json, Profile.class).field()).isEqualTo("buddies[0]");
    }

    @Test
    void normalisesIpv6Literals() {
        assertThat(new TransportAddress("2001:DB8::1", 5060).ip()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(new TransportAddress("2001:DB8::1", 5060).toString()).isEqualTo("[2001:db8:0:0:0:0:0:1]:5060");
        assertThatThrownBy(() -> new TransportAddress("1.2.3", 5060)).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> new TransportAddress("1:2:3:4:5:6:7:8:9", 5060)).isInstanceOf(InvalidFieldException.class);
    }
}
