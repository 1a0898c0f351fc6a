package io.peerswitch.reflector.reflect;

import io.peerswitch.reflector.stun.StunAddresses;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.reflector.ReflectorToken;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stateless reflector does with one datagram (FIG. 24-25): check the sealed header on its own,
 * then either forward the payload, untouched, from the socket the header names, or drop it for a
 * {@link DropReason}. No socket here; the only memory is the shared, bounded {@link ReplayFilter} and
 * {@link RateLimiter}, and time comes from the injected clock.
 *
 * <p>The cheap checks of form come first; then the token and the MAC, the costly ones; every later check
 * judges a claim of the header and runs only once the MAC has proven the header genuine (among them the
 * reach token: the destination must be one the access server let the sender reach), so that its
 * counter speaks of our own users' packets only, and strangers cannot fill the replay filter or use up
 * another address's rate. The payload forwarded is always shorter than the datagram received: the
 * reflector never amplifies.
 */
public final class ReflectionHandler {

    /** The longest datagram considered, an Ethernet MTU's worth (as {@link io.peerswitch.wire.stun.StunCodec#MAX_MESSAGE_SIZE}). */
    public static final int MAX_DATAGRAM_BYTES = 1500;

    /**
     * How far a packet's timestamp may be from the reflector's clock, either way: senders set their clock to
     * the access server's at login, and a replay must come within twice this of the original.
     */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(5);

    private static final long MAX_CLOCK_SKEW_MILLIS = MAX_CLOCK_SKEW.toMillis();

    /** What to do with a datagram. */
    public sealed interface Verdict {
    }

