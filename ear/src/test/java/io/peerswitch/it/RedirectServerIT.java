package io.peerswitch.it;

import static io.peerswitch.it.ApiClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.Softswitch;
import io.peerswitch.endpoint.SoftswitchEvent;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.config.EndpointConfig;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.ToneGenerator;
import io.peerswitch.endpoint.media.audio.WavFile;
import io.peerswitch.it.ApiClient.Reply;
import io.peerswitch.reflector.stun.StunServer;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.sip.Digests;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.trunk.TrunkSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIG. 15 against the deployed EAR: SIPp plays an IP-PBX (INVITE, 407, INVITE with MD5 credentials of a trunk
 * provisioned over REST, 302, then the INVITE straight to the endpoint's address and a call with audio the
 * endpoint hears); and a device of our own checks SHA-256 credentials, 480, 404, 403, OPTIONS, and that trunk
 * changes are in force for the next INVITE and audited.
 */
@ExtendWith(ArquillianExtension.class)
class RedirectServerIT {

    private static final String ADMIN = "it-admin-password";

    @TempDir
    Path dir;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.peerswitchEar();
    }

    private static void provision(ApiClient api, String... users) {
        List<ProvisionedAccount> accounts = new ArrayList<>();
        for (String user : users) {
            accounts.add(new ProvisionedAccount(user, user + "@example.com", user, user + "-secret-password", null, null, null,
                    null, List.of(), List.of()));
        }
        Reply imported = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(accounts), basic("admin", ADMIN));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
    }

    private EndpointConfig endpoint(String user, String pin, InetSocketAddress stun) throws Exception {
        return MainServer.endpointConfig(dir, user, pin, stun, 440, true, "");
    }

    private Path scenario(String trunk, String secret) throws Exception {
        Path tone = dir.resolve("tone-1000.wav");
        try (OutputStream out = Files.newOutputStream(tone)) {
            WavFile.writeMulaw(new PcmAudio(8000, ToneGenerator.sine(1000, 0.3, 8000, 8000 * 10)), out);
        }
        try (InputStream in = getClass().getResourceAsStream("/sipp/ipbx-redirect.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                    .replace("[$tone]", tone.toString()).replace("[$trunk]", trunk).replace("[$secret]", secret);
            Path file = dir.resolve("ipbx-redirect.xml");
            Files.writeString(file, xml, StandardCharsets.ISO_8859_1);
            return file;
        }
    }

    private static <T extends SoftswitchEvent> T awaitEvent(LinkedBlockingQueue<SoftswitchEvent> events, Class<T> type)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            SoftswitchEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in time");
    }

    private static CallView await(LinkedBlockingQueue<SoftswitchEvent> events, CallState state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (events.poll(100, TimeUnit.MILLISECONDS) instanceof SoftswitchEvent.CallChanged(CallView call) && call.state() == state) {
                return call;
            }
        }
        throw new AssertionError("no call reached " + state + " in time");
    }

    @Test
    void sippAsAnIpPbxIsChallengedRedirectedAndThenTalksToTheEndpointDirectly() throws Exception {
        MainServer server = MainServer.connect();
        provision(server.api(), "redir.alice");
        Reply trunk = server.api().post("admin/trunks", new TrunkSpec("pbx-sipp", "sipp-trunk-secret", "SIPp as an IP-PBX", true,
                true, null), basic("admin", ADMIN));
        assertThat(trunk.status()).as(trunk.text()).isEqualTo(201);

        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch alice = Softswitch.start(endpoint("redir.alice", server.pin(), stun.localAddress()))) {
            LinkedBlockingQueue<SoftswitchEvent> events = new LinkedBlockingQueue<>();
            alice.onEvent(events::add);
            alice.login().get(20, TimeUnit.SECONDS);

            List<String> command = List.of("sipp", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-m", "1", "-timeout", "40s",
                    "-timeout_error", "-nostdin", "-trace_err", "-trace_msg", "-message_file", dir.resolve("sipp-messages.log").toString(),
                    "-error_file", dir.resolve("sipp-errors.log").toString(),
                    "-sf", scenario("pbx-sipp", "sipp-trunk-secret").toString(), "-s", "redir.alice",
                    "-p", Integer.toString(freePort(false)), "-mp", Integer.toString(freePort(true)), "127.0.0.1:" + Deployments.redirectPort("main"));
            Process sipp = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sipp.out").toFile()).start();

            CallView active;
            try {
                active = await(events, CallState.ACTIVE);
            } catch (AssertionError e) {
                sipp.destroy();
                throw new AssertionError(e.getMessage() + "; SIPp said:\n" + sippOutput(), e);
            }
            assertThat(active.peer()).isEqualTo("4930123");
            assertThat(active.outgoing()).isFalse();
            CallView ended = await(events, CallState.ENDED);
            assertThat(sipp.waitFor(40, TimeUnit.SECONDS)).isTrue();
            assertThat(sipp.exitValue()).as(sippOutput()).isZero();
            assertThat(ended.heardHertz()).as("the endpoint heard the PBX's 1000 Hz").isEqualTo(1000.0);
            assertThat(ended.stats().packetsSent()).as("the endpoint sent its audio to the PBX").isGreaterThan(100);
            String messages = Files.readString(dir.resolve("sipp-messages.log"));
            assertThat(messages).contains("SIP/2.0 407 Proxy Authentication Required", "SIP/2.0 302 Moved Temporarily",
                    "Proxy-Authorization: Digest", "ps-grant=");
            alice.logout().get(20, TimeUnit.SECONDS);
        }
    }

    private String sippOutput() throws Exception {
        StringBuilder out = new StringBuilder(Files.readString(dir.resolve("sipp.out")));
        for (String log : List.of("sipp-errors.log", "sipp-messages.log")) {
            if (Files.exists(dir.resolve(log))) {
                out.append('\n').append(Files.readString(dir.resolve(log)));
            }
        }
        return out.toString();
    }

    /** A free UDP port, even if asked (RTP). */
    private static int freePort(boolean even) throws Exception {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket s = new DatagramSocket(0)) {
                if ((!even || s.getLocalPort() % 2 == 0) && s.getLocalPort() < 65_000) {
                    return s.getLocalPort();
                }
            }
        }
        throw new IllegalStateException("no free port");
    }

    @Test
    void responsesForOfflineUnknownAndForbiddenUsersAndTrunkChangesInForceAtOnce() throws Exception {
        MainServer server = MainServer.connect();
        provision(server.api(), "redir.bob", "redir.carol", "redir.dave");
        Reply created = server.api().post("admin/trunks", new TrunkSpec("gw-it", "gateway-secret", null, true, true, null),
                basic("admin", ADMIN));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        // Carol is online (a login that names its address; no endpoint needs to run for a 302).
        Reply login = server.api().post("sessions", new LoginRequest("redir.carol", "redir.carol-secret-password", "it-carol",
                new TransportAddress("198.18.0.44", 45060), null, NatType.NO_NAT, null, null, null));
        assertThat(login.status()).as(login.text()).isEqualTo(201);

        try (Device device = new Device("127.0.0.1")) {
            assertThat(device.send(device.options()).status()).isEqualTo(200);
            SipResponse redirected = device.call("redir.carol", "gw-it", "gateway-secret", DigestAlgorithm.SHA_256);
            assertThat(redirected.status()).as(redirected.toString()).isEqualTo(302);
            assertThat(redirected.header("Contact")).hasValueSatisfying(c -> assertThat(c).startsWith("<sip:redir.carol@198.18.0.44:45060;ps-grant="));
            assertThat(device.call("redir.carol", "gw-it", "gateway-secret", DigestAlgorithm.MD5).status()).isEqualTo(302);
            assertThat(device.call("redir.bob", "gw-it", "gateway-secret", DigestAlgorithm.SHA_256).status()).isEqualTo(480);
            assertThat(device.call("redir.nobody", "gw-it", "gateway-secret", DigestAlgorithm.SHA_256).status()).isEqualTo(404);
            assertThat(device.call("redir.carol", "gw-it", "wrong-secret", DigestAlgorithm.SHA_256).status()).isEqualTo(403);

            Reply restricted = server.api().put("admin/trunks/gw-it", new TrunkSpec("gw-it", null, null, true, false,
                    List.of("redir.dave")), basic("admin", ADMIN));
            assertThat(restricted.status()).as(restricted.text()).isEqualTo(200);
            SipResponse refused = device.call("redir.carol", "gw-it", "gateway-secret", DigestAlgorithm.SHA_256);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.reason()).contains("may not reach redir.carol");
            assertThat(device.call("redir.dave", "gw-it", "gateway-secret", DigestAlgorithm.SHA_256).status()).isEqualTo(480);

            assertThat(server.api().delete("admin/trunks/gw-it", basic("admin", ADMIN)).status()).isEqualTo(204);
            assertThat(device.call("redir.dave", "gw-it", "gateway-secret", DigestAlgorithm.SHA_256).status()).isEqualTo(403);
        }
        // An IP trunk: INVITEs from its address are redirected without a challenge; from elsewhere they are challenged.
        Reply ipTrunk = server.api().post("admin/trunks", new TrunkSpec("ip-it", "ip-trunk-secret", null, true, true, null,
                List.of("127.0.0.2")), basic("admin", ADMIN));
        assertThat(ipTrunk.status()).as(ipTrunk.text()).isEqualTo(201);
        try (Device trusted = new Device("127.0.0.2"); Device other = new Device("127.0.0.1")) {
            String carol = "sip:redir.carol@127.0.0.1:" + Deployments.redirectPort("main");
            SipResponse direct = trusted.send(trusted.request("INVITE", carol));
            assertThat(direct.status()).as(direct.toString()).isEqualTo(302);
            assertThat(other.send(other.request("INVITE", carol)).status()).isEqualTo(407);
        }
        assertThat(server.api().delete("admin/trunks/ip-it", basic("admin", ADMIN)).status()).isEqualTo(204);
        Reply audit = server.api().get("admin/audit", basic("admin", ADMIN));
        assertThat(audit.text()).contains("\"action\":\"trunk.create\"", "\"action\":\"trunk.update\"",
                "\"action\":\"trunk.delete\"", "\"target\":\"gw-it\"", "\"actor\":\"admin\"").doesNotContain("gateway-secret");
        assertThat(server.api().get("admin/trunks", basic("admin", ADMIN)).text()).doesNotContain("ha1", "gateway-secret");
        assertThat(server.api().get("admin/trunks", basic("redir.bob", "redir.bob-secret-password")).status()).isEqualTo(401);
    }

    @Test
    void externalRoutingTablesGoToSubscribersWholeOrAsChanges() throws Exception {
        MainServer server = MainServer.connect();
        provision(server.api(), "route.erin", "route.frank");
        String[] admin = basic("admin", ADMIN);
        Reply subscribed = server.api().put("admin/accounts/route.erin/subscriptions/it-pstn", null, admin);
        assertThat(subscribed.status()).as(subscribed.text()).isEqualTo(200);
        Reply germany = server.api().post("admin/routes", new io.peerswitch.wire.route.RouteSpec("it-pstn", "49.", 10,
                "sip:gw.example.com:5080", "peerswitch", "gw-secret", 0, "00", "Germany"), admin);
        assertThat(germany.status()).as(germany.text()).isEqualTo(201);
        long germanyId = germany.as(io.peerswitch.wire.route.ExternalRoute.class).id();
        Reply other = server.api().post("admin/routes", new io.peerswitch.wire.route.RouteSpec("it-premium", "900.", 10,
                "sip:gw2.example.com", null, null, 0, null, null), admin);
        assertThat(other.status()).as(other.text()).isEqualTo(201);

        String erin = login(server.api(), "route.erin");
        io.peerswitch.wire.route.RouteTable whole = server.api().get("routes", ApiClient.bearer(erin))
                .as(io.peerswitch.wire.route.RouteTable.class);
        assertThat(whole.full()).isTrue();
        assertThat(whole.tables()).containsExactly("it-pstn");
        assertThat(whole.routes()).extracting(io.peerswitch.wire.route.ExternalRoute::pattern).containsExactly("49.");
        assertThat(whole.routes().get(0).password()).as("the endpoint authenticates to the gateway").isEqualTo("gw-secret");
        String frank = login(server.api(), "route.frank");
        assertThat(server.api().get("routes", ApiClient.bearer(frank)).as(io.peerswitch.wire.route.RouteTable.class).routes())
                .as("no subscription, no routes").isEmpty();

        // A real endpoint of Erin's: it downloads the table at login, and a change reaches it by a routes notice
        // over the server's SIP channel, upon which it fetches the changes (FIG. 14 steps 1404, 1410-1416).
        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch endpoint = Softswitch.start(endpoint("route.erin", server.pin(), stun.localAddress()))) {
            LinkedBlockingQueue<SoftswitchEvent> events = new LinkedBlockingQueue<>();
            endpoint.onEvent(events::add);
            endpoint.login().get(20, TimeUnit.SECONDS);
            SoftswitchEvent.ExternalRoutesChanged atLogin = awaitEvent(events, SoftswitchEvent.ExternalRoutesChanged.class);
            assertThat(atLogin.whole()).isTrue();
            assertThat(atLogin.tables()).containsExactly("it-pstn");
            assertThat(endpoint.routeFor("49 30 1234").get(5, TimeUnit.SECONDS).map(m -> m.requestUri()))
                    .contains("sip:0049301234@gw.example.com:5080");
            assertThat(endpoint.routeFor("900 1234").get(5, TimeUnit.SECONDS)).as("not subscribed to it-premium").isEmpty();
            assertThat(endpoint.call("900 1234")).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("no route for 900 1234").as("no route, no call (FIG. 14 step 1424)");

            assertThat(server.api().put("admin/routes/" + germanyId, new io.peerswitch.wire.route.RouteSpec("it-pstn", "49.", 10,
                    "sip:gw3.example.com", "peerswitch", "gw-secret", 0, "00", "Germany, new gateway"), admin).status())
                    .isEqualTo(200);
            SoftswitchEvent.ExternalRoutesChanged updated = awaitEvent(events, SoftswitchEvent.ExternalRoutesChanged.class);
            assertThat(updated.whole()).as("only the change was fetched").isFalse();
            assertThat(endpoint.routeFor("4930").get(5, TimeUnit.SECONDS).map(m -> m.requestUri()))
                    .as("updated by the routes notice").contains("sip:004930@gw3.example.com");
            endpoint.logout().get(20, TimeUnit.SECONDS);
        }
        Reply uk = server.api().post("admin/routes", new io.peerswitch.wire.route.RouteSpec("it-pstn", "44.", 10,
                "sip:gw.example.com:5080", null, null, 0, null, null), admin);
        long ukId = uk.as(io.peerswitch.wire.route.ExternalRoute.class).id();
        assertThat(server.api().delete("admin/routes/" + ukId, admin).status()).isEqualTo(204);
        io.peerswitch.wire.route.RouteTable delta = server.api()
                .get("routes?since=" + whole.version() + "&tables=it-pstn", ApiClient.bearer(erin))
                .as(io.peerswitch.wire.route.RouteTable.class);
        assertThat(delta.full()).isFalse();
        assertThat(delta.routes()).extracting(io.peerswitch.wire.route.ExternalRoute::gateway).containsExactly("sip:gw3.example.com");
        assertThat(delta.removed()).containsExactly(ukId);

        Reply badPattern = server.api().postRaw("admin/routes", "application/json",
                "{\"table\":\"it-pstn\",\"pattern\":\"4?\",\"gateway\":\"sip:gw\"}", admin);
        assertThat(badPattern.status()).isEqualTo(400);
        assertThat(badPattern.text()).contains("pattern");
        assertThat(server.api().delete("admin/routes/999999", admin).status()).isEqualTo(404);
        assertThat(server.api().get("routes?since=x", ApiClient.bearer(erin)).status()).isEqualTo(400);
        assertThat(server.api().get("admin/audit", admin).text()).contains("\"action\":\"route.create\"",
                "\"action\":\"route.update\"", "\"action\":\"route.delete\"", "\"action\":\"subscription.add\"")
                .doesNotContain("gw-secret");
    }

    private static String login(ApiClient api, String user) {
        Reply login = api.post("sessions", new LoginRequest(user, user + "-secret-password", "it-" + user,
                new TransportAddress("198.18.0.45", 45060), null, NatType.NO_NAT, null, null, null));
        assertThat(login.status()).as(login.text()).isEqualTo(201);
        return login.as(io.peerswitch.wire.session.LoginResponse.class).session().token();
    }

    /** An IP-PBX of our own on a UDP socket: sends a request, waits for its final response. */
    private static final class Device implements AutoCloseable {
        private final DatagramSocket socket;
        private final InetSocketAddress redirect = new InetSocketAddress("127.0.0.1", Deployments.redirectPort("main"));
        private int sequence;

        Device(String ip) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(ip, 0));
            socket.setSoTimeout(5_000);
        }

        SipRequest request(String method, String uri) {
            sequence++;
            return new SipRequest(method, uri, List.of(), new byte[0])
                    .addHeader("Via", "SIP/2.0/UDP " + socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort()
                            + ";rport;branch=z9hG4bK-it-" + socket.getLocalPort() + "-" + sequence)
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", "<sip:gw@127.0.0.1>;tag=gw" + sequence)
                    .addHeader("To", "<" + uri + ">")
                    .addHeader("Call-ID", "it-" + socket.getLocalPort() + "-" + sequence + "@127.0.0.1")
                    .addHeader("CSeq", "1 " + method);
        }

        SipRequest options() {
            return request("OPTIONS", "sip:127.0.0.1:" + redirect.getPort());
        }

        SipResponse send(SipRequest request) throws Exception {
            byte[] bytes = SipCodec.format(request);
            socket.send(new DatagramPacket(bytes, bytes.length, redirect));
            byte[] buffer = new byte[65_535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            if (SipCodec.parse(buffer, 0, packet.getLength()) instanceof SipParseResult.Parsed(SipResponse response)) {
                return response;
            }
            throw new AssertionError("not a response");
        }

        /** INVITE, 407, INVITE answering the {@code algorithm} challenge: the final response. */
        SipResponse call(String user, String trunk, String password, DigestAlgorithm algorithm) throws Exception {
            String uri = "sip:" + user + "@127.0.0.1:" + redirect.getPort();
            SipResponse challenge = send(request("INVITE", uri));
            assertThat(challenge.status()).isEqualTo(407);
            String offer = challenge.headers("Proxy-Authenticate").stream()
                    .filter(v -> v.contains("algorithm=" + algorithm.token())).findFirst().orElseThrow();
            Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(offer);
            Matcher realm = Pattern.compile("realm=\"([^\"]+)\"").matcher(offer);
            assertThat(nonce.find() && realm.find()).isTrue();
            String ha1 = Digests.ha1(algorithm, trunk, realm.group(1), password);
            String response = Digests.response(algorithm, ha1, nonce.group(1), "00000001", "it-cnonce", "auth", "INVITE", uri);
            return send(request("INVITE", uri).addHeader("Proxy-Authorization", "Digest username=\"" + trunk + "\", realm=\""
                    + realm.group(1) + "\", nonce=\"" + nonce.group(1) + "\", uri=\"" + uri + "\", response=\"" + response
                    + "\", algorithm=" + algorithm.token() + ", qop=auth, nc=00000001, cnonce=\"it-cnonce\""));
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
