package io.peerswitch.endpoint.nat;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.stun.ChangeRequest;
import io.peerswitch.wire.stun.StunAttribute;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * Classifies the NAT in front of a socket into the five types of table 2300 (FIG. 22-23) with the
 * tests of RFC 3489 section 10.1, asked of a server that offers an alternate address (RFC 5780
 * OTHER-ADDRESS, section 7.4). Test I learns the mapping; test II (change IP and port) tells full cone
 * from the rest; test I to the alternate address tells symmetric (a new mapping per destination);
 * test III (change port) tells restricted from port-restricted filtering. Pure decisions over a
 * {@link Prober}, so the tests drive it without sockets.
 *
 * <p>Test II must not follow any packet to the alternate address from the same socket, or a
 * port-restricted NAT would admit its answer: it runs (with test III) before the alternate is asked.
 */
public final class NatDiscovery {

    /** One Binding request; completes empty when nothing answered in time. */
    @FunctionalInterface
    public interface Prober {
        CompletableFuture<Optional<StunClient.Answer>> probe(InetSocketAddress server, List<StunAttribute> attributes, Duration deadline);
    }

    /** What discovery found: the type, the public address of the socket, and how it decided. */
    public record Result(NatType type, InetSocketAddress publicAddress, String reason) {
    }

    private final Prober prober;
    private final Predicate<InetSocketAddress> isLocal;
    private final Duration deadline;
    private final Duration changeDeadline;

    /**
     * @param isLocal        whether an address is this host's own (the socket's bound address, or an interface's)
     * @param deadline       how long the server has to answer a plain Binding request
     * @param changeDeadline how long to wait for an answer that a NAT may legitimately drop (tests II and III)
     */
    public NatDiscovery(Prober prober, Predicate<InetSocketAddress> isLocal, Duration deadline, Duration changeDeadline) {
        this.prober = prober;
        this.isLocal = isLocal;
        this.deadline = deadline;
        this.changeDeadline = changeDeadline;
    }

    /** Runs the tests against {@code server}; fails only when the server does not answer test I at all. */
    public CompletableFuture<Result> discover(InetSocketAddress server) {
        return prober.probe(server, List.of(), deadline).thenCompose(first -> {
            StunClient.Answer one = first.orElseThrow(() -> new CompletionException(
                    new StunClient.StunTimeoutException("no STUN answer from " + server + " within " + deadline.toMillis() + " ms")));
            InetSocketAddress mapped = one.mapped();
            boolean open = isLocal.test(mapped);
            if (one.otherAddress().isEmpty()) {
                return CompletableFuture.completedFuture(new Result(open ? NatType.NO_NAT : NatType.UNKNOWN, mapped,
                        "the STUN server at " + text(server) + " offers no alternate address (RFC 5780 OTHER-ADDRESS): "
                                + (open ? "the mapped address is our own" : "behind a NAT of unknown type")));
            }
            InetSocketAddress other = one.otherAddress().get();
            CompletableFuture<Optional<StunClient.Answer>> changeBoth = changeProbe(server, true, true);
            CompletableFuture<Optional<StunClient.Answer>> changePort = changeProbe(server, false, true);
            return changeBoth.thenCombine(changePort, Changes::new).handle((changes, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    return done(NatType.UNKNOWN, mapped, "the STUN server refused the CHANGE-REQUEST test: " + cause.getMessage());
                }
                return classify(server, mapped, open, other, changes.both(), changes.portOnly());
            }).thenCompose(result -> result);
        });
    }

    private record Changes(Optional<StunClient.Answer> both, Optional<StunClient.Answer> portOnly) {
    }

    private CompletableFuture<Result> classify(InetSocketAddress server, InetSocketAddress mapped, boolean open, InetSocketAddress other,
                                               Optional<StunClient.Answer> both, Optional<StunClient.Answer> portOnly) {
        if (both.filter(a -> a.source().getAddress().equals(server.getAddress()) || a.source().getPort() == server.getPort()).isPresent()
                || portOnly.filter(a -> a.source().getPort() == server.getPort()).isPresent()) {
            return done(NatType.UNKNOWN, mapped, "the STUN server at " + text(server) + " answered a CHANGE-REQUEST from an unchanged address");
        }
        if (both.isPresent()) {
            return done(open ? NatType.NO_NAT : NatType.FULL_CONE, mapped, open
                    ? "mapped address is our own and unsolicited packets arrive"
                    : "an answer from another address and port arrived (endpoint-independent filtering)");
        }
        if (open) {
            return done(portOnly.isPresent() ? NatType.RESTRICTED_CONE : NatType.PORT_RESTRICTED_CONE, mapped,
                    "public address behind a firewall that filters by address" + (portOnly.isPresent() ? "" : " and port"));
        }
        return prober.probe(other, List.of(), deadline).thenApply(second -> {
            if (second.isEmpty()) {
                return new Result(NatType.UNKNOWN, mapped, "the STUN server's alternate address " + text(other) + " did not answer");
            }
            if (!second.get().mapped().equals(mapped)) {
                return new Result(NatType.SYMMETRIC, mapped, "mapped to " + text(mapped) + " towards " + text(server) + " but to "
                        + text(second.get().mapped()) + " towards " + text(other) + " (a mapping per destination)");
            }
            return portOnly.isPresent()
                    ? new Result(NatType.RESTRICTED_CONE, mapped, "one mapping; an answer from another port of the same address arrived")
                    : new Result(NatType.PORT_RESTRICTED_CONE, mapped, "one mapping; only the exact address and port we sent to may answer");
        });
    }

    private CompletableFuture<Optional<StunClient.Answer>> changeProbe(InetSocketAddress server, boolean changeIp, boolean changePort) {
        return prober.probe(server, List.of(new ChangeRequest(changeIp, changePort)), changeDeadline);
    }

    private static String text(InetSocketAddress address) {
        return TransportAddress.of(address).toString();
    }

    private static CompletableFuture<Result> done(NatType type, InetSocketAddress mapped, String reason) {
        return CompletableFuture.completedFuture(new Result(type, mapped, reason));
    }

    /** A {@link Prober} over a {@link StunClient}: a timeout is "no answer", an error response a failure. */
    public static Prober over(StunClient client) {
        return (server, attributes, deadline) -> client.request(server, attributes, deadline)
                .thenApply(Optional::of)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    return cause instanceof StunClient.StunTimeoutException
                            ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(cause);
                });
    }
}
