package io.peerswitch.reflector.reflect;

import io.peerswitch.wire.reflector.ReflectorKey;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.reflector.ReflectorToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Reflector packets for tests, sealed with test keys as an endpoint would seal them. */
final class Packets {

    static final ReflectorKey KEY = new ReflectorKey(7, bytes(32, 1));
    /** The same id as {@link #KEY} with another secret: what a forger without the secret would use. */
    static final ReflectorKey FORGED_KEY = new ReflectorKey(7, bytes(32, 99));
    static final ReflectorKeys KEYS = new ReflectorKeys(List.of(KEY, new ReflectorKey(3, bytes(32, 2))));

    private static final AtomicInteger NONCES = new AtomicInteger();

    private Packets() {
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    /** A token for {@code boundTo}, valid for an hour after {@code now}, under {@code key}. */
    static ReflectorToken.Issued token(ReflectorKey key, InetAddress boundTo, Instant now) {
        return ReflectorToken.issue(key, boundTo, now.plus(Duration.ofHours(1)), new SecureRandom());
    }

    /** A reach token for {@code destination}, valid for an hour after {@code now}, under {@code key}. */
    static byte[] reach(ReflectorKey key, InetAddress destination, Instant now) {
        return ReflectorToken.issueReach(key, destination, now.plus(Duration.ofHours(1)), new SecureRandom()).encoded();
    }

    /**
     * A packet sealed with {@code issued}'s packet key, with a nonce no other packet of this run has, carrying a genuine
     * reach token for its destination (the sender is a buddy of whoever is there).
     */
    static byte[] packet(ReflectorToken.Issued issued, Instant timestamp, InetSocketAddress presentAs, InetSocketAddress destination,
                         byte[] payload) {
        return packet(issued, reach(KEY, destination.getAddress(), timestamp), timestamp, presentAs, destination, payload);
    }

    /** A packet as {@link #packet(ReflectorToken.Issued, Instant, InetSocketAddress, InetSocketAddress, byte[])}, with {@code reach}. */
    static byte[] packet(ReflectorToken.Issued issued, byte[] reach, Instant timestamp, InetSocketAddress presentAs,
                         InetSocketAddress destination, byte[] payload) {
        return ReflectorPacket.encode(timestamp, NONCES.incrementAndGet(), presentAs, destination, issued.token().encoded(),
                reach, issued.packetKey(), payload, 0, payload.length);
    }
}
