package io.peerswitch.reflector.stun;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A protocol that shares the STUN server's UDP sockets, told apart from STUN by the first byte of each
 * datagram (RFC 7983 section 7), such as the stateless reflector of FIG. 24, which must send from the very
 * socket endpoints keep a NAT pinhole open toward.
 */
public interface SharedSocketProtocol {

    /**
     * Whether {@code datagram[offset, offset+length)} belongs to this protocol rather than to STUN, judged
     * from its first bytes alone; everything it does not claim is decoded as STUN.
     */
    boolean claims(byte[] datagram, int offset, int length);

    /**
     * Handles a claimed datagram from {@code source}, on the thread that read it; it must not block for long
     * and should not throw (the server counts anything thrown as a STUN failure and carries on). A datagram
     * longer than {@link io.peerswitch.wire.stun.StunCodec#MAX_MESSAGE_SIZE} arrives cut to one byte more
     * than that, so that it still shows as too long.
     */
    void handle(byte[] datagram, int offset, int length, InetSocketAddress source, Sockets sockets);

    /** The server's sockets as a sharing protocol sees them. */
    interface Sockets {

        /** Every address the server is bound to, with the primary's port as bound. */
        StunAddresses addresses();

        /** Sends {@code datagram} to {@code destination} from the socket of {@code from}. */
        void send(StunAddresses.Slot from, ByteBuffer datagram, InetSocketAddress destination) throws IOException;
    }
}
