package io.peerswitch.endpoint.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.reflector.ReflectorKey;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.session.ReflectorGrant;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table 2300 and the per-peer paths that apply it (FIG. 24-30), with a hand-moved clock. */
class PeerPathsTest {

    private static final InetSocketAddress REFLECTOR = new InetSocketAddress("198.19.0.10", 3478);
    private static final InetSocketAddress BOB = new InetSocketAddress("198.19.0.104", 5060);
    private static final InetSocketAddress BOB_CAPTURED = new InetSocketAddress("198.19.0.104", 31007);
    private static final ReflectorKey KEY = new ReflectorKey(1, new byte[32]);

    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ReflectorAccess access = new ReflectorAccess(clock);
    private final PeerPaths paths = new PeerPaths(clock, access);

    /** A grant for us at 198.19.0.101 that carries bob's reach token. */
    private void grant(Duration serverAhead) throws Exception {
        grant(serverAhead, List.of(reach(BOB.getAddress(), now.plusSeconds(600))));
    }

    private void grant(Duration serverAhead, List<String> reach) throws Exception {
        ReflectorToken.Issued issued = ReflectorToken.issue(KEY, InetAddress.getByName("198.19.0.101"), now.plusSeconds(600), new SecureRandom());
        access.grant(new ReflectorGrant(Base64.getEncoder().encodeToString(issued.token().encoded()),
                Base64.getEncoder().encodeToString(issued.packetKey()), issued.token().expiresAt(), now.plus(serverAhead), reach));
    }

    private static String reach(InetAddress to, Instant expiresAt) {
        return Base64.getEncoder().encodeToString(ReflectorToken.issueReach(KEY, to, expiresAt, new SecureRandom()).encoded());
    }

    @Test
    void withoutTheDestinationsReachTokenNothingIsReflected() throws Exception {
        grant(Duration.ZERO, List.of());
        paths.learn(BOB, NatType.SYMMETRIC, REFLECTOR);

        assertThat(paths.route(BOB)).containsExactly(new PeerPaths.Hop.Direct(BOB));
        assertThat(access.wrap(REFLECTOR, BOB, new byte[] {1}, 0, 1)).isEmpty();

        access.allow(reach(BOB.getAddress(), now.plusSeconds(1)));
        assertThat(paths.route(BOB)).containsExactly(new PeerPaths.Hop.Direct(BOB), new PeerPaths.Hop.Reflected(REFLECTOR, BOB));
        now = now.plusSeconds(1);
        assertThat(paths.route(BOB)).as("bob's leave expired").containsExactly(new PeerPaths.Hop.Direct(BOB));
    }

    @Test
    void reachTokensAreBoundedAndGarbageIsIgnored() throws Exception {
        grant(Duration.ZERO, List.of());
        for (String garbage : new String[] {"not base64!", "", Base64.getEncoder().encodeToString(new byte[39])}) {
            access.allow(garbage);
        }
        access.allow(null);
        for (int i = 0; i < ReflectorAccess.MAX_REACH - 1; i++) {
            access.allow(reach(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), now.plusSeconds(1)));
        }
        access.allow(reach(InetAddress.getByName("198.19.0.200"), now.plusSeconds(600)));
        access.allow(reach(BOB.getAddress(), now.plusSeconds(600)));

