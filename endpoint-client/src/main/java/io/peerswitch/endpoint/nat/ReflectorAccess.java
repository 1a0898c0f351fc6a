package io.peerswitch.endpoint.nat;

import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.session.ReflectorGrant;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * This endpoint's permission to use the stateless reflectors (FIG. 24-25): the access server's grant,
 * and the offset between our clock and the server's, so packet timestamps are in the reflectors' time.
 * Thread-safe: the sockets wrap packets on their own threads.
 */
public final class ReflectorAccess {

    private record Current(byte[] token, byte[] packetKey, Instant expiresAt, Duration offset) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Current current;

    public ReflectorAccess(Clock clock) {
        this.clock = clock;
    }

    /** Takes a grant from a login or keepalive answer; {@code null} (the server has no reflectors) withdraws it. */
    public void grant(ReflectorGrant grant) {
        if (grant == null) {
            current = null;
            return;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        current = new Current(b64.decode(grant.token()), b64.decode(grant.packetKey()), grant.expiresAt(),
                Duration.between(clock.instant(), grant.issuedAt()));
    }

    /** Forgets the grant (logout). */
    public void revoke() {
        current = null;
    }

    /** Whether packets can be reflected now. */
    public boolean available() {
        Current c = current;
        return c != null && serverNow(c).isBefore(c.expiresAt());
    }

    /**
     * The reflector packet that makes {@code reflector} send {@code payload} to {@code destination} as if
     * from itself (FIG. 24 step 2402), or empty without a valid grant.
     */
    public Optional<byte[]> wrap(InetSocketAddress reflector, InetSocketAddress destination, byte[] payload, int offset, int length) {
        Current c = current;
        if (c == null || reflector.getAddress().getClass() != destination.getAddress().getClass()) {
            return Optional.empty();
        }
        Instant now = serverNow(c);
        if (!now.isBefore(c.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(ReflectorPacket.encode(now, random.nextInt(), reflector, destination, c.token(), c.packetKey(),
                payload, offset, length));
    }

    private Instant serverNow(Current c) {
        return clock.instant().plus(c.offset());
    }
}
