package io.peerswitch.endpoint.media.session;

import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.wire.stun.MappedAddress;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import io.peerswitch.wire.stun.XorMappedAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * RTP ports bound ahead of the calls that will use them, each with the public address its NAT maps it
 * to — a STUN Binding on the port itself (FIG. 5 steps 502-504, for media), refreshed while the port
 * waits so the mapping stays open — so call control never waits for STUN. Behind no NAT, or without a
 * STUN server, a port's public address is its own. Thread-safe.
 */
public final class MediaPorts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MediaPorts.class.getName());
    /** Ports kept ready. */
    public static final int READY = 2;
    /** How old a waiting port's mapping may get before it is asked again (UDP pinholes live 30 s unanswered). */
    public static final Duration REFRESH = Duration.ofSeconds(15);
    private static final int STUN_ATTEMPTS = 3;
    private static final int STUN_WAIT_MILLIS = 400;

    /** A bound port and the address peers reach it at. */
    public record Ready(RtpMediaSession session, InetSocketAddress mapped, long mappedAtNanos) {
    }

    private final InetAddress bind;
    private final PortRange ports;
    private final InetAddress advertised;
    private final String cname;
    private final LinkedBlockingDeque<Ready> ready = new LinkedBlockingDeque<>();
    private final AtomicInteger opening = new AtomicInteger();
    private volatile Optional<InetSocketAddress> stunServer = Optional.empty();
    private volatile boolean closed;
    private final Thread refresher;

    /**
     * @param bind       where RTP ports are bound
     * @param advertised the address to name when no STUN server maps the port
     */
    public MediaPorts(InetAddress bind, PortRange ports, InetAddress advertised, String cname) {
        this.bind = bind;
        this.ports = ports;
        this.advertised = advertised;
        this.cname = cname;
        this.refresher = Thread.ofVirtual().name("media-ports").start(this::refreshLoop);
    }

    /**
     * Maps ports through {@code server} from now on (the NAT discovery found a NAT), or not at all
     * ({@code null}: no NAT, the bound address is public); ports made before are replaced.
     */
    public void useStun(InetSocketAddress server) {
        stunServer = Optional.ofNullable(server);
        Ready r;
        while ((r = ready.poll()) != null) {
            r.session().close();
        }
        fill();
    }

    /** A port for a call: a ready one, or one opened (and mapped) now when none is ready. */
    public Ready take() throws IOException {
        Ready r = ready.poll();
        fill();
        if (r != null) {
            return r;
        }
        return open();
    }

    private void fill() {
        if (closed) {
            return;
        }
        while (ready.size() + opening.get() < READY) {
            opening.incrementAndGet();
            Thread.ofVirtual().name("media-port").start(() -> {
                try {
                    Ready r = open();
                    if (closed) {
                        r.session().close();
                    } else {
                        ready.add(r);
                    }
                } catch (IOException e) {
                    LOG.warning(() -> "no RTP port made ready: " + e.getMessage());
                } finally {
                    opening.decrementAndGet();
                }
            });
        }
    }

    private Ready open() throws IOException {
        RtpMediaSession session = RtpMediaSession.open(bind, ports, cname);
        try {
            return new Ready(session, map(session), System.nanoTime());
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The port's public address: asked of the STUN server on the port's own socket, or its bound address. */
    private InetSocketAddress map(RtpMediaSession session) throws IOException {
        Optional<InetSocketAddress> server = stunServer;
        InetSocketAddress local = new InetSocketAddress(advertised, session.rtpPort());
        if (server.isEmpty()) {
            return local;
        }
        TransactionId id = TransactionId.random();
        byte[] request = StunCodec.encodeWithFingerprint(new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id, List.of()));
        var socket = session.rtpChannel().socket();
        socket.setSoTimeout(STUN_WAIT_MILLIS);
        byte[] buffer = new byte[1500];
        for (int attempt = 0; attempt < STUN_ATTEMPTS; attempt++) {
            session.rtpChannel().send(ByteBuffer.wrap(request), server.get());
            long end = System.nanoTime() + STUN_WAIT_MILLIS * 1_000_000L;
            while (System.nanoTime() < end) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (StunCodec.decode(ByteBuffer.wrap(buffer, 0, packet.getLength())) instanceof StunDecodeResult.Decoded(StunMessage m)
                        && m.transactionId().equals(id) && m.messageClass() == StunClass.SUCCESS_RESPONSE) {
                    Optional<InetSocketAddress> mapped = m.attribute(XorMappedAddress.class).map(XorMappedAddress::address)
                            .or(() -> m.attribute(MappedAddress.class).map(MappedAddress::address));
                    if (mapped.isPresent()) {
                        return mapped.get();
                    }
                }
            }
        }
        throw new IOException("no STUN answer from " + server.get() + " on RTP port " + session.rtpPort());
    }

    private void refreshLoop() {
        while (!closed) {
            try {
                Thread.sleep(REFRESH.dividedBy(3));
            } catch (InterruptedException e) {
                return;
            }
            int waiting = ready.size();
            for (int i = 0; i < waiting && !closed; i++) {
                Ready r = ready.poll();
                if (r == null) {
                    break;
                }
                if (System.nanoTime() - r.mappedAtNanos() < REFRESH.toNanos()) {
                    ready.addLast(r);
                    continue;
                }
                try {
                    ready.addLast(new Ready(r.session(), map(r.session()), System.nanoTime()));
                } catch (IOException e) {
                    LOG.fine(() -> "a waiting RTP port lost its mapping: " + e.getMessage());
                    r.session().close();
                }
            }
            fill();
        }
    }

    @Override
    public void close() {
        closed = true;
        refresher.interrupt();
        Ready r;
        while ((r = ready.poll()) != null) {
            r.session().close();
        }
    }
}