        assertThat(access.reaches(InetAddress.getByName("198.19.0.200"))).isTrue();
        assertThat(access.reaches(BOB.getAddress())).as("full").isFalse();
        now = now.plusSeconds(1);
        access.allow(reach(BOB.getAddress(), now.plusSeconds(600)));
        assertThat(access.reaches(BOB.getAddress())).as("the expired ones made room").isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "NO_NAT, NO_NAT, DIRECT", "NO_NAT, RESTRICTED_CONE, REFLECT", "FULL_CONE, SYMMETRIC, REFLECT_PORT_CAPTURE",
            "RESTRICTED_CONE, PORT_RESTRICTED_CONE, FAKE_PACKET_REFLECT", "RESTRICTED_CONE, SYMMETRIC, FAKE_PACKET_REFLECT_PORT_CAPTURE",
            "PORT_RESTRICTED_CONE, FULL_CONE, DIRECT", "PORT_RESTRICTED_CONE, SYMMETRIC, SIGNALING_REFLECTED_MEDIA_DIRECT",
            "SYMMETRIC, NO_NAT, PORT_CAPTURE", "SYMMETRIC, RESTRICTED_CONE, REFLECT_FAKE_PACKET_PORT_CAPTURE",
            "SYMMETRIC, PORT_RESTRICTED_CONE, SIGNALING_REFLECTED_MEDIA_DIRECT", "SYMMETRIC, SYMMETRIC, ALL_REFLECTED",
    })
    void table2300(NatType from, NatType to, TraversalTable.Technique technique) {
        assertThat(TraversalTable.technique(from, to)).isEqualTo(technique);
    }

    @Test
    void mediaIsRelayedExactlyWhereASymmetricNatMeetsAPortFilteringOne() {
        for (NatType a : List.of(NatType.NO_NAT, NatType.FULL_CONE, NatType.RESTRICTED_CONE, NatType.PORT_RESTRICTED_CONE, NatType.SYMMETRIC)) {
            for (NatType b : List.of(NatType.NO_NAT, NatType.FULL_CONE, NatType.RESTRICTED_CONE, NatType.PORT_RESTRICTED_CONE, NatType.SYMMETRIC)) {
                boolean expected = (a == NatType.SYMMETRIC && (b == NatType.SYMMETRIC || b == NatType.PORT_RESTRICTED_CONE))
                        || (b == NatType.SYMMETRIC && a == NatType.PORT_RESTRICTED_CONE);
                assertThat(TraversalTable.relayMedia(a, b)).as("%s x %s", a, b).isEqualTo(expected).isEqualTo(TraversalTable.relayMedia(b, a));
            }
        }
    }

    @Test
    void strangersAndOpenPeersAreReachedDirectly() throws Exception {
        grant(Duration.ZERO);
        paths.learn(BOB, NatType.FULL_CONE, REFLECTOR);
        InetSocketAddress stranger = new InetSocketAddress("198.19.0.77", 5060);

        assertThat(paths.route(stranger)).containsExactly(new PeerPaths.Hop.Direct(stranger));
        assertThat(paths.route(BOB)).containsExactly(new PeerPaths.Hop.Direct(BOB));
    }

    @Test
    void aFilteringPeerGetsAFakePacketAndAReflectedCopyUntilItIsHeardDirectly() throws Exception {
        grant(Duration.ZERO);
        paths.learn(BOB, NatType.SYMMETRIC, REFLECTOR);

        assertThat(paths.route(BOB)).containsExactly(new PeerPaths.Hop.Direct(BOB), new PeerPaths.Hop.Reflected(REFLECTOR, BOB));

        paths.heardDirectly(BOB, BOB_CAPTURED);
        assertThat(paths.route(BOB)).as("port captured (FIG. 26 step 2610)").containsExactly(new PeerPaths.Hop.Direct(BOB_CAPTURED));
        assertThat(paths.route(BOB_CAPTURED)).containsExactly(new PeerPaths.Hop.Direct(BOB_CAPTURED));
        assertThat(paths.guessAdvertised(BOB_CAPTURED)).contains(BOB);

        now = now.plus(PeerPaths.DIRECT_FRESHNESS);
        assertThat(paths.route(BOB)).as("a silent path is not trusted any more")
                .containsExactly(new PeerPaths.Hop.Direct(BOB_CAPTURED), new PeerPaths.Hop.Reflected(REFLECTOR, BOB));
    }

    @Test
    void withoutAGrantNothingIsReflected() {
        paths.learn(BOB, NatType.PORT_RESTRICTED_CONE, REFLECTOR);
        assertThat(paths.route(BOB)).containsExactly(new PeerPaths.Hop.Direct(BOB));
    }

    @Test
    void aWrappedPacketIsStampedInTheServersTimeAndVerifiesAtTheReflector() throws Exception {
        grant(Duration.ofSeconds(42));
        byte[] payload = {1, 2, 3};

        byte[] wrapped = access.wrap(REFLECTOR, BOB, payload, 0, payload.length).orElseThrow();

        ReflectorPacket p = ((ReflectorPacket.Decoded.Packet) ReflectorPacket.decode(wrapped, 0, wrapped.length)).packet();
        assertThat(p.timestamp()).isEqualTo(now.plusSeconds(42));
        assertThat(p.presentAs()).isEqualTo(REFLECTOR);
        assertThat(p.destination()).isEqualTo(BOB);
        ReflectorToken.Check check = ReflectorToken.check(p.token(), 0, p.token().length, new ReflectorKeys(List.of(KEY)), now,
                InetAddress.getByName("198.19.0.101"));
        assertThat(p.verify(wrapped, 0, ((ReflectorToken.Check.Valid) check).packetKey())).isTrue();
        assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, p.reach(), 0, p.reach().length, new ReflectorKeys(List.of(KEY)),
                now, BOB.getAddress())).as("bob's reach token rides along").isInstanceOf(ReflectorToken.Check.Valid.class);

        access.revoke();
        assertThat(access.wrap(REFLECTOR, BOB, payload, 0, 3)).isEmpty();
    }

    @Test
    void aPeerIsGuessedByItsIpOnlyWhenThatIsUnambiguous() {
        paths.learn(BOB, NatType.SYMMETRIC, REFLECTOR);
        assertThat(paths.guessAdvertised(BOB_CAPTURED)).contains(BOB);
        paths.learn(new InetSocketAddress("198.19.0.104", 5062), NatType.SYMMETRIC, REFLECTOR);
        assertThat(paths.guessAdvertised(new InetSocketAddress("198.19.0.104", 9999))).isEmpty();
    }
}
