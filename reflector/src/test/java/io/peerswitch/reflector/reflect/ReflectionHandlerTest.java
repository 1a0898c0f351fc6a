package io.peerswitch.reflector.reflect;

import static io.peerswitch.reflector.reflect.Packets.KEY;
import static io.peerswitch.reflector.reflect.Packets.KEYS;
import static io.peerswitch.reflector.reflect.Packets.address;
import static io.peerswitch.reflector.reflect.Packets.bytes;
import static io.peerswitch.reflector.reflect.Packets.packet;
import static io.peerswitch.reflector.reflect.Packets.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.reflector.stun.StunAddresses;
import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.reflector.ReflectorToken;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reflector's decision (FIG. 24-25) without any socket, on the addresses of the NAT lab, with a clock the test holds. */
class ReflectionHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final InetSocketAddress A1P1 = address("198.19.0.10", 3478);
    private static final InetSocketAddress A2P2 = address("198.19.0.11", 3479);
    private static final StunAddresses FOUR = new StunAddresses(A1P1, Optional.of(A2P2));
    private static final InetSocketAddress ALICE = address("198.19.0.101", 40_000);
    private static final InetSocketAddress BOB = address("198.19.0.104", 5060);
    private static final byte[] PAYLOAD = "INVITE sip:bob@peerswitch.example SIP/2.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final TestClock clock = new TestClock(NOW);
    private final ReflectorToken.Issued alice = token(KEY, ALICE.getAddress(), NOW);
    private ReflectionHandler handler = new ReflectionHandler(Optional.of(KEYS), clock, new ReplayFilter(), new RateLimiter());

    private ReflectionHandler.Verdict handle(byte[] datagram) {
        return handler.handle(datagram, 0, datagram.length, ALICE, FOUR);
    }

    private DropReason dropped(byte[] datagram) {
        ReflectionHandler.Verdict verdict = handle(datagram);
        assertThat(verdict).isInstanceOf(ReflectionHandler.Drop.class);
        return ((ReflectionHandler.Drop) verdict).reason();
    }

    private byte[] toBob(byte[] payload) {
        return packet(alice, NOW, A1P1, BOB, payload);
    }

    @Test
    void forwardsThePayloadAloneFromTheStunSocket() {
        byte[] datagram = toBob(PAYLOAD);

        ReflectionHandler.Verdict verdict = handle(datagram);

        assertThat(verdict).isInstanceOfSatisfying(ReflectionHandler.Forward.class, forward -> {
            assertThat(forward.from()).isEqualTo(StunAddresses.Slot.PRIMARY);
            assertThat(forward.destination()).isEqualTo(BOB);
            assertThat(Arrays.copyOfRange(datagram, forward.payloadOffset(), forward.payloadOffset() + forward.payloadLength()))
                    .isEqualTo(PAYLOAD);
            assertThat(forward.payloadLength()).as("never amplifies").isLessThan(datagram.length);
        });
    }

    @ParameterizedTest
    @CsvSource({"198.19.0.10, 3478, 0, 0", "198.19.0.10, 3479, 0, 1", "198.19.0.11, 3478, 1, 0", "198.19.0.11, 3479, 1, 1"})
    void sendsFromTheSocketThePacketAsksToShow(String ip, int port, int slotIp, int slotPort) {
        byte[] datagram = packet(alice, NOW, address(ip, port), BOB, PAYLOAD);

        assertThat(handle(datagram)).isInstanceOfSatisfying(ReflectionHandler.Forward.class,
                forward -> assertThat(forward.from()).isEqualTo(new StunAddresses.Slot(slotIp, slotPort)));
    }

    @Test
    void dropsWhatIsLongerThanAnEthernetFrameUnread() {
        int header = ReflectorPacket.headerLength(4, alice.token().encoded().length, alice.token().encoded().length);
        byte[] largest = toBob(bytes(ReflectionHandler.MAX_DATAGRAM_BYTES - header, 1));
        byte[] tooLong = toBob(bytes(ReflectionHandler.MAX_DATAGRAM_BYTES - header + 1, 1));

        assertThat(largest).hasSize(1500);
        assertThat(handle(largest)).isInstanceOf(ReflectionHandler.Forward.class);
        assertThat(dropped(tooLong)).isEqualTo(DropReason.OVERSIZED);
    }

    @Test
    void dropsGarbageEveryTruncationAndOtherVersionsAsMalformed() {
        byte[] datagram = toBob(PAYLOAD);
        for (int n = 1; n < datagram.length - PAYLOAD.length; n++) {
            assertThat(dropped(Arrays.copyOf(datagram, n))).as("first %d bytes", n).isEqualTo(DropReason.MALFORMED);
        }
        byte[] version1 = datagram.clone();
        version1[1] = 1;
        assertThat(dropped(version1)).as("version 1 carried no reach token").isEqualTo(DropReason.MALFORMED);
        assertThat(handle(version1)).hasToString("Drop[reason=MALFORMED, detail=unsupported version 1]");
        byte[] version3 = datagram.clone();
        version3[1] = 3;
        assertThat(dropped(version3)).isEqualTo(DropReason.MALFORMED);
    }

    @Test
    void randomBytesAfterTheMarkerNeverPassAndNeverThrow() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = bytes(1 + random.nextInt(300), i);
            garbage[0] = (byte) ReflectorPacket.MARKER;
            if (garbage.length > 1 && random.nextBoolean()) {
                garbage[1] = (byte) ReflectorPacket.VERSION;
            }
            assertThat(handle(garbage)).isInstanceOf(ReflectionHandler.Drop.class);
        }
    }

    @Test
    void aPortZeroDestinationDoesNotEvenDecode() {
        byte[] datagram = toBob(PAYLOAD);
        int destinationPort = 16 + 6;
        datagram[destinationPort] = 0;
        datagram[destinationPort + 1] = 0;

        assertThat(handle(datagram)).isEqualTo(new ReflectionHandler.Drop(DropReason.MALFORMED, "bad address"));
    }

    @Test
    void withoutKeysNothingIsAuthentic() {
        handler = new ReflectionHandler(Optional.empty(), clock, new ReplayFilter(), new RateLimiter());

        assertThat(handler.enabled()).isFalse();
        assertThat(dropped(toBob(PAYLOAD))).isEqualTo(DropReason.UNAUTHENTICATED);
    }

    @Test
    void dropsATokenMadeWithoutOurSecretOrUnderAnUnknownKey() {
        ReflectorToken.Issued forged = token(Packets.FORGED_KEY, ALICE.getAddress(), NOW);
        ReflectorToken.Issued unknown = token(new io.peerswitch.wire.reflector.ReflectorKey(9, bytes(32, 1)), ALICE.getAddress(), NOW);

        assertThat(handle(packet(forged, NOW, A1P1, BOB, PAYLOAD))).isEqualTo(new ReflectionHandler.Drop(DropReason.UNAUTHENTICATED, "token: bad tag"));
        assertThat(handle(packet(unknown, NOW, A1P1, BOB, PAYLOAD)))
                .isEqualTo(new ReflectionHandler.Drop(DropReason.UNAUTHENTICATED, "token: unknown key 9"));
    }

    @Test
    void acceptsEveryKeyOfTheFileNotOnlyTheCurrentOne() {
        ReflectorToken.Issued previousKey = token(KEYS.byId(3).orElseThrow(), ALICE.getAddress(), NOW);

        assertThat(handle(packet(previousKey, NOW, A1P1, BOB, PAYLOAD))).isInstanceOf(ReflectionHandler.Forward.class);
    }

    @Test
    void dropsAChangedPayloadHeaderOrMac() {
        byte[] datagram = toBob(PAYLOAD);
        ReflectorPacket decoded = ((ReflectorPacket.Decoded.Packet) ReflectorPacket.decode(datagram, 0, datagram.length)).packet();
        for (int at : new int[] {4, 12, 16, 26, decoded.tokenOffset() + 3, decoded.reachOffset() - 1, decoded.reachOffset() + 3,
                decoded.macOffset(), decoded.payloadOffset(), datagram.length - 1}) {
            byte[] changed = datagram.clone();
            changed[at] ^= 0x01;
            assertThat(dropped(changed)).as("byte %d changed", at).isEqualTo(DropReason.UNAUTHENTICATED);
        }
    }

    @Test
    void anUnauthenticatedCopyNeitherFillsTheReplayFilterNorUsesTheRate() {
        handler = new ReflectionHandler(Optional.of(KEYS), clock, new ReplayFilter(), new RateLimiter(1, 1, 16, 1));
        byte[] genuine = toBob(PAYLOAD);
        byte[] tampered = genuine.clone();
        tampered[tampered.length - 1] ^= 0x01;

        assertThat(dropped(tampered)).isEqualTo(DropReason.UNAUTHENTICATED);
        assertThat(dropped(tampered)).isEqualTo(DropReason.UNAUTHENTICATED);
        assertThat(handle(genuine)).isInstanceOf(ReflectionHandler.Forward.class);
    }

    @Test
    void dropsAnExpiredTokenAndOnePresentedFromAnotherAddress() {
        ReflectorToken.Issued expiring = ReflectorToken.issue(KEY, ALICE.getAddress(), NOW, new SecureRandom());
        byte[] expired = packet(expiring, NOW, A1P1, BOB, PAYLOAD);
        byte[] fine = toBob(PAYLOAD);

        assertThat(handle(expired)).isEqualTo(new ReflectionHandler.Drop(DropReason.EXPIRED, "token expired at " + NOW));
        assertThat(handler.handle(fine, 0, fine.length, address("198.19.0.102", 40_000), FOUR))
                .isEqualTo(new ReflectionHandler.Drop(DropReason.WRONG_SOURCE, "token bound to 198.19.0.101"));
        assertThat(handle(fine)).as("from its own address, on another port too").isInstanceOf(ReflectionHandler.Forward.class);
    }

    @ParameterizedTest
    @CsvSource({"-5001, STALE", "-5000, FORWARD", "0, FORWARD", "5000, FORWARD", "5001, STALE", "-86400000, STALE"})
    void acceptsTimestampsFiveSecondsEitherSideOfOurClock(long skewMillis, String outcome) {
        byte[] datagram = packet(alice, NOW.plusMillis(skewMillis), A1P1, BOB, PAYLOAD);

        ReflectionHandler.Verdict verdict = handle(datagram);

        if (outcome.equals("FORWARD")) {
            assertThat(verdict).isInstanceOf(ReflectionHandler.Forward.class);
        } else {
            assertThat(verdict).isInstanceOfSatisfying(ReflectionHandler.Drop.class, d -> assertThat(d.reason()).isEqualTo(DropReason.STALE));
        }
    }

    @Test
    void dropsACopyForAsLongAsItsTimestampWouldPass() {
        // Sent with the sender's clock 5 s ahead, it is fresh from NOW - 5 s to NOW + 5 s + 5 s.
        clock.set(NOW.minusSeconds(5));
        byte[] datagram = packet(alice, NOW, A1P1, BOB, PAYLOAD);

        assertThat(handle(datagram)).isInstanceOf(ReflectionHandler.Forward.class);
        assertThat(dropped(datagram)).isEqualTo(DropReason.REPLAYED);
        clock.set(NOW.plusSeconds(5));
        assertThat(dropped(datagram)).as("10 s later").isEqualTo(DropReason.REPLAYED);
        clock.advance(Duration.ofMillis(1));
        assertThat(dropped(datagram)).as("10.001 s later").isEqualTo(DropReason.STALE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "198.19.0.10  | 3478 | the reflector's own socket",
            "198.19.0.11  | 3479 | the reflector's own socket",
            "198.19.0.10  | 3479 | the reflector's own socket",
            "224.0.0.1    | 5060 | multicast address",
            "239.255.0.1  | 5060 | multicast address",
            "255.255.255.255 | 5060 | broadcast or reserved address (240.0.0.0/4)",
            "0.0.0.0      | 5060 | unspecified address",
            "0.1.2.3      | 5060 | \"this network\" address (0.0.0.0/8)",
            "127.0.0.1    | 5060 | loopback address",
            "169.254.169.254 | 53 | link-local address",
            "10.0.0.1     | 22   | private address (RFC 1918, RFC 6598, RFC 4193)",
            "172.16.0.1   | 5060 | private address (RFC 1918, RFC 6598, RFC 4193)",
            "172.31.255.1 | 5060 | private address (RFC 1918, RFC 6598, RFC 4193)",
            "192.168.1.1  | 80   | private address (RFC 1918, RFC 6598, RFC 4193)",
            "100.64.0.1   | 5060 | private address (RFC 1918, RFC 6598, RFC 4193)",
    })
    void neverSendsToItselfOrToAddressesNoSinglePeerHas(String ip, int port, String detail) {
        byte[] datagram = packet(alice, NOW, A1P1, address(ip, port), PAYLOAD);

        assertThat(handle(datagram)).isEqualTo(new ReflectionHandler.Drop(DropReason.BAD_DESTINATION, detail));
    }

    @Test
    void checksIpv6DestinationsToo() {
        for (String ip : new String[] {"ff02::1", "::1", "fe80::1", "::"}) {
            assertThat(ReflectionHandler.destinationProblem(address(ip, 5060), FOUR)).as(ip).isNotNull();
        }
        assertThat(ReflectionHandler.destinationProblem(address("2001:db8::7", 5060), FOUR)).isNull();
    }

    @Test
    void sendsIntoPrivateRangesOnlyWhenItIsInOneItself() {
        StunAddresses inside = StunAddresses.single(address("10.1.0.5", 3478));

        assertThat(ReflectionHandler.destinationProblem(address("10.9.9.9", 5060), inside)).isNull();
        assertThat(ReflectionHandler.destinationProblem(address("fd00::1", 5060), FOUR)).isNotNull();
        assertThat(ReflectionHandler.destinationProblem(address("172.32.0.1", 5060), FOUR)).as("just outside 172.16/12").isNull();
        assertThat(ReflectionHandler.destinationProblem(address("100.128.0.1", 5060), FOUR)).as("just outside 100.64/10").isNull();
    }

    @Test
    void sendsToLoopbackOnlyWhenItIsOnLoopbackItself() {
        StunAddresses loopback = StunAddresses.single(address("127.0.0.1", 3478));

        assertThat(ReflectionHandler.destinationProblem(address("127.0.0.1", 5060), loopback)).isNull();
        assertThat(ReflectionHandler.destinationProblem(address("127.0.0.2", 5060), loopback)).isNull();
        assertThat(ReflectionHandler.destinationProblem(address("127.0.0.1", 3478), loopback)).isEqualTo("the reflector's own socket");
        assertThat(ReflectionHandler.destinationProblem(address("127.0.0.1", 5060), FOUR)).isEqualTo("loopback address");
    }

    @Test
    void aWildcardSocketStandsForEveryAddressOfItsFamilyOnItsPort() {
        StunAddresses wildcard = StunAddresses.single(address("0.0.0.0", 3478));
        StunAddresses dualStack = StunAddresses.single(address("::", 3478));

        assertThat(ReflectionHandler.slotOf(address("203.0.113.10", 3478), wildcard)).isEqualTo(StunAddresses.Slot.PRIMARY);
        assertThat(ReflectionHandler.slotOf(address("203.0.113.10", 3479), wildcard)).isNull();
        assertThat(ReflectionHandler.slotOf(address("2001:db8::1", 3478), wildcard)).isNull();
        assertThat(ReflectionHandler.slotOf(address("2001:db8::1", 3478), dualStack)).isEqualTo(StunAddresses.Slot.PRIMARY);
        assertThat(ReflectionHandler.slotOf(address("203.0.113.10", 3478), dualStack)).isEqualTo(StunAddresses.Slot.PRIMARY);
        assertThat(ReflectionHandler.destinationProblem(address("203.0.113.99", 3478), wildcard)).isEqualTo("the reflector's own socket");
    }

    /** Issue 12: a genuine user of ours asks the reflector to send to someone who never made it their buddy. */
    @Test
    void sendsOnlyWhereTheAccessServerLetTheSenderReach() {
        InetSocketAddress carol = address("198.19.0.103", 5060);
        byte[] bobsReach = Packets.reach(KEY, BOB.getAddress(), NOW);
        ReflectorToken.Issued carolsSendToken = token(KEY, carol.getAddress(), NOW);

        assertThat(handle(packet(alice, bobsReach, NOW, A1P1, carol, PAYLOAD))).as("bob's leave, used for carol")
                .isEqualTo(new ReflectionHandler.Drop(DropReason.FORBIDDEN_DESTINATION, "reach token for 198.19.0.104, not the destination"));
        assertThat(handle(packet(alice, Packets.reach(Packets.FORGED_KEY, carol.getAddress(), NOW), NOW, A1P1, carol, PAYLOAD)))
                .as("made up").isEqualTo(new ReflectionHandler.Drop(DropReason.FORBIDDEN_DESTINATION, "reach token: bad tag"));
        assertThat(handle(packet(alice, carolsSendToken.token().encoded(), NOW, A1P1, carol, PAYLOAD)))
                .as("carol's send token, seen on the wire, is no reach token")
                .isEqualTo(new ReflectionHandler.Drop(DropReason.FORBIDDEN_DESTINATION, "reach token: bad tag"));
        byte[] expiring = ReflectorToken.issueReach(KEY, carol.getAddress(), NOW, new SecureRandom()).encoded();
        assertThat(handle(packet(alice, expiring, NOW, A1P1, carol, PAYLOAD)))
                .isEqualTo(new ReflectionHandler.Drop(DropReason.FORBIDDEN_DESTINATION, "reach token expired at " + NOW));
        assertThat(handle(packet(alice, Packets.reach(KEY, carol.getAddress(), NOW), NOW, A1P1, carol, PAYLOAD)))
                .as("with carol's own leave").isInstanceOf(ReflectionHandler.Forward.class);
    }

    @Test
    void dropsAPacketThatAsksToShowAnAddressThatIsNotOurs() {
        byte[] foreign = packet(alice, NOW, address("198.19.0.12", 3478), BOB, PAYLOAD);
        byte[] otherPort = packet(alice, NOW, address("198.19.0.10", 3480), BOB, PAYLOAD);

        assertThat(dropped(foreign)).isEqualTo(DropReason.BAD_PRESENT_AS);
        assertThat(dropped(otherPort)).isEqualTo(DropReason.BAD_PRESENT_AS);
    }

    @Test
    void limitsTheRateOfEachSource() {
        handler = new ReflectionHandler(Optional.of(KEYS), clock, new ReplayFilter(), new RateLimiter(1, 2, 1_024, 42));
        InetSocketAddress carol = address("198.19.0.103", 40_000);
        ReflectorToken.Issued carolsToken = token(KEY, carol.getAddress(), NOW);

        assertThat(handle(toBob(PAYLOAD))).isInstanceOf(ReflectionHandler.Forward.class);
        assertThat(handle(toBob(PAYLOAD))).isInstanceOf(ReflectionHandler.Forward.class);
        assertThat(dropped(toBob(PAYLOAD))).isEqualTo(DropReason.RATE_LIMITED);
        byte[] fromCarol = packet(carolsToken, NOW, A1P1, BOB, PAYLOAD);
        assertThat(handler.handle(fromCarol, 0, fromCarol.length, carol, FOUR)).isInstanceOf(ReflectionHandler.Forward.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(handle(packet(alice, clock.instant(), A1P1, BOB, PAYLOAD))).isInstanceOf(ReflectionHandler.Forward.class);
    }

    @Test
    void readsAPacketInsideALargerBuffer() {
        byte[] datagram = toBob(PAYLOAD);
        byte[] buffer = new byte[datagram.length + 40];
        System.arraycopy(datagram, 0, buffer, 17, datagram.length);

        ReflectionHandler.Verdict verdict = handler.handle(buffer, 17, datagram.length, ALICE, FOUR);

        assertThat(verdict).isInstanceOfSatisfying(ReflectionHandler.Forward.class, forward -> assertThat(
                Arrays.copyOfRange(buffer, forward.payloadOffset(), forward.payloadOffset() + forward.payloadLength())).isEqualTo(PAYLOAD));
    }

    @Test
    void refusesAReplayFilterThatForgetsTooSoon() {
        assertThatThrownBy(() -> new ReflectionHandler(Optional.of(KEYS), clock, new ReplayFilter(Duration.ofSeconds(4), 10), new RateLimiter()))
                .hasMessageContaining("replay filter");
    }

    @Test
    void worksForIpv6() {
        StunAddresses v6 = StunAddresses.single(address("2001:db8::10", 3478));
        InetSocketAddress dave = address("2001:db8:1::7", 40_000);
        ReflectorToken.Issued davesToken = token(KEY, dave.getAddress(), NOW);
        byte[] datagram = packet(davesToken, NOW, v6.primary(), address("2001:db8:2::9", 5060), PAYLOAD);

        assertThat(handler.handle(datagram, 0, datagram.length, dave, v6)).isInstanceOf(ReflectionHandler.Forward.class);
    }
}
