package io.peerswitch.endpoint.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.peerswitch.endpoint.config.EndpointConfig.ServerTrust;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequestCreated;
import io.peerswitch.wire.profile.RelationState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buddy calls of {@link AccessServerClient} on the wire (docs/rest-api.md, {@code /buddies}): method, path, body, answer. */
class BuddyCallsTest {

    private static final String TOKEN = "t0k3n";

    @TempDir
    Path dir;
    private HttpServer http;
    private final List<String> seen = new ArrayList<>();
    private int status;
    private String answer;
    private AccessServerClient client;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/v1/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + (body.isEmpty() ? "" : " " + body));
            byte[] bytes = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
        client = new AccessServerClient(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1/"),
                new ServerTrust.System(), dir, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private void answer(int status, String json) {
        this.status = status;
        this.answer = json;
    }

    @Test
    void aRequestIsPostedAndItsTargetsLocationsCome() throws Exception {
        answer(201, """
                {"request":{"id":"r1","from":"alice","to":"bob","note":"hi","createdAt":"2026-11-22T10:00:00Z","fromLocations":[]},
                 "targetLocations":[{"userId":"bob","locationId":"l1","publicAddress":{"ip":"198.51.100.7","port":5060},"natType":"NO_NAT"}]}""");

        BuddyRequestCreated created = client.requestBuddy(TOKEN, new BuddyRequestCreate("bob", "hi"));

        assertThat(seen).containsExactly("POST /api/v1/buddies/requests Bearer t0k3n {\"to\":\"bob\",\"note\":\"hi\"}");
        assertThat(created.request().id()).isEqualTo("r1");
        assertThat(created.targetLocations()).extracting(l -> l.publicAddress().toString()).containsExactly("198.51.100.7:5060");
    }

    @Test
    void eachOperationHasItsMethodAndPath() throws Exception {
        answer(200, "{\"userId\":\"bob\",\"relation\":\"BLOCKED\",\"locations\":[]}");
        BuddyChange blocked = client.blockBuddy(TOKEN, "bob");
        client.unblockBuddy(TOKEN, "bob");
        client.deleteBuddy(TOKEN, "bob");
        client.answerBuddyRequest(TOKEN, "r 1", true);
        answer(200, "{\"requests\":[]}");
        client.buddyRequests(TOKEN);
        answer(200, "{\"id\":\"r1\",\"from\":\"alice\",\"to\":\"bob\",\"createdAt\":\"2026-11-22T10:00:00Z\"}");
        client.buddyRequest(TOKEN, "r1");
        answer(204, null);
        client.withdrawBuddyRequest(TOKEN, "r1");

        assertThat(blocked.relation()).isEqualTo(RelationState.BLOCKED);
        assertThat(seen).containsExactly(
                "PUT /api/v1/buddies/bob/block Bearer t0k3n",
                "DELETE /api/v1/buddies/bob/block Bearer t0k3n",
                "DELETE /api/v1/buddies/bob Bearer t0k3n",
                "POST /api/v1/buddies/requests/r%201/answer Bearer t0k3n {\"grant\":true}",
                "GET /api/v1/buddies/requests Bearer t0k3n",
                "GET /api/v1/buddies/requests/r1 Bearer t0k3n",
                "DELETE /api/v1/buddies/requests/r1 Bearer t0k3n");
    }

    @Test
    void refusalsNameTheirProblemType() {
        answer(429, """
                {"type":"https://peerswitch.io/problems/request-refused-recently","title":"Refused recently","status":429,
                 "detail":"bob denied your request; ask again after 2026-11-23T10:00:00Z"}""");

        assertThatThrownBy(() -> client.requestBuddy(TOKEN, new BuddyRequestCreate("bob", null)))
                .isInstanceOfSatisfying(AccessServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.isProblem("request-refused-recently")).isTrue();
                    assertThat(e.reason()).startsWith("bob denied your request");
                });
    }
}
