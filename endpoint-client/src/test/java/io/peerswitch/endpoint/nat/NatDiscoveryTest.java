package io.peerswitch.endpoint.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.stun.ChangeRequest;
import io.peerswitch.wire.stun.StunAttribute;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The classification of RFC 3489 section 10.1 against a simulated NAT of each type of table 2300. */
class NatDiscoveryTest {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("198.18.1.2", 5060);
    private static final InetSocketAddress PUBLIC_IP = new InetSocketAddress("198.19.0.101", 0);
    private static final InetSocketAddress A1P1 = new InetSocketAddress("198.19.0.10", 3478);
    private static final InetSocketAddress A2P2 = new InetSocketAddress("198.19.0.11", 3479);

    /**
     * A NAT with the mapping and filtering behaviour of one type (RFC 4787 terms), and a STUN server with
     * two addresses behind the "internet"; probes whose answer the NAT would drop come back empty.
     */
    static final class SimulatedNat implements NatDiscovery.Prober {

        final NatType type;
        final boolean serverHasAlternate;
        final boolean serverIgnoresChangeRequest;
        final Set<InetSocketAddress> contacted = new HashSet<>();
        final Map<InetSocketAddress, Integer> symmetricPorts = new HashMap<>();
        final List<String> log = new ArrayList<>();

        SimulatedNat(NatType type, boolean serverHasAlternate, boolean serverIgnoresChangeRequest) {
            this.type = type;
            this.serverHasAlternate = serverHasAlternate;
            this.serverIgnoresChangeRequest = serverIgnoresChangeRequest;
        }

        InetSocketAddress mapping(InetSocketAddress destination) {
            return switch (type) {
                case NO_NAT, UNKNOWN -> LOCAL;
                case FULL_CONE, RESTRICTED_CONE, PORT_RESTRICTED_CONE -> new InetSocketAddress(PUBLIC_IP.getAddress(), 40000);
                case SYMMETRIC -> new InetSocketAddress(PUBLIC_IP.getAddress(),
                        symmetricPorts.computeIfAbsent(destination, d -> 40000 + symmetricPorts.size()));
            };
        }

        boolean admits(InetSocketAddress from) {
            return switch (type) {
                case NO_NAT, FULL_CONE -> true;
                case RESTRICTED_CONE -> contacted.stream().anyMatch(c -> c.getAddress().equals(from.getAddress()));
                case PORT_RESTRICTED_CONE, SYMMETRIC, UNKNOWN -> contacted.contains(from);
            };
        }

        @Override
        public CompletableFuture<Optional<StunClient.Answer>> probe(InetSocketAddress server, List<StunAttribute> attributes,
                                                                   Duration deadline) {
            contacted.add(server);
            InetSocketAddress mapped = mapping(server);
            Optional<ChangeRequest> change = attributes.stream().filter(ChangeRequest.class::isInstance).map(ChangeRequest.class::cast).findFirst();
            if (change.isPresent() && !serverHasAlternate) {
                return CompletableFuture.failedFuture(new StunClient.StunErrorException("420 Unknown Attribute"));
            }
            InetSocketAddress from = server;
            if (change.isPresent() && !serverIgnoresChangeRequest) {
                boolean primary = server.equals(A1P1);
                InetSocketAddress here = primary ? A1P1 : A2P2;
                InetSocketAddress there = primary ? A2P2 : A1P1;
                from = new InetSocketAddress(change.get().changeIp() ? there.getAddress() : here.getAddress(),
                        change.get().changePort() ? there.getPort() : here.getPort());
            }
            Optional<InetSocketAddress> other = serverHasAlternate ? Optional.of(server.equals(A1P1) ? A2P2 : A1P1) : Optional.empty();
            boolean arrives = admits(from);
            log.add(server + " " + attributes + " -> " + (arrives ? "answer from " + from : "dropped"));
            return CompletableFuture.completedFuture(arrives
                    ? Optional.of(new StunClient.Answer(mapped, other, Optional.of(from), from)) : Optional.empty());
        }
    }

    private static NatDiscovery.Result discover(SimulatedNat nat) {
        return new NatDiscovery(nat, LOCAL::equals, Duration.ofSeconds(5), Duration.ofSeconds(2)).discover(A1P1).join();
    }

    @ParameterizedTest
    @EnumSource(value = NatType.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void eachTypeOfTable2300IsRecognised(NatType type) {
        SimulatedNat nat = new SimulatedNat(type, true, false);

        NatDiscovery.Result result = discover(nat);

        assertThat(result.type()).as(String.join("\n", nat.log)).isEqualTo(type);
        assertThat(result.publicAddress()).isEqualTo(nat.mapping(A1P1));
        assertThat(result.reason()).isNotBlank();
    }

    @Test
    void theChangeTestsRunBeforeAnythingIsSentToTheAlternateAddress() {
        SimulatedNat nat = new SimulatedNat(NatType.PORT_RESTRICTED_CONE, true, false);

        discover(nat);

        int firstToAlternate = nat.log.stream().filter(l -> l.startsWith(A2P2.toString())).map(nat.log::indexOf).findFirst().orElseThrow();
        assertThat(nat.log.subList(0, firstToAlternate)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith(A1P1.toString()));
    }

    @Test
    void aServerWithoutAnAlternateAddressTellsOnlyNoNatFromNat() {
        assertThat(discover(new SimulatedNat(NatType.NO_NAT, false, false)).type()).isEqualTo(NatType.NO_NAT);
        NatDiscovery.Result behind = discover(new SimulatedNat(NatType.FULL_CONE, false, false));
        assertThat(behind.type()).isEqualTo(NatType.UNKNOWN);
        assertThat(behind.reason()).contains("no alternate address");
    }

    @Test
    void aServerThatAnswersChangeRequestsFromTheSameAddressIsNotBelieved() {
        NatDiscovery.Result result = discover(new SimulatedNat(NatType.PORT_RESTRICTED_CONE, true, true));

        assertThat(result.type()).isEqualTo(NatType.UNKNOWN);
        assertThat(result.reason()).contains("unchanged address");
    }

    @Test
    void noAnswerAtAllFailsWithATimeout() {
        NatDiscovery.Prober silent = (server, attributes, deadline) -> CompletableFuture.completedFuture(Optional.empty());

        assertThatThrownBy(() -> new NatDiscovery(silent, LOCAL::equals, Duration.ofSeconds(5), Duration.ofSeconds(2)).discover(A1P1).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StunClient.StunTimeoutException.class);
    }
}
