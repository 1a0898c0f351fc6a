package io.peerswitch.endpoint.nat;

import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.session.ReflectorGrant;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This endpoint's permission to use the stateless reflectors (FIG. 24-25): the access server's grant, the
 * offset between our clock and the server's, so packet timestamps are in the reflectors' time, and the reach
 * tokens of our buddies' addresses, without which the reflectors send nowhere (docs/reflector.md). Only the
 * access server feeds it, over TLS. Thread-safe: the sockets wrap packets on their own threads.
 */
public final class ReflectorAccess {

    /** Most addresses whose reach tokens are kept: far more than a buddy list's locations. */
    public static final int MAX_REACH = ReflectorGrant.MAX_REACH;

    private record Current(byte[] token, byte[] packetKey, Instant expiresAt, Duration offset) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Current current;
    /** The reach token of each buddy address, the one valid longest; bounded by {@link #MAX_REACH}. */
    private final ConcurrentHashMap<InetAddress, ReflectorToken> reach = new ConcurrentHashMap<>();

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
        grant.reach().forEach(this::allow);
    }

    /**
     * Takes a buddy location's reach token (Base64, from the access server's routing entry or grant): packets for
     * its address may go through the reflectors until it expires. A token that does not parse is ignored.
     */
    public void allow(String base64) {
        if (base64 == null) {
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return;
        }
        Optional<ReflectorToken> parsed = ReflectorToken.parse(bytes, 0, bytes.length);
        if (parsed.isEmpty()) {
            return;
        }
        ReflectorToken token = parsed.get();
        if (reach.size() >= MAX_REACH && !reach.containsKey(token.boundAddress())) {
            Instant now = serverNow();
            reach.values().removeIf(t -> !now.isBefore(t.expiresAt()));
            if (reach.size() >= MAX_REACH) {
                return;
            }
        }
        reach.merge(token.boundAddress(), token, (old, fresh) -> fresh.expiresAt().isAfter(old.expiresAt()) ? fresh : old);
    }

    /** Whether the reflectors would send to {@code destination} for us now: we hold a reach token for it. */
    public boolean reaches(InetAddress destination) {
        ReflectorToken token = reach.get(destination);
        return token != null && serverNow().isBefore(token.expiresAt());
    }

    /** Forgets the grant and the reach tokens (logout). */
    public void revoke() {
        current = null;
        reach.clear();
    }

    /** Whether packets can be reflected now. */
    public boolean available() {
        Current c = current;
        return c != null && serverNow(c).isBefore(c.expiresAt());
    }

    /**
     * The reflector packet that makes {@code reflector} send {@code payload} to {@code destination} as if
     * from itself (FIG. 24 step 2402), or empty without a valid grant or a valid reach token for the destination.
     */
    public Optional<byte[]> wrap(InetSocketAddress reflector, InetSocketAddress destination, byte[] payload, int offset, int length) {
        Current c = current;
        if (c == null || reflector.getAddress().getClass() != destination.getAddress().getClass()) {
            return Optional.empty();
        }
        Instant now = serverNow(c);
        ReflectorToken to = reach.get(destination.getAddress());
        if (!now.isBefore(c.expiresAt()) || to == null || !now.isBefore(to.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(ReflectorPacket.encode(now, random.nextInt(), reflector, destination, c.token(), to.encoded(),
                c.packetKey(), payload, offset, length));
    }

    private Instant serverNow(Current c) {
        return clock.instant().plus(c.offset());
    }

    private Instant serverNow() {
        Current c = current;
        return c == null ? clock.instant() : serverNow(c);
    }
}
