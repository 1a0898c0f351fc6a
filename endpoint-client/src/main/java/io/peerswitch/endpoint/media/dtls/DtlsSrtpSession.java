package io.peerswitch.endpoint.media.dtls;

import io.peerswitch.endpoint.media.srtp.SrtpReceiver;
import io.peerswitch.endpoint.media.srtp.SrtpResult;
import io.peerswitch.endpoint.media.srtp.SrtpSender;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.bouncycastle.tls.DTLSTransport;

/**
 * The security of one call's media (RFC 5764 section 5): a DTLS handshake on a thread of its own, then SRTP and
 * SRTCP with the keys it exported. Until the handshake ends nothing is sent and nothing received counts;
 * afterwards only packets that pass SRTP authentication reach the media session (and may move its path).
 * Thread-safe: the media sender and receivers call it from their threads.
 */
public final class DtlsSrtpSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DtlsSrtpSession.class.getName());
    private static final int READ_WAIT_MILLIS = 1000;

    /** Where the handshake stands (RFC 5764 section 5.1). */
    public enum State { HANDSHAKING, ESTABLISHED, FAILED, CLOSED }

    private final DtlsSrtpHandshake.Role role;
    private final DtlsCertificate certificate;
    private final Fingerprint expected;
    private final DatagramQueue transport;
    private final AtomicLong refused = new AtomicLong();
    private volatile State state = State.HANDSHAKING;
    private volatile String failure;
    private volatile boolean heardPeer;
    private volatile SrtpSender sender;
    private volatile SrtpReceiver receiver;
    private volatile DTLSTransport connection;
    private Thread thread;

    /**
     * @param role         DTLS client or server (RFC 5763 section 5)
     * @param certificate  this endpoint's certificate
     * @param expected     the fingerprint the peer's authenticated SDP named: the only certificate accepted
     * @param out          sends a DTLS datagram towards the peer (straight or through the reflector)
     */
    public DtlsSrtpSession(DtlsSrtpHandshake.Role role, DtlsCertificate certificate, Fingerprint expected,
                           DatagramQueue.Sender out) {
        this.role = role;
        this.certificate = certificate;
        this.expected = expected;
        this.transport = new DatagramQueue(out);
    }

    /** Starts the handshake on a virtual thread of its own; idempotent. */
    public synchronized void start(String name) {
        if (thread == null) {
            thread = Thread.ofVirtual().name("dtls-" + name).start(this::run);
        }
    }

    private void run() {
        try {
            DtlsSrtpHandshake.Established done = DtlsSrtpHandshake.run(role, certificate, expected, transport);
            sender = new SrtpSender(done.sending());
            receiver = new SrtpReceiver(done.receiving());
            connection = done.connection();
            state = State.ESTABLISHED;
            LOG.fine(() -> "DTLS-SRTP established as " + role + " (" + done.sending().profile() + ")");
            byte[] scratch = new byte[transport.getReceiveLimit()];
            while (state == State.ESTABLISHED) {
                // Keeps the record layer going: a peer that lost our last flight retransmits its own and gets ours again.
                done.connection().receive(scratch, 0, scratch.length, READ_WAIT_MILLIS);
            }
        } catch (IOException | RuntimeException e) {
            if (state != State.CLOSED) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + (cause != e ? " (" + cause + ")" : "");
                LOG.log(java.util.logging.Level.FINE, "DTLS " + role, e);
                boolean wasEstablished = state == State.ESTABLISHED;
                if (!wasEstablished) {
                    state = State.FAILED;
                }
                LOG.info(() -> "DTLS " + (wasEstablished ? "connection ended" : "handshake failed") + " (" + role + "): " + failure);
            }
        }
    }

    /** Hands over a datagram whose first byte says DTLS (RFC 7983: 20 to 63), from a source the media path admits. */
    public void onDtls(byte[] datagram) {
        heardPeer = true;
        transport.offer(datagram);
    }

    /** Whether any DTLS came from the peer (then its NAT is open towards us and no more punching is needed). */
    public boolean heardPeer() {
        return heardPeer;
    }

    public State state() {
        return state;
    }

    /** Whether the handshake gave keys (true from then on, after the session closed too). */
    public boolean keyed() {
        return sender != null;
    }

    /** Why the handshake failed, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** SRTP of an RTP packet, or empty before the keys exist. */
    public synchronized Optional<byte[]> protectRtp(byte[] packet, int offset, int length) {
        SrtpSender s = sender;
        return s == null ? Optional.empty() : Optional.of(s.protectRtp(packet, offset, length));
    }

    /** SRTCP of an RTCP compound packet, or empty before the keys exist. */
    public synchronized Optional<byte[]> protectRtcp(byte[] packet, int offset, int length) {
        SrtpSender s = sender;
        return s == null ? Optional.empty() : Optional.of(s.protectRtcp(packet, offset, length));
    }

    /** The RTP packet inside an authenticated SRTP packet; empty (and counted) for anything else or before the keys. */
    public Optional<byte[]> unprotectRtp(byte[] packet, int offset, int length) {
        return unprotect(r -> r.unprotectRtp(packet, offset, length));
    }

    /** The RTCP inside an authenticated SRTCP packet; empty (and counted) otherwise. */
    public Optional<byte[]> unprotectRtcp(byte[] packet, int offset, int length) {
        return unprotect(r -> r.unprotectRtcp(packet, offset, length));
    }

    private Optional<byte[]> unprotect(java.util.function.Function<SrtpReceiver, SrtpResult> check) {
        SrtpReceiver r = receiver;
        if (r == null) {
            refused.incrementAndGet();
            return Optional.empty();
        }
        SrtpResult result;
        synchronized (r) {
            result = check.apply(r);
        }
        return plain(result);
    }

    private Optional<byte[]> plain(SrtpResult result) {
        if (result instanceof SrtpResult.Plain(byte[] packet)) {
            return Optional.of(packet);
        }
        refused.incrementAndGet();
        return Optional.empty();
    }

    /** Packets refused: before the keys, failing authentication, replayed, or malformed. */
    public long refused() {
        return refused.get();
    }

    /** DTLS datagrams dropped because the handshake's queue was full. */
    public long dtlsDropped() {
        return transport.dropped();
    }

    @Override
    public void close() {
        state = State.CLOSED;
        DTLSTransport c = connection;
        if (c != null) {
            try {
                c.close(); // close_notify (RFC 5246 section 7.2.1)
            } catch (IOException e) {
                LOG.fine(() -> "DTLS close: " + e.getMessage());
            }
        }
        transport.close();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
