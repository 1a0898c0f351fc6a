package io.peerswitch.endpoint.media.session;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A call's media counters (RFC 3550 section 6.4 report fields, seen locally): packets each way, lost,
 * interarrival jitter, malformed packets dropped, the codec, where RTP is going, every address RTP
 * was exchanged with, and the reflector it goes through when relayed (table 2300).
 *
 * @param relayedVia the reflector media goes through, or {@code null} when it goes straight to the peer
 * @param encrypted  whether media is SRTP under keys a DTLS handshake with the peer set (RFC 5764)
 */
public record MediaStats(long packetsSent, long packetsReceived, long lost, long jitterMillis, long malformed,
                         String codec, InetSocketAddress sendingTo, Instant lastReceived,
                         java.util.Set<InetSocketAddress> peers, InetSocketAddress relayedVia, boolean encrypted) {

    public MediaStats {
        peers = peers == null ? java.util.Set.of() : java.util.Set.copyOf(peers);
    }

    /** Counters of plain RTP. */
    public MediaStats(long packetsSent, long packetsReceived, long lost, long jitterMillis, long malformed, String codec,
                      InetSocketAddress sendingTo, Instant lastReceived, java.util.Set<InetSocketAddress> peers,
                      InetSocketAddress relayedVia) {
        this(packetsSent, packetsReceived, lost, jitterMillis, malformed, codec, sendingTo, lastReceived, peers, relayedVia, false);
    }
}
