package io.peerswitch.endpoint.nat;

import io.peerswitch.wire.nat.NatType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where this endpoint's packets to each peer go (table 2300 applied, FIG. 24-30). A peer is known by
 * the address it advertises (its routing-table entry, its Via and Contact), with its NAT type and the
 * reflector it keeps its pinhole open towards. Until the peer has been heard directly, a packet to it
 * goes straight to it (for us behind a restricted NAT, the "fake packet" that lets its answer in) and,
 * if its NAT drops unsolicited packets, through its reflector as well. Once a packet arrives straight
 * from it, that source is where it is reached (the "port capture" of a symmetric NAT) and only the
 * direct path is used — until the path has been silent for {@link #DIRECT_FRESHNESS}, when NAT pinholes
 * may have closed. Thread-safe: the socket's threads and the softswitch loop all use it.
 */
public final class PeerPaths {

    /** How long a direct path stays trusted after the last packet heard on it (UDP pinholes live 30 s unanswered). */
    public static final Duration DIRECT_FRESHNESS = Duration.ofSeconds(20);
    /** Most peers remembered (a bound on memory, not on calls). */
    public static final int MAX_PEERS = 4096;

    /** One way out for a packet. */
    public sealed interface Hop {
        /** Straight to this address. */
        record Direct(InetSocketAddress to) implements Hop {
        }

        /** Through {@code reflector}, which sends it on to {@code to} as if from itself. */
        record Reflected(InetSocketAddress reflector, InetSocketAddress to) implements Hop {
        }
    }

    /** What we know of a peer, by the address it advertises. */
    private record Peer(InetSocketAddress advertised, NatType nat, InetSocketAddress reflector, InetSocketAddress actual,
                        Instant heardDirectly) {

        Peer heard(InetSocketAddress source, Instant now) {
            return new Peer(advertised, nat, reflector, source, now);
        }
    }

    private final Clock clock;
    private final ReflectorAccess reflectors;
    private final Map<InetSocketAddress, Peer> byAdvertised = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, InetSocketAddress> advertisedByActual = new ConcurrentHashMap<>();
    private final java.util.Set<InetSocketAddress> reflectorAddresses = ConcurrentHashMap.newKeySet();

    public PeerPaths(Clock clock, ReflectorAccess reflectors) {
        this.clock = clock;
        this.reflectors = reflectors;
    }

    /** Learns (or updates) a peer from its routing-table entry or its Contact parameters. */
    public void learn(InetSocketAddress advertised, NatType nat, InetSocketAddress reflector) {
        if (byAdvertised.size() >= MAX_PEERS && !byAdvertised.containsKey(advertised)) {
            return;
        }
        if (reflector != null) {
            reflectorAddresses.add(reflector);
        }
        byAdvertised.merge(advertised, new Peer(advertised, nat == null ? NatType.UNKNOWN : nat, reflector, advertised, null),
                (old, fresh) -> new Peer(advertised, fresh.nat, fresh.reflector != null ? fresh.reflector : old.reflector,
                        old.actual, old.heardDirectly));
    }

    /** A reflector packets may come from (ours and every peer's): what arrives from it was reflected. */
    public void knowReflector(InetSocketAddress reflector) {
        reflectorAddresses.add(reflector);
    }

    /** Whether {@code source} is a reflector. */
    public boolean isReflector(InetSocketAddress source) {
        return reflectorAddresses.contains(source);
    }

    /**
     * A packet arrived straight from {@code source} (not reflected) from the peer that advertises
     * {@code advertised}: that is now the way to it (port capture, FIG. 26 step 2610, FIG. 28 step 2804).
     */
    public void heardDirectly(InetSocketAddress advertised, InetSocketAddress source) {
        Peer peer = byAdvertised.get(advertised);
        if (peer == null) {
            return;
        }
        Instant now = clock.instant();
        byAdvertised.put(advertised, peer.heard(source, now));
        if (!source.equals(advertised)) {
            advertisedByActual.put(source, advertised);
        }
    }

    /**
     * A packet arrived straight from {@code source} and nothing in it says which peer sent it (a
     * response without Contact): it is the peer at that IP address if exactly one known peer has it.
     */
    public Optional<InetSocketAddress> guessAdvertised(InetSocketAddress source) {
        if (byAdvertised.containsKey(source)) {
            return Optional.of(source);
        }
        InetSocketAddress known = advertisedByActual.get(source);
        if (known != null) {
            return Optional.of(known);
        }
        InetAddress ip = source.getAddress();
        List<InetSocketAddress> sameIp = byAdvertised.keySet().stream().filter(a -> a.getAddress().equals(ip)).limit(2).toList();
        return sameIp.size() == 1 ? Optional.of(sameIp.getFirst()) : Optional.empty();
    }

    /** The ways out for a packet the stack addressed to {@code destination}, in sending order. */
    public List<Hop> route(InetSocketAddress destination) {
        InetSocketAddress advertised = advertisedByActual.getOrDefault(destination, destination);
        Peer peer = byAdvertised.get(advertised);
        if (peer == null) {
            return List.of(new Hop.Direct(destination));
        }
        Instant now = clock.instant();
        if (peer.heardDirectly != null && now.isBefore(peer.heardDirectly.plus(DIRECT_FRESHNESS))) {
            return List.of(new Hop.Direct(peer.actual));
        }
        List<Hop> hops = new ArrayList<>(2);
        hops.add(new Hop.Direct(peer.actual));
        if (peer.reflector != null && TraversalTable.reflect(peer.nat) && reflectors.available()
                && reflectors.reaches(peer.advertised.getAddress())) {
            hops.add(new Hop.Reflected(peer.reflector, peer.advertised));
        }
        return List.copyOf(hops);
    }

    /** Whether the peer at {@code advertised} has been heard directly within {@link #DIRECT_FRESHNESS}. */
    public boolean direct(InetSocketAddress advertised) {
        Peer peer = byAdvertised.get(advertised);
        return peer != null && peer.heardDirectly != null && clock.instant().isBefore(peer.heardDirectly.plus(DIRECT_FRESHNESS));
    }

    /** The NAT type a peer advertised, if known. */
    public Optional<NatType> natOf(InetSocketAddress advertised) {
        return Optional.ofNullable(byAdvertised.get(advertisedByActual.getOrDefault(advertised, advertised))).map(Peer::nat);
    }

    /** The reflector of a peer, if known. */
    public Optional<InetSocketAddress> reflectorOf(InetSocketAddress advertised) {
        return Optional.ofNullable(byAdvertised.get(advertisedByActual.getOrDefault(advertised, advertised))).map(Peer::reflector);
    }

    /** What a peer at an IP address advertised: its NAT type and reflector (for media, whose port SIP does not name). */
    public record PeerInfo(NatType nat, InetSocketAddress reflector) {
    }

    /** The peer at {@code ip}, when the known peers at that address agree on NAT type and reflector. */
    public Optional<PeerInfo> atAddress(InetAddress ip) {
        List<PeerInfo> found = byAdvertised.values().stream().filter(p -> p.advertised.getAddress().equals(ip) || p.actual.getAddress().equals(ip))
                .map(p -> new PeerInfo(p.nat, p.reflector)).distinct().limit(2).toList();
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    /** How a peer is reached right now, in words for the CLI: direct, port captured, reflected. */
    public String describe(InetSocketAddress advertised) {
        Peer peer = byAdvertised.get(advertisedByActual.getOrDefault(advertised, advertised));
        if (peer == null) {
            return "direct (no NAT information)";
        }
        List<Hop> hops = route(peer.advertised);
        StringBuilder text = new StringBuilder();
        for (Hop hop : hops) {
            if (!text.isEmpty()) {
                text.append(" and ");
            }
            text.append(switch (hop) {
                case Hop.Direct(InetSocketAddress to) -> "direct to " + io.peerswitch.wire.nat.TransportAddress.of(to)
                        + (to.equals(peer.advertised) ? "" : " (port captured)");
                case Hop.Reflected(InetSocketAddress reflector, InetSocketAddress to) -> "reflected via "
                        + io.peerswitch.wire.nat.TransportAddress.of(reflector);
            });
        }
        return text + (direct(peer.advertised) ? ", heard directly" : ", not heard directly yet");
    }

    /** The reflector access these paths use. */
    public ReflectorAccess reflectors() {
        return reflectors;
    }
}
