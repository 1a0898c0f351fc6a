package io.peerswitch.reflector.reflect;

import io.peerswitch.reflector.stun.SharedSocketProtocol;
import io.peerswitch.wire.reflector.ReflectorPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stateless reflector of FIG. 24-25 on the STUN server's sockets: every datagram that starts with the
 * reflector packet's marker goes to the {@link ReflectionHandler}, whose payload, when it passes, leaves
 * untouched from the socket the packet asked to show as its source; everything is counted in
 * {@link ReflectionCounters}.
 */
public final class PacketReflector implements SharedSocketProtocol {

    private static final Logger LOG = Logger.getLogger(PacketReflector.class.getName());

    private final ReflectionHandler handler;
    private final ReflectionCounters counters = new ReflectionCounters();

    /** A reflector that follows {@code handler}'s verdicts. */
    public PacketReflector(ReflectionHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** What the reflector has done so far. */
    public ReflectionCounters counters() {
        return counters;
    }

    /**
     * Claims every datagram whose first byte is {@link ReflectorPacket#MARKER}, whatever its version, so that
     * packets of another version are counted as malformed reflector packets rather than as broken STUN.
     */
    @Override
    public boolean claims(byte[] datagram, int offset, int length) {
        return length > 0 && (datagram[offset] & 0xFF) == ReflectorPacket.MARKER;
    }

    @Override
    public void handle(byte[] datagram, int offset, int length, InetSocketAddress source, Sockets sockets) {
        counters.received.increment();
        try {
            switch (handler.handle(datagram, offset, length, source, sockets.addresses())) {
                case ReflectionHandler.Drop drop -> {
                    counters.drop(drop.reason());
                    LOG.fine(() -> "dropped a reflector packet from " + source + " (" + drop.reason().label() + "): " + drop.detail());
                }
                case ReflectionHandler.Forward forward -> forward(datagram, forward, source, sockets);
            }
        } catch (RuntimeException e) {
            // One peer's packet must cost that packet, not the service.
            counters.failed.increment();
            LOG.log(Level.SEVERE, "handling a reflector packet from " + source + " failed", e);
        }
    }

    private void forward(byte[] datagram, ReflectionHandler.Forward forward, InetSocketAddress source, Sockets sockets) {
        // Counted before sending, so that whoever receives the payload also sees it counted.
        counters.forwarded.increment();
        try {
            sockets.send(forward.from(), ByteBuffer.wrap(datagram, forward.payloadOffset(), forward.payloadLength()), forward.destination());
        } catch (IOException e) {
            counters.forwarded.decrement();
            counters.failed.increment();
            LOG.log(Level.FINE, "reflecting a packet from " + source + " to " + forward.destination() + " failed", e);
        } catch (RuntimeException e) {
            counters.forwarded.decrement();
            throw e;
        }
    }
}
