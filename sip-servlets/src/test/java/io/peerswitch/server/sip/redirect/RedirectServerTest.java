package io.peerswitch.server.sip.redirect;

import static io.peerswitch.server.sip.redirect.Trunks.target;
import static io.peerswitch.server.sip.redirect.Trunks.trunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redirect server on real UDP and TCP sockets (port 0): the FIG. 15 exchange with ACKs and retransmissions,
 * every RFC 4475 torture message answered as that RFC expects of a UAS that redirects, rate limiting, and a
 * server that still answers afterwards.
 */
class RedirectServerTest {

    /** What a redirect server answers to each RFC 4475 message ("none": nothing, as for responses and unframeable input). */
    private static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("wsinv.dat", "481"),          // valid, but an INVITE inside a dialog we do not have
            Map.entry("intmeth.dat", "501"),        // unknown method
            Map.entry("esc01.dat", "407"),          // valid INVITE: challenged
            Map.entry("escnull.dat", "405"),        // REGISTER: not a registrar
            Map.entry("esc02.dat", "501"),          // RE%47IST%45R is an unknown method
            Map.entry("lwsdisp.dat", "200"),        // OPTIONS
            Map.entry("longreq.dat", "407"),
            Map.entry("dblreq.dat", "405"),         // REGISTER, trailing bytes ignored
            Map.entry("semiuri.dat", "200"),
            Map.entry("transports.dat", "200"),
            Map.entry("mpart01.dat", "405"),        // MESSAGE
            Map.entry("unreason.dat", "none"),      // responses are never answered
            Map.entry("noreason.dat", "none"),
            Map.entry("badinv01.dat", "400"),
            Map.entry("clerr.dat", "400"),
            Map.entry("ncl.dat", "400"),
            Map.entry("scalar02.dat", "400"),
            Map.entry("scalarlg.dat", "none"),
            Map.entry("quotbal.dat", "400"),
            Map.entry("ltgtruri.dat", "400"),
            Map.entry("lwsruri.dat", "400"),
            Map.entry("lwsstart.dat", "400"),
            Map.entry("trws.dat", "400"),
            Map.entry("escruri.dat", "400"),
            Map.entry("baddate.dat", "407"),        // the Date does not matter here
            Map.entry("regbadct.dat", "400"),
            Map.entry("badaspec.dat", "400"),
            Map.entry("baddn.dat", "400"),
            Map.entry("badvers.dat", "505"),
            Map.entry("mismatch01.dat", "400"),
            Map.entry("mismatch02.dat", "501"),
            Map.entry("bigcode.dat", "none"),
            Map.entry("badbranch.dat", "200"),      // OPTIONS with a bare branch cookie
            Map.entry("insuf.dat", "400"),
            Map.entry("unkscm.dat", "416"),
            Map.entry("novelsc.dat", "416"),
            Map.entry("unksm2.dat", "405"),
            Map.entry("bext01.dat", "420"),
            Map.entry("invut.dat", "415"),
            Map.entry("regaut01.dat", "405"),
            Map.entry("multi01.dat", "400"),
            Map.entry("mcl01.dat", "400"),
            Map.entry("bcast.dat", "none"),
            Map.entry("zeromf.dat", "200"),         // OPTIONS with Max-Forwards 0: a UAS processes it
            Map.entry("cparam01.dat", "405"),
            Map.entry("cparam02.dat", "405"),
            Map.entry("regescrt.dat", "405"),
            Map.entry("sdp01.dat", "406"),
            Map.entry("inv2543.dat", "407")));

    private final Trunks.Directory directory = new Trunks.Directory();
    private final TestClock clock = new TestClock(java.time.Instant.parse("2026-12-07T10:00:00Z"));
    private RedirectServer server;

    /** A clock the test moves by hand; read by the server's thread. */
    private static final class TestClock extends Clock {
        private volatile java.time.Instant now;

        TestClock(java.time.Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws Exception {
        directory.trunks.put("pbx-berlin", trunk("pbx-berlin", "correct horse", true, Set.of()));
        directory.users.put("alice", List.of(target("loc-a1", "198.18.0.10", 40000, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
        server = start(0, 0);
    }

    private RedirectServer start(int perSecond, int burst) throws Exception {
        return start(perSecond, burst, Clock.systemUTC());
    }

    private RedirectServer start(int perSecond, int burst, Clock at) throws Exception {
        RedirectPolicy policy = new RedirectPolicy(directory, new Nonces(new byte[32], Duration.ofMinutes(5)), Trunks.REALM,
                Trunks.ALGORITHMS, Duration.ofSeconds(60));
        return RedirectServer.start(policy, new SourceRateLimit(perSecond, burst), at, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String callId(byte[] message) {
        Matcher m = Pattern.compile("(?im)^(?:Call-ID|i)[ \\t]*:[ \\t]*(\\S+)").matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "";
    }

    /** The port answers go to (RFC 3261 section 18.2.2): the top Via's, else 5060. */
    private static int viaPort(byte[] message) {
        Matcher m = Pattern.compile("(?im)^(?:Via|v)[ \\t]*:[ \\t]*SIP[ \\t]*/[ \\t]*2\\.0[ \\t]*/[ \\t]*\\S+[ \\t]+[^;:,\\s]+:(\\d+)")
                .matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? Integer.parseInt(m.group(1)) : 5060;
    }

    private static String status(byte[] answer) {
        Matcher m = Pattern.compile("^SIP/2\\.0 (\\d{3}) ").matcher(new String(answer, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "unparsable";
    }

    @Test
    void everyTortureMessageOverUdpGetsTheAnswerRfc4475ExpectsAndTheServerCarriesOn() throws Exception {
        Map<String, String> answered = new LinkedHashMap<>();
        Map<Integer, DatagramSocket> probes = new LinkedHashMap<>();
        try (var files = Files.list(Path.of("../wire/src/test/resources/rfc4475"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".dat")).sorted().toList()) {
                byte[] message = Files.readAllBytes(file);
                int port = viaPort(message);
                DatagramSocket probe = probes.get(port);
                if (probe == null) {
                    probe = new DatagramSocket(new InetSocketAddress("127.0.0.2", port));
                    probe.setSoTimeout(300);
                    probes.put(port, probe);
                }
                probe.send(new DatagramPacket(message, message.length, server.localAddress()));
                String expected = EXPECTED.get(file.getFileName().toString());
                String got = "none";
                for (int tries = 0; tries < (expected.equals("none") ? 1 : 5) && got.equals("none"); tries++) {
                    byte[] buffer = new byte[65_535];
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        probe.receive(packet);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    byte[] answer = Arrays.copyOf(buffer, packet.getLength());
                    String id = callId(message);
                    if (id.isEmpty() || id.equals(callId(answer))) {
                        got = status(answer);
                    }
                }
                answered.put(file.getFileName().toString(), got);
            }
        } finally {
            probes.values().forEach(DatagramSocket::close);
        }

        assertThat(answered).isEqualTo(EXPECTED);
        assertThat(server.stats().malformed()).isGreaterThanOrEqualTo(20);
        try (Pbx pbx = new Pbx()) {
            assertThat(pbx.request(options("after-torture")).status()).isEqualTo(200);
        }
    }

    @Test
    void theFig15ExchangeOverUdpWithAcksAndARetransmittedInvite() throws Exception {
        try (Pbx pbx = new Pbx()) {
            SipRequest invite = pbx.invite("alice", "z9hG4bK-u1");
            SipResponse challenge = pbx.request(invite);
            assertThat(challenge.status()).isEqualTo(407);
            pbx.send(pbx.ack(invite, challenge));

            SipRequest authorized = Trunks.authorized(invite, challenge.headers("Proxy-Authenticate").get(0), "pbx-berlin",
                    "correct horse");
            byte[] first = pbx.exchange(authorized);
            byte[] again = pbx.exchange(authorized); // as if the 302 was lost: the same response, not a new decision
            assertThat(again).isEqualTo(first);
            SipResponse redirect = parse(first);
            assertThat(redirect.status()).isEqualTo(302);
            assertThat(redirect.header("Contact")).hasValueSatisfying(c -> assertThat(c).startsWith("<sip:alice@198.18.0.10:40000;ps-grant="));
            assertThat(redirect.vias().get(0).rport()).hasValue(pbx.socket.getLocalPort());

            // No ACK yet: Timer G retransmits the 302 after T1.
            assertThat(parse(pbx.receive(2_000)).status()).isEqualTo(302);
            pbx.send(pbx.ack(authorized, redirect));
            assertThat(pbx.receiveOrNull(1_500)).as("no retransmission after the ACK").isNull();
            assertThat(server.stats().transactions()).isEqualTo(2);
        }
    }

    @Test
    void theFig15ExchangeOverTcp() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(server.localAddress(), 2_000);
            socket.setSoTimeout(2_000);
            String sentBy = "TCP 127.0.0.1:" + socket.getLocalPort();
            SipRequest invite = Trunks.invite("alice", "z9hG4bK-t1", sentBy);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("\r\n\r\n").getBytes(StandardCharsets.US_ASCII)); // a keepalive first (RFC 5626)
            byte[] formatted = SipCodec.format(invite);
            out.write(formatted, 0, 40); // split across segments
            out.flush();
            out.write(formatted, 40, formatted.length - 40);
            SipResponse challenge = readResponse(in);
            assertThat(challenge.status()).isEqualTo(407);

            SipRequest authorized = Trunks.authorized(invite, challenge.headers("Proxy-Authenticate").get(1), "pbx-berlin",
                    "correct horse");
            out.write(SipCodec.format(authorized));
            SipResponse redirect = readResponse(in);
            assertThat(redirect.status()).isEqualTo(302);
            assertThat(redirect.headers("Contact")).hasSize(1);
        }
    }

    @Test
    void aTcpStreamThatCannotBeFramedIsClosed() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(server.localAddress(), 2_000);
            socket.setSoTimeout(2_000);
            byte[] ncl = Files.readAllBytes(Path.of("../wire/src/test/resources/rfc4475/ncl.dat"));
            socket.getOutputStream().write(ncl);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Pbx pbx = new Pbx()) {
            assertThat(pbx.request(options("after-tcp")).status()).isEqualTo(200);
        }
    }

    @Test
    void aFloodingSourceIsLimitedToItsBurstAndRate() throws Exception {
        server.close();
        server = start(5, 5);
        try (Pbx pbx = new Pbx()) {
            for (int i = 0; i < 50; i++) {
                pbx.send(options("flood-" + i));
            }
            int answers = 0;
            while (pbx.receiveOrNull(300) != null) {
                answers++;
            }
            assertThat(answers).isBetween(5, 8);
            assertThat(server.stats().rateLimited()).isGreaterThanOrEqualTo(42);
        }
    }

    /**
     * The attack: 22 failed digests with the IP-PBX's address (127.0.0.1) as their UDP source, answering a nonce the
     * attacker fetched from its own address (127.0.0.2). Before, they locked 127.0.0.1 out (20 failures a minute) and
     * the trunk's name too; now they prove nothing, count against no one, and the real IP-PBX still gets its 302.
     */
    @Test
    void failedDigestsFromASpoofedSourceDoNotLockTheRealIpPbxOut() throws Exception {
        server.close();
        server = start(0, 0, clock);
        String nonceOffer;
        try (Pbx attacker = new Pbx("127.0.0.2")) {
            nonceOffer = attacker.request(attacker.invite("alice", "z9hG4bK-fetch")).headers("Proxy-Authenticate").get(0);
        }
        try (Pbx spoofer = new Pbx("127.0.0.1")) { // stands in for datagrams forged with the IP-PBX's source address
            int failures = SourceRateLimit.MAX_AUTH_FAILURES + 2;
            for (int i = 0; i < failures; i++) {
                SipRequest forged = spoofer.invite("alice", "z9hG4bK-spoof" + i).withHeader("Call-ID", "spoof-" + i);
                spoofer.send(Trunks.authorized(forged, nonceOffer, "pbx-berlin", "guess " + i));
            }
            // The forger never sees these answers; the test reads them only to know the server has handled every one.
            int answered = 0;
            while (spoofer.receiveOrNull(300) != null) {
                answered++;
            }
            assertThat(answered).as("each forged INVITE was handled").isGreaterThanOrEqualTo(failures);
        }
        assertThat(server.stats().guessing().unproven()).isEqualTo(SourceRateLimit.MAX_AUTH_FAILURES + 2);
        assertThat(server.stats().guessing().trunks().failures()).isZero();

        try (Pbx pbx = new Pbx("127.0.0.1")) {
            SipRequest invite = pbx.invite("alice", "z9hG4bK-real");
            SipResponse challenge = pbx.request(invite);
            assertThat(challenge.status()).isEqualTo(407);
            SipResponse redirect = pbx.request(Trunks.authorized(invite, challenge.headers("Proxy-Authenticate").get(0),
                    "pbx-berlin", "correct horse"));
            assertThat(redirect.status()).isEqualTo(302);
        }
    }

    /**
     * The attack (sipvicious' svcrack from several addresses): 57 wrong passwords for one trunk spread over
     * 127.0.0.2, .3 and .4, 19 each, under the per-source lock-out of 20. Before, the right password then got its
     * 302; now the trunk's name locks after {@value TrunkGuessLimit#DEFAULT_MAX_FAILURES} and even the right password
     * is a 403 until the window has passed.
     */
    @Test
    void guessesSpreadOverThreeSourcesHitTheTrunksLimitAndEvenTheRightPasswordWaitsForTheWindow() throws Exception {
        server.close();
        server = start(0, 0, clock);
        List<Pbx> guessers = List.of(new Pbx("127.0.0.2"), new Pbx("127.0.0.3"), new Pbx("127.0.0.4"));
        try {
            int perSource = SourceRateLimit.MAX_AUTH_FAILURES - 1;
            for (Pbx guesser : guessers) {
                String id = guesser.socket.getLocalAddress().getHostAddress() + "-";
                SipRequest first = guesser.invite("alice", "z9hG4bK-n" + id);
                String offer = guesser.request(first).headers("Proxy-Authenticate").get(0);
                for (int i = 0; i < perSource; i++) {
                    SipRequest guess = guesser.invite("alice", "z9hG4bK-g" + id + i).withHeader("Call-ID", "guess-" + id + i);
                    assertThat(guesser.request(Trunks.authorized(guess, offer, "pbx-berlin", "guess " + i)).status())
                            .isEqualTo(403);
                }
            }
            Pbx last = guessers.get(2);
            SipRequest right = last.invite("alice", "z9hG4bK-right");
            String offer = last.request(right).headers("Proxy-Authenticate").get(0);
            SipResponse refused = last.request(Trunks.authorized(right, offer, "pbx-berlin", "correct horse"));
            assertThat(refused.status()).as("the right password while the trunk is locked").isEqualTo(403);
            assertThat(refused.reason()).isEqualTo("Forbidden (bad credentials)");
            assertThat(server.stats().guessing().trunks().lockouts()).isEqualTo(1);

            clock.advance(TrunkGuessLimit.DEFAULT_WINDOW.plusSeconds(1));
            try (Pbx pbx = new Pbx("127.0.0.5")) {
                SipRequest invite = pbx.invite("alice", "z9hG4bK-after");
                String fresh = pbx.request(invite).headers("Proxy-Authenticate").get(0);
                assertThat(pbx.request(Trunks.authorized(invite, fresh, "pbx-berlin", "correct horse")).status())
                        .as("after the window").isEqualTo(302);
            }
        } finally {
            guessers.forEach(Pbx::close);
        }
    }

    private SipRequest options(String id) {
        return new SipRequest("OPTIONS", "sip:redirect@127.0.0.1", List.of(), new byte[0])
                .addHeader("Via", "SIP/2.0/UDP 127.0.0.1:9;rport;branch=z9hG4bK-" + id)
                .addHeader("Max-Forwards", "70")
                .addHeader("From", "<sip:pbx@127.0.0.1>;tag=o")
                .addHeader("To", "<sip:redirect@127.0.0.1>")
                .addHeader("Call-ID", id)
                .addHeader("CSeq", "1 OPTIONS");
    }

    private static SipResponse parse(byte[] bytes) {
        if (SipCodec.parse(bytes, 0, bytes.length) instanceof SipParseResult.Parsed(SipResponse r)) {
            return r;
        }
        throw new AssertionError("not a response: " + new String(bytes, StandardCharsets.UTF_8));
    }

    private static SipResponse readResponse(InputStream in) throws Exception {
        StreamFramer framer = new StreamFramer(65_535);
        byte[] buffer = new byte[8192];
        while (true) {
            if (framer.next() instanceof StreamFramer.Frame.Message(byte[] bytes)) {
                return parse(bytes);
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("connection closed");
            }
            framer.append(buffer, 0, n);
        }
    }

    /** An IP-PBX on a UDP socket of its own, asking for rport. */
    private final class Pbx implements AutoCloseable {
        final DatagramSocket socket;

        Pbx() throws Exception {
            this("127.0.0.1");
        }

        /** A PBX sending from {@code ip} (any 127/8 address is loopback on Linux). */
        Pbx(String ip) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(ip, 0));
        }

        SipRequest invite(String user, String branch) {
            return Trunks.invite(user, branch, "UDP 127.0.0.1:9;rport");
        }

        SipRequest ack(SipRequest invite, SipResponse response) {
            return new SipRequest("ACK", invite.requestUri(), List.of(), new byte[0])
                    .addHeader("Via", invite.header("Via").orElseThrow())
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", invite.header("From").orElseThrow())
                    .addHeader("To", response.header("To").orElseThrow())
                    .addHeader("Call-ID", invite.callId())
                    .addHeader("CSeq", invite.cseq().number() + " ACK");
        }

        void send(SipRequest request) throws Exception {
            byte[] bytes = SipCodec.format(request);
            socket.send(new DatagramPacket(bytes, bytes.length, server.localAddress()));
        }

        byte[] exchange(SipRequest request) throws Exception {
            send(request);
            return receive(2_000);
        }

        SipResponse request(SipRequest request) throws Exception {
            return parse(exchange(request));
        }

        byte[] receive(int timeoutMillis) throws Exception {
            byte[] got = receiveOrNull(timeoutMillis);
            if (got == null) {
                throw new AssertionError("no answer within " + timeoutMillis + " ms");
            }
            return got;
        }

        byte[] receiveOrNull(int timeoutMillis) throws Exception {
            socket.setSoTimeout(timeoutMillis);
            byte[] buffer = new byte[65_535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(buffer, packet.getLength());
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
