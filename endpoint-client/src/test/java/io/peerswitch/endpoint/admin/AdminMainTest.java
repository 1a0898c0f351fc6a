package io.peerswitch.endpoint.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin CLI against a real HTTP server standing in for the access server's admin API: requests, secrets, answers, exit codes. */
class AdminMainTest {

    private static final String TRUNK = """
            {"name":"pbx-berlin","description":"Asterisk","enabled":true,"allUsers":false,"users":["alice","bob"],
             "realm":"peerswitch","createdAt":"2026-11-22T10:00:00Z","updatedAt":"2026-11-22T10:05:00Z"}""";

    private static final String ROUTE = """
            {"id":7,"table":"pstn-calling","pattern":"49.","priority":10,"gateway":"sip:gw.example.com","username":"u",
             "password":"gw-secret","strip":0,"prefix":"00","description":"Germany"}""";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/admin/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            int status;
            String answer;
            if (!("Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8))).equals(auth)) {
                status = 401;
                answer = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"administrator credentials required\"}";
            } else if (exchange.getRequestURI().getPath().contains("/routes")) {
                status = exchange.getRequestMethod().equals("POST") ? 201 : 200;
                answer = exchange.getRequestMethod().equals("GET") ? "[" + ROUTE + "]" : ROUTE;
            } else if (exchange.getRequestURI().getPath().contains("/subscriptions")) {
                status = 200;
                answer = "[\"pstn-calling\"]";
            } else if (exchange.getRequestURI().getPath().endsWith("/trunks/nope")) {
                status = 404;
                answer = "{\"type\":\"about:blank\",\"title\":\"No such trunk\",\"status\":404,\"detail\":\"no trunk named nope\"}";
            } else if (exchange.getRequestMethod().equals("POST")) {
                status = 201;
                answer = TRUNK;
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                status = 204;
                answer = null;
            } else if (exchange.getRequestURI().getPath().endsWith("/audit")) {
                status = 200;
                answer = "[{\"id\":1,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"admin\",\"action\":\"trunk.create\","
                        + "\"target\":\"pbx-berlin\",\"detail\":\"enabled=true\"}]";
            } else {
                status = 200;
                answer = exchange.getRequestURI().getPath().endsWith("/trunks") ? "[" + TRUNK + "]" : TRUNK;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer == null ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--server", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/"));
        all.addAll(List.of(args));
        return AdminMain.run(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addSendsTheTrunkWithItsPasswordFromTheEnvironmentAndPrintsWhatTheServerKept() {
        int status = run(Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret", "PEERSWITCH_TRUNK_PASSWORD", "correct horse"),
                "trunk", "add", "pbx-berlin", "--description", "Asterisk", "--user", "alice", "--user", "bob");

        assertThat(status).as(err.toString()).isZero();
        assertThat(seen).singleElement().asString().startsWith("POST /api/v1/admin/trunks ")
                .contains("\"name\":\"pbx-berlin\"", "\"password\":\"correct horse\"", "\"users\":[\"alice\",\"bob\"]",
                        "\"allUsers\":false", "\"enabled\":true");
        assertThat(printed()).contains("pbx-berlin", "enabled", "reaches alice,bob", "# Asterisk");
    }

    @Test
    void setWithoutNewPasswordSendsNoneAndPasswordFilesWork() throws Exception {
        Path file = dir.resolve("admin-password");
        Files.writeString(file, "s3cret\n");

        int status = run(Map.of(), "--password-file", file.toString(), "trunk", "set", "pbx-berlin", "--all-users", "--disabled",
                "--address", "198.18.4.0/24");

        assertThat(status).as(err.toString()).isZero();
        assertThat(seen).singleElement().asString().startsWith("PUT /api/v1/admin/trunks/pbx-berlin ")
                .contains("\"allUsers\":true", "\"enabled\":false", "\"addresses\":[\"198.18.4.0/24\"]").doesNotContain("password");
    }

    @Test
    void listShowDeleteAndAudit() {
        Map<String, String> env = Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret");

        assertThat(run(env, "trunk", "list")).isZero();
        assertThat(run(env, "trunk", "show", "pbx-berlin")).isZero();
        assertThat(run(env, "trunk", "delete", "pbx-berlin")).isZero();
        assertThat(run(env, "audit", "--since", "2026-11-01T00:00:00Z", "--limit", "10")).isZero();

        assertThat(seen).extracting(s -> s.substring(0, s.indexOf(' ', s.indexOf(' ') + 1))).containsExactly(
                "GET /api/v1/admin/trunks", "GET /api/v1/admin/trunks/pbx-berlin", "DELETE /api/v1/admin/trunks/pbx-berlin",
                "GET /api/v1/admin/audit?since=2026-11-01T00%3A00%3A00Z&limit=10");
        assertThat(printed()).contains("deleted pbx-berlin", "trunk.create", "pbx-berlin");
    }

    @Test
    void routesAndSubscriptions() {
        Map<String, String> env = Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret", "PEERSWITCH_GATEWAY_PASSWORD", "gw-secret");

        assertThat(run(env, "route", "add", "--table", "pstn-calling", "--pattern", "49.", "--gateway", "sip:gw.example.com",
                "--priority", "10", "--prefix", "00", "--username", "u", "--description", "Germany")).as(err.toString()).isZero();
        assertThat(run(env, "route", "list", "--table", "pstn-calling")).isZero();
        assertThat(run(env, "subscription", "add", "alice", "pstn-calling", "--until", "2027-01-01T00:00:00Z")).isZero();
        assertThat(run(env, "subscription", "list", "alice")).isZero();
        assertThat(run(env, "subscription", "add", "alice")).as("no plan").isEqualTo(2);

        assertThat(seen.get(0)).startsWith("POST /api/v1/admin/routes ").contains("\"pattern\":\"49.\"", "\"password\":\"gw-secret\"",
                "\"prefix\":\"00\"");
        assertThat(seen.get(1)).startsWith("GET /api/v1/admin/routes?table=pstn-calling");
        assertThat(seen.get(2)).startsWith("PUT /api/v1/admin/accounts/alice/subscriptions/pstn-calling?until=2027-01-01T00%3A00%3A00Z");
        assertThat(printed()).contains("49.", "sip:gw.example.com", "prefix 00", "alice: pstn-calling").doesNotContain("gw-secret");
    }

    @Test
    void refusalsAndMissingSecretsAreClearAndExitNonZero() {
        assertThat(run(Map.of("PEERSWITCH_ADMIN_PASSWORD", "wrong"), "trunk", "list")).isEqualTo(1);
        assertThat(err.toString()).contains("administrator credentials required");
        assertThat(run(Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret"), "trunk", "show", "nope")).isEqualTo(1);
        assertThat(err.toString()).contains("no trunk named nope");
        assertThat(run(Map.of(), "trunk", "list")).isEqualTo(2);
        assertThat(err.toString()).contains("PEERSWITCH_ADMIN_PASSWORD");
        assertThat(run(Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret"), "trunk", "add", "pbx")).isEqualTo(2);
        assertThat(err.toString()).contains("PEERSWITCH_TRUNK_PASSWORD");
        assertThat(run(Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret", "PEERSWITCH_TRUNK_PASSWORD", "short"), "trunk", "add", "pbx"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("password");
        assertThat(run(Map.of("PEERSWITCH_ADMIN_PASSWORD", "s3cret"), "audit", "--since", "yesterday")).isEqualTo(2);
        assertThat(seen).hasSize(2);
    }
}
