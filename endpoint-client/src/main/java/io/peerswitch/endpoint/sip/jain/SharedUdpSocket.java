package io.peerswitch.endpoint.sip.jain;

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
     * (possibly rewritten), or {@code null} when the filter answered or dropped it itself.
     */
    public interface SipFilter {
        byte[] admit(byte[] buffer, int offset, int length, InetSocketAddress source);
    }

    private final Consumer<Datagram> others;
    private volatile SipFilter filter = null;
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();

    public SharedUdpSocket(InetSocketAddress bind, Consumer<Datagram> others) throws SocketException {
        super(bind);
        this.others = others;
    }

    /** Installs the filter SIP datagrams must pass before the stack sees them. */
    public void setSipFilter(SipFilter filter) {
        this.filter = filter;
    }

    /** Every address this socket has sent to or received from (up to {@link #MAX_REMEMBERED_PEERS}). */
    public Set<InetSocketAddress> peers() {
        return Set.copyOf(peers);
    }

    @Override
    public void send(DatagramPacket packet) throws IOException {
        remember((InetSocketAddress) packet.getSocketAddress());
        super.send(packet);
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
                byte[] admitted = f.admit(packet.getData(), packet.getOffset(), length, (InetSocketAddress) packet.getSocketAddress());
                if (admitted != null && admitted.length <= packet.getData().length - packet.getOffset()) {
                    System.arraycopy(admitted, 0, packet.getData(), packet.getOffset(), admitted.length);
                    packet.setLength(admitted.length);
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
