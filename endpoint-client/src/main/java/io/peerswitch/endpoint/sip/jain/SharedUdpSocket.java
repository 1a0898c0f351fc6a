package io.peerswitch.endpoint.sip.jain;

import io.peerswitch.endpoint.nat.PeerPaths;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The endpoint's one UDP socket for SIP, shared with STUN: JAIN-SIP reads it, and every datagram that
 * cannot be SIP (SIP starts with a method token or "SIP/2.0"; STUN's first byte is 0 or 1, RFC 7983
 * section 7) is handed to {@code others} instead. Sending STUN through this socket makes the
 * NAT mapping STUN reports the one SIP uses.
 */
public final class SharedUdpSocket extends DatagramSocket {

    /** Most distinct peer addresses remembered (a bound on memory, not on traffic). */
    public static final int MAX_REMEMBERED_PEERS = 1024;

    /**
     * Decides, from the raw bytes, what of a SIP datagram goes on to the stack: the bytes to deliver
     * (possibly rewritten) and the source the stack is to see, or {@code null} when the filter answered or
     * dropped it itself. {@code reflected}: the datagram came from a reflector (FIG. 24 step 2406), so its
     * UDP source is not its sender.
     */
    public interface SipFilter {
        Admitted admit(byte[] buffer, int offset, int length, InetSocketAddress source, boolean reflected);
    }

    /** What a {@link SipFilter} lets through. */
    public record Admitted(byte[] bytes, InetSocketAddress source) {
    }

    private final Consumer<Datagram> others;
    private volatile SipFilter filter = null;
    private volatile PeerPaths paths = null;
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();

    public SharedUdpSocket(InetSocketAddress bind, Consumer<Datagram> others) throws SocketException {
        super(bind);
        this.others = others;
    }

    /** Installs the filter SIP datagrams must pass before the stack sees them. */
    public void setSipFilter(SipFilter filter) {
        this.filter = filter;
    }

    /**
     * Routes every datagram sent through {@code paths} (table 2300): straight, with a port captured, or
     * also through a peer's reflector; and recognises what arrives from a reflector.
     */
    public void setPeerPaths(PeerPaths paths) {
        this.paths = paths;
    }

    /** Every address this socket has sent to or received from (up to {@link #MAX_REMEMBERED_PEERS}). */
    public Set<InetSocketAddress> peers() {
        return Set.copyOf(peers);
    }

    @Override
    public void send(DatagramPacket packet) throws IOException {
        InetSocketAddress destination = (InetSocketAddress) packet.getSocketAddress();
        PeerPaths p = paths;
        if (p == null) {
            remember(destination);
            super.send(packet);
            return;
        }
        IOException failure = null;
        int sent = 0;
        for (PeerPaths.Hop hop : p.route(destination)) {
            try {
                switch (hop) {
                    case PeerPaths.Hop.Direct(InetSocketAddress to) -> {
                        remember(to);
                        super.send(to.equals(destination) ? packet
                                : new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), to));
                    }
                    case PeerPaths.Hop.Reflected(InetSocketAddress reflector, InetSocketAddress to) -> {
                        java.util.Optional<byte[]> wrapped = p.reflectors().wrap(reflector, to, packet.getData(), packet.getOffset(),
                                packet.getLength());
                        if (wrapped.isEmpty()) {
                            continue;
                        }
                        remember(reflector);
                        super.send(new DatagramPacket(wrapped.get(), wrapped.get().length, reflector));
                    }
                }
                sent++;
            } catch (IOException e) {
                failure = e;
            }
        }
        if (sent == 0 && failure != null) {
            throw failure;
        }
    }

    /** Sends {@code bytes} straight to {@code to}, whatever the peer paths say (a ping opens a pinhole to that address only). */
    public void sendDirect(byte[] bytes, InetSocketAddress to) throws IOException {
        remember(to);
        super.send(new DatagramPacket(bytes, bytes.length, to));
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        while (true) {
            super.receive(packet);
            remember((InetSocketAddress) packet.getSocketAddress());
            int length = packet.getLength();
            if (length > 0 && isSipStart(packet.getData()[packet.getOffset()])) {
                SipFilter f = filter;
                if (f == null) {
                    return;
                }
                InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
                PeerPaths p = paths;
                Admitted admitted = f.admit(packet.getData(), packet.getOffset(), length, source, p != null && p.isReflector(source));
                if (admitted != null && admitted.bytes().length <= packet.getData().length - packet.getOffset()) {
                    System.arraycopy(admitted.bytes(), 0, packet.getData(), packet.getOffset(), admitted.bytes().length);
                    packet.setLength(admitted.bytes().length);
                    if (!admitted.source().equals(source)) {
                        packet.setSocketAddress(admitted.source());
                    }
                    return;
                }
                packet.setLength(packet.getData().length - packet.getOffset());
                continue;
            }
            if (length > 0 && packet.getData()[packet.getOffset()] != '\r' && packet.getData()[packet.getOffset()] != '\n') {
                byte[] copy = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + length);
                others.accept(new Datagram(copy, (InetSocketAddress) packet.getSocketAddress()));
            }
            // An empty datagram or a CRLF keepalive (RFC 5626 section 4.4.1) needs no answer over UDP.
            packet.setLength(packet.getData().length - packet.getOffset());
        }
    }

    private void remember(InetSocketAddress peer) {
        if (peers.size() < MAX_REMEMBERED_PEERS) {
            peers.add(peer);
        }
    }

    /** Whether a datagram starting with {@code b} can be SIP: a method (a token, RFC 3261 section 25.1) or "SIP/2.0". */
    private static boolean isSipStart(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || "-.!%*_+`'~".indexOf(b) >= 0;
    }
}
