package io.peerswitch.it;

import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.notice.Notice;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * A bare SIP user agent on one UDP socket for tests of the server's SIP face: builds SUBSCRIBE and
 * OPTIONS with our codec, waits for final responses, and answers and collects the server's NOTIFYs.
 */
final class SipPeer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final Deque<SipRequest> notifies = new ArrayDeque<>();
    private final String callId = UUID.randomUUID() + "@it";
    private int seq;

    SipPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout((int) WAIT.toMillis());
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Deployments.sipPort("main"));
    }

    int port() {
        return socket.getLocalPort();
    }

    /** A new SUBSCRIBE to the event package "peerswitch" (RFC 6665 section 4.1.2.1) as {@code user}, unsigned. */
    SipRequest subscribe(String user, int expires) {
        return base("SUBSCRIBE", user, null)
                .addHeader("Event", "peerswitch")
                .addHeader("Expires", Integer.toString(expires));
    }

    /** A SUBSCRIBE refreshing (or, with 0, ending) the subscription {@code ok} created, unsigned. */
    SipRequest inDialog(SipRequest initial, SipResponse ok, int expires) {
        return base("SUBSCRIBE", initial.from().uri().substring(4, initial.from().uri().indexOf('@')), ok.to().tag().orElseThrow())
                .addHeader("Event", "peerswitch")
                .addHeader("Expires", Integer.toString(expires));
    }

    /** {@code request} signed as an endpoint signs (RFC 8224 compact form, docs/security.md) with {@code key}. */
    static SipRequest signed(SipRequest request, java.security.PrivateKey key, String credential) throws Exception {
        return io.peerswitch.wire.identity.SipSignatures.sign(request, key, io.peerswitch.wire.identity.LocationCredential.verify(
                credential, authorityKeyOf(request), java.time.Instant.now()), java.time.Instant.now());
    }

    private static java.security.PublicKey authority;

    /** Remembers the access server's authority key (from a login answer), to read credentials with. */
    static void authority(String certificate) throws Exception {
        authority = io.peerswitch.wire.identity.LocationCertificate.authority(
                io.peerswitch.wire.identity.Der.decode(certificate, "authority")).getPublicKey();
    }

    private static java.security.PublicKey authorityKeyOf(SipRequest request) {
        return authority;
    }

    /** The last NOTIFY {@link #notice()} returned, as it came. */
    SipRequest lastNotify() {
        return lastNotify;
    }

    private SipRequest lastNotify;

    SipRequest options() {
        return base("OPTIONS", "it", null);
    }

    /** Sends {@code datagram} as it is, whatever it holds. */
    void raw(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
    }

    /**
     * Sends {@code request} and returns its final response, answering NOTIFYs that arrive meanwhile; over
     * UDP the request is retransmitted at 500 ms, doubling to 4 s, for 32 s (RFC 3261 section 17.1.2.2).
     */
    SipResponse request(SipRequest request) throws IOException {
        byte[] bytes = SipCodec.format(request);
        String branch = request.vias().getFirst().branch().orElseThrow();
        long giveUp = System.nanoTime() + Duration.ofSeconds(32).toNanos();
        int interval = 500;
        while (true) {
            socket.send(new DatagramPacket(bytes, bytes.length, server));
            long resend = System.nanoTime() + Duration.ofMillis(interval).toNanos();
            while (System.nanoTime() < resend) {
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(resend - System.nanoTime()).toMillis()));
                Object received;
                try {
                    received = receive();
                } catch (Timeout e) {
                    break;
                } finally {
                    socket.setSoTimeout((int) WAIT.toMillis());
                }
                switch (received) {
                    case SipResponse r when r.status() >= 200 && r.vias().getFirst().branch().orElse("").equals(branch) -> {
                        return r;
                    }
                    case SipRequest notify -> notifies.add(notify);
                    default -> { }
                }
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("no final response to " + request.method() + " within 32 s");
            }
            interval = Math.min(interval * 2, 4000);
        }
    }

    /** The next NOTIFY's notice; the NOTIFY is answered 200. */
    Notice notice() throws IOException {
        while (notifies.isEmpty()) {
            if (receive() instanceof SipRequest r) {
                notifies.add(r);
            }
        }
        SipRequest notify = notifies.poll();
        lastNotify = notify;
        try {
            return WireJson.decode(notify.body(), Notice.class);
        } catch (MalformedJsonException e) {
            throw new AssertionError("a NOTIFY body that is not a notice: " + notify, e);
        }
    }

    private Object receive() throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new Timeout("nothing from the SIP face within " + socket.getSoTimeout() + " ms");
        }
        return switch (SipCodec.parse(buffer, 0, packet.getLength())) {
            case SipParseResult.Parsed(SipRequest r) -> {
                byte[] ok = SipCodec.format(SipResponses.reply(r, 200, "OK"));
                socket.send(new DatagramPacket(ok, ok.length, packet.getSocketAddress()));
                yield r;
            }
            case SipParseResult.Parsed(SipResponse r) -> r;
            default -> {
                String text = new String(buffer, 0, packet.getLength(), java.nio.charset.StandardCharsets.UTF_8);
                System.out.println("SipPeer: the SIP face sent what our codec cannot parse:\n" + text);
                yield text;
            }
        };
    }

    private SipRequest base(String method, String user, String toTag) {
        seq++;
        String me = "127.0.0.1:" + port();
        return new SipRequest(method, "sip:" + server.getAddress().getHostAddress() + ":" + server.getPort(), List.of(), new byte[0])
                .addHeader("Via", "SIP/2.0/UDP " + me + ";branch=z9hG4bK-it-" + UUID.randomUUID() + ";rport")
                .addHeader("Max-Forwards", "70")
                .addHeader("From", "<sip:" + user + "@peerswitch.test>;tag=it-" + port())
                .addHeader("To", "<sip:" + user + "@peerswitch.test>" + (toTag == null ? "" : ";tag=" + toTag))
                .addHeader("Call-ID", callId)
                .addHeader("CSeq", seq + " " + method)
                .addHeader("Contact", "<sip:" + user + "@" + me + ">");
    }

    /** Nothing arrived in time. */
    static final class Timeout extends AssertionError {
        Timeout(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