    /**
     * Send {@code datagram[payloadOffset, payloadOffset+payloadLength)} to {@code destination} from the socket
     * of {@code from}.
     */
    public record Forward(StunAddresses.Slot from, InetSocketAddress destination, int payloadOffset, int payloadLength)
            implements Verdict {

        public Forward {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** Send nothing; {@code detail} says more than {@code reason}, for a debug log. */
    public record Drop(DropReason reason, String detail) implements Verdict {

        public Drop {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private static final Drop OVERSIZED = new Drop(DropReason.OVERSIZED, "longer than " + MAX_DATAGRAM_BYTES + " bytes");
    private static final Drop NO_KEYS = new Drop(DropReason.UNAUTHENTICATED, "the reflector has no keys (--key-file)");
    private static final Drop BAD_MAC = new Drop(DropReason.UNAUTHENTICATED, "wrong MAC");
    private static final Drop STALE = new Drop(DropReason.STALE, "timestamp more than " + MAX_CLOCK_SKEW.toSeconds() + " s from our clock");
    private static final Drop REPLAYED = new Drop(DropReason.REPLAYED, "MAC seen before");
    private static final Drop BAD_PRESENT_AS = new Drop(DropReason.BAD_PRESENT_AS, "present-as is none of our sockets");
    private static final Drop RATE_LIMITED = new Drop(DropReason.RATE_LIMITED, "source over its rate");

    private final Optional<ReflectorKeys> keys;
    private final Clock clock;
    private final ReplayFilter replays;
    private final RateLimiter rates;

    /**
     * A handler that checks tokens against {@code keys} (none: every packet is unauthenticated), reads the
     * time from {@code clock}, and shares {@code replays} and {@code rates} with every thread that uses it.
     *
     * @throws IllegalArgumentException if {@code replays} forgets sooner than a replay can still be fresh
     */
    public ReflectionHandler(Optional<ReflectorKeys> keys, Clock clock, ReplayFilter replays, RateLimiter rates) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.rates = Objects.requireNonNull(rates, "rates");
        if (replays.memory().compareTo(MAX_CLOCK_SKEW.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the replay filter remembers " + replays.memory() + ", less than the "
                    + MAX_CLOCK_SKEW.multipliedBy(2) + " a packet stays fresh");
        }
    }

    /** Whether the handler can authenticate packets at all. */
    public boolean enabled() {
        return keys.isPresent();
    }

    /**
     * The verdict on {@code datagram[offset, offset+length)}, received from {@code source} by a reflector whose
     * sockets are {@code addresses}; never throws on any content.
     */
    public Verdict handle(byte[] datagram, int offset, int length, InetSocketAddress source, StunAddresses addresses) {
        if (length > MAX_DATAGRAM_BYTES) {
            return OVERSIZED;
        }
        ReflectorPacket packet;
        switch (ReflectorPacket.decode(datagram, offset, length)) {
            case ReflectorPacket.Decoded.Malformed malformed -> {
                return new Drop(DropReason.MALFORMED, malformed.reason());
            }
            case ReflectorPacket.Decoded.Packet decoded -> packet = decoded.packet();
        }
        if (keys.isEmpty()) {
            return NO_KEYS;
        }
        Instant now = clock.instant();
        // The tokens are checked in place, without a copy.
        int tokenLength = datagram[offset + 3] & 0xFF;
        byte[] packetKey;
        switch (ReflectorToken.check(datagram, packet.tokenOffset(), tokenLength, keys.get(), now, source.getAddress())) {
            case ReflectorToken.Check.Forged forged -> {
                return new Drop(DropReason.UNAUTHENTICATED, "token: " + forged.reason());
            }
            case ReflectorToken.Check.Expired expired -> {
                return new Drop(DropReason.EXPIRED, "token expired at " + expired.expiresAt());
            }
            case ReflectorToken.Check.WrongSource wrong -> {
                return new Drop(DropReason.WRONG_SOURCE, "token bound to " + wrong.boundAddress().getHostAddress());
            }
            case ReflectorToken.Check.Valid valid -> packetKey = valid.packetKey();
        }
        if (!packet.verify(datagram, offset, packetKey)) {
            return BAD_MAC;
        }
        // A difference, not an absolute value: Math.abs(Long.MIN_VALUE) is negative.
        long skew = packet.timestamp().toEpochMilli() - now.toEpochMilli();
        if (skew < -MAX_CLOCK_SKEW_MILLIS || skew > MAX_CLOCK_SKEW_MILLIS) {
            return STALE;
        }
        if (replays.seen(datagram, packet.macOffset(), now)) {
            return REPLAYED;
        }
        String problem = destinationProblem(packet.destination(), addresses);
        if (problem != null) {
            return new Drop(DropReason.BAD_DESTINATION, problem);
        }
        String forbidden = reachProblem(datagram, packet, now);
        if (forbidden != null) {
            return new Drop(DropReason.FORBIDDEN_DESTINATION, forbidden);
        }
        StunAddresses.Slot from = slotOf(packet.presentAs(), addresses);
        if (from == null) {
            return BAD_PRESENT_AS;
        }
        if (!rates.tryAcquire(source.getAddress(), now)) {
            return RATE_LIMITED;
        }
        return new Forward(from, packet.destination(), packet.payloadOffset(), packet.payloadLength());
    }

    /**
     * Why the packet's reach token does not let its sender reach its destination, or null: it must be a genuine,
     * unexpired {@link ReflectorToken.Purpose#REACH} token bound to the destination's IP address, which the access
     * server hands only to the buddies of whoever is at that address (docs/reflector.md, "The reach token").
     */
    private String reachProblem(byte[] datagram, ReflectorPacket packet, Instant now) {
        int length = packet.macOffset() - packet.reachOffset();
        return switch (ReflectorToken.check(ReflectorToken.Purpose.REACH, datagram, packet.reachOffset(), length, keys.get(), now,
                packet.destination().getAddress())) {
            case ReflectorToken.Check.Valid valid -> null;
            case ReflectorToken.Check.Forged forged -> "reach token: " + forged.reason();
            case ReflectorToken.Check.Expired expired -> "reach token expired at " + expired.expiresAt();
            case ReflectorToken.Check.WrongSource wrong -> "reach token for " + wrong.boundAddress().getHostAddress() + ", not the destination";
        };
    }

    /**
     * Why the reflector must not send to {@code destination}, or null: addresses no single peer has, port 0,
     * its own sockets (a loop), the host's own scopes (loopback, link-local) unless the reflector itself
     * is bound there, and private ranges unless it is bound in one (or on loopback, a lab).
     */
    static String destinationProblem(InetSocketAddress destination, StunAddresses addresses) {
        InetAddress ip = destination.getAddress();
        InetAddress bound = addresses.primary().getAddress();
        if (destination.getPort() == 0) {
            return "port 0";
        }
        if (ip.isAnyLocalAddress()) {
            return "unspecified address";
        }
        if (ip.isMulticastAddress()) {
            return "multicast address";
        }
        if (ip instanceof Inet4Address) {
            int first = ip.getAddress()[0] & 0xFF;
            if (first == 0) {
                return "\"this network\" address (0.0.0.0/8)";
            }
            if (first >= 240) {
                return "broadcast or reserved address (240.0.0.0/4)";
            }
        }
        if (ip.isLoopbackAddress() && !bound.isLoopbackAddress()) {
            return "loopback address";
        }
        if (ip.isLinkLocalAddress() && !bound.isLinkLocalAddress()) {
            return "link-local address";
        }
        if (isPrivate(ip) && !isPrivate(bound) && !bound.isLoopbackAddress()) {
            // Issue 12: a public reflector must not become a way into the networks behind it.
            return "private address (RFC 1918, RFC 6598, RFC 4193)";
        }
        if (slotOf(destination, addresses) != null) {
            return "the reflector's own socket";
        }
        return null;
    }

    /**
     * Whether {@code ip} is in a range no Internet peer has: RFC 1918 (10/8, 172.16/12, 192.168/16), the
     * shared address space of carrier-grade NAT (RFC 6598, 100.64/10), IPv6 unique local (RFC 4193, fc00::/7).
     */
    static boolean isPrivate(InetAddress ip) {
        byte[] a = ip.getAddress();
        if (ip instanceof Inet4Address) {
            int first = a[0] & 0xFF;
            int second = a[1] & 0xFF;
            return first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
        }
        return (a[0] & 0xFE) == 0xFC;
    }

    /**
     * The slot whose socket has {@code address}, or null. A wildcard primary (one socket, no alternate)
     * stands for every address of its family on its port, since it receives for all of them.
     */
    static StunAddresses.Slot slotOf(InetSocketAddress address, StunAddresses addresses) {
        InetSocketAddress primary = addresses.primary();
        if (addresses.alternate().isEmpty()) {
            return address.getPort() == primary.getPort() && covers(primary.getAddress(), address.getAddress())
                    ? StunAddresses.Slot.PRIMARY : null;
        }
        InetSocketAddress alternate = addresses.alternate().get();
        int ip = primary.getAddress().equals(address.getAddress()) ? 0 : alternate.getAddress().equals(address.getAddress()) ? 1 : -1;
        int port = primary.getPort() == address.getPort() ? 0 : alternate.getPort() == address.getPort() ? 1 : -1;
        return ip < 0 || port < 0 ? null : new StunAddresses.Slot(ip, port);
    }

    /** Whether a socket bound to {@code bound} receives for {@code ip}: the same, or a wildcard of its family (IPv6 is dual stack). */
    private static boolean covers(InetAddress bound, InetAddress ip) {
        if (bound.isAnyLocalAddress()) {
            return bound instanceof Inet6Address || ip instanceof Inet4Address;
        }
        return bound.equals(ip);
    }
}
