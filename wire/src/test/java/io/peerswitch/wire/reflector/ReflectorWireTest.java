package io.peerswitch.wire.reflector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reflector's token and packet format (FIG. 25; docs/reflector.md) without any socket. */
class ReflectorWireTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final ReflectorKey KEY = new ReflectorKey(7, bytes(32, 1));
    private static final ReflectorKeys KEYS = new ReflectorKeys(List.of(KEY, new ReflectorKey(3, bytes(32, 2))));

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** A SecureRandom that is not random, so encodings are reproducible. */
    private static SecureRandom fixed() throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(42);
        return r;
    }

    private static ReflectorToken.Issued issue() throws Exception {
        return ReflectorToken.issue(KEY, ip("198.19.0.101"), NOW.plusSeconds(600), fixed());
    }

    /** The reach token of the destination 198.19.0.104 used throughout. */
    private static byte[] reach() throws Exception {
        return ReflectorToken.issueReach(KEY, ip("198.19.0.104"), NOW.plusSeconds(600), fixed()).encoded();
    }

    @Test
    void aTokenOfOnePurposeNeverPassesAsTheOther() throws Exception {
        byte[] send = issue().token().encoded();
        byte[] reach = ReflectorToken.issueReach(KEY, ip("198.19.0.101"), NOW.plusSeconds(600), fixed()).encoded();

        assertThat(reach).hasSize(send.length);
        assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, reach, 0, reach.length, KEYS, NOW, ip("198.19.0.101")))
                .isInstanceOf(ReflectorToken.Check.Valid.class);
        assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, reach, 0, reach.length, KEYS, NOW, ip("198.19.0.104")))
                .isInstanceOf(ReflectorToken.Check.WrongSource.class);
        assertThat(ReflectorToken.check(ReflectorToken.Purpose.REACH, send, 0, send.length, KEYS, NOW, ip("198.19.0.101")))
                .as("a send token is no reach token").isEqualTo(new ReflectorToken.Check.Forged("bad tag"));
        assertThat(ReflectorToken.check(reach, 0, reach.length, KEYS, NOW, ip("198.19.0.101")))
                .as("a reach token is no send token: it has no packet key").isEqualTo(new ReflectorToken.Check.Forged("bad tag"));
    }

    @Test
    void aTokenChecksOutOnlyForItsAddressBeforeItsExpiry() throws Exception {
        ReflectorToken.Issued issued = issue();
        byte[] t = issued.token().encoded();

        assertThat(t).hasSize(39);
        ReflectorToken.Check ok = ReflectorToken.check(t, 0, t.length, KEYS, NOW, ip("198.19.0.101"));
        assertThat(ok).isInstanceOf(ReflectorToken.Check.Valid.class);
        assertThat(((ReflectorToken.Check.Valid) ok).packetKey()).isEqualTo(issued.packetKey());
        assertThat(ReflectorToken.check(t, 0, t.length, KEYS, NOW, ip("198.19.0.102")))
                .isInstanceOf(ReflectorToken.Check.WrongSource.class);
        assertThat(ReflectorToken.check(t, 0, t.length, KEYS, NOW.plusSeconds(600), ip("198.19.0.101")))
                .isInstanceOf(ReflectorToken.Check.Expired.class);
        assertThat(ReflectorToken.check(t, 0, t.length, new ReflectorKeys(List.of(new ReflectorKey(7, bytes(32, 9)))), NOW,
                ip("198.19.0.101"))).isEqualTo(new ReflectorToken.Check.Forged("bad tag"));
        assertThat(ReflectorToken.check(t, 0, t.length, new ReflectorKeys(List.of(new ReflectorKey(8, bytes(32, 1)))), NOW,
                ip("198.19.0.101"))).isEqualTo(new ReflectorToken.Check.Forged("unknown key 7"));
    }

    @Test
    void changingAnyByteOfATokenForgesIt() throws Exception {
        byte[] t = issue().token().encoded();
        for (int i = 0; i < t.length; i++) {
            byte[] altered = t.clone();
            altered[i] ^= 0x01;
            assertThat(ReflectorToken.check(altered, 0, altered.length, KEYS, NOW, ip("198.19.0.101")))
                    .as("byte %d flipped", i).isNotInstanceOf(ReflectorToken.Check.Valid.class);
        }
    }

    @Test
    void anIpv6TokenWorksToo() throws Exception {
        ReflectorToken.Issued issued = ReflectorToken.issue(KEY, ip("2001:db8::7"), NOW.plusSeconds(60), fixed());
        byte[] t = issued.token().encoded();
        assertThat(t).hasSize(51);
        assertThat(ReflectorToken.check(t, 0, t.length, KEYS, NOW, ip("2001:db8::7"))).isInstanceOf(ReflectorToken.Check.Valid.class);
    }

    @Test
    void thePacketLayoutIsPinned() throws Exception {
        ReflectorToken.Issued issued = issue();
        byte[] payload = "INVITE".getBytes(StandardCharsets.US_ASCII);
        byte[] packet = ReflectorPacket.encode(NOW, 0x01020304, new InetSocketAddress(ip("198.19.0.10"), 3478),
                new InetSocketAddress(ip("198.19.0.104"), 5060), issued.token().encoded(), reach(), issued.packetKey(), payload, 0, payload.length);

        String hex = HexFormat.of().formatHex(packet);
        assertThat(hex).startsWith("e5" + "02" + "04" + "27" + "000001a202b2c500" + "01020304"
                + "0d96" + "c613000a" + "13c4" + "c6130068" + "01" + "07");
        assertThat(hex.substring(2 * (28 + 39), 2 * (28 + 39 + 3))).as("reach token length, version, key").isEqualTo("27" + "01" + "07");
        assertThat(packet).hasSize(ReflectorPacket.headerLength(4, 39, 39) + 6).hasSize(123 + 6);
        assertThat(Arrays.copyOfRange(packet, packet.length - 6, packet.length)).isEqualTo(payload);
        byte[] first = packet.clone();
        first[1] = 1;
        assertThat(ReflectorPacket.decode(first, 0, first.length)).as("version 1 had no reach token: refused")
                .isEqualTo(new ReflectorPacket.Decoded.Malformed("unsupported version 1"));
    }

    @Test
    void aPacketRoundTripsAndItsMacCatchesEveryChange() throws Exception {
        ReflectorToken.Issued issued = issue();
        byte[] payload = bytes(1200, 5);
        InetSocketAddress presentAs = new InetSocketAddress(ip("198.19.0.10"), 3478);
        InetSocketAddress destination = new InetSocketAddress(ip("198.19.0.104"), 40000);
        byte[] packet = ReflectorPacket.encode(NOW, 99, presentAs, destination, issued.token().encoded(), reach(), issued.packetKey(),
                payload, 0, payload.length);

        ReflectorPacket p = ((ReflectorPacket.Decoded.Packet) ReflectorPacket.decode(packet, 0, packet.length)).packet();
        assertThat(p.timestamp()).isEqualTo(NOW);
        assertThat(p.nonce()).isEqualTo(99);
        assertThat(p.presentAs()).isEqualTo(presentAs);
        assertThat(p.destination()).isEqualTo(destination);
        assertThat(p.token()).isEqualTo(issued.token().encoded());
        assertThat(p.reach()).isEqualTo(reach());
        assertThat(p.tokenOffset()).isEqualTo(28);
        assertThat(p.reachOffset()).isEqualTo(28 + 39 + 1);
        assertThat(Arrays.copyOfRange(packet, p.payloadOffset(), p.payloadOffset() + p.payloadLength())).isEqualTo(payload);
        assertThat(p.verify(packet, 0, issued.packetKey())).isTrue();
        assertThat(p.verify(packet, 0, bytes(32, 77))).isFalse();

        for (int i : new int[] {4, 12, 17, 25, 60, p.reachOffset() + 5, p.macOffset(), p.payloadOffset(), packet.length - 1}) {
            byte[] altered = packet.clone();
            altered[i] ^= 0x40;
            ReflectorPacket.Decoded d = ReflectorPacket.decode(altered, 0, altered.length);
            boolean rejected = !(d instanceof ReflectorPacket.Decoded.Packet(ReflectorPacket q)) || !q.verify(altered, 0, issued.packetKey());
            assertThat(rejected).as("byte %d changed", i).isTrue();
        }
    }

    @Test
    void aPacketInsideALargerBufferDecodesAtItsOffset() throws Exception {
        ReflectorToken.Issued issued = issue();
        byte[] packet = ReflectorPacket.encode(NOW, 1, new InetSocketAddress(ip("198.19.0.10"), 3478),
                new InetSocketAddress(ip("198.19.0.104"), 5060), issued.token().encoded(), reach(), issued.packetKey(), new byte[] {9}, 0, 1);
        byte[] buffer = new byte[packet.length + 20];
        System.arraycopy(packet, 0, buffer, 10, packet.length);
        ReflectorPacket p = ((ReflectorPacket.Decoded.Packet) ReflectorPacket.decode(buffer, 10, packet.length)).packet();
        assertThat(p.verify(buffer, 10, issued.packetKey())).isTrue();
        assertThat(buffer[p.payloadOffset()]).isEqualTo((byte) 9);
    }

    @Test
    void garbageAndEveryTruncationDecodeAsMalformedWithoutThrowing() throws Exception {
        ReflectorToken.Issued issued = issue();
        byte[] packet = ReflectorPacket.encode(NOW, 1, new InetSocketAddress(ip("198.19.0.10"), 3478),
                new InetSocketAddress(ip("198.19.0.104"), 5060), issued.token().encoded(), reach(), issued.packetKey(), new byte[] {1, 2}, 0, 2);
        for (int n = 0; n < packet.length - 2; n++) {
            assertThat(ReflectorPacket.decode(packet, 0, n)).as("first %d bytes", n).isInstanceOf(ReflectorPacket.Decoded.Malformed.class);
        }
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = bytes(random.nextInt(200), i);
            if (garbage.length > 1) {
                garbage[0] = (byte) ReflectorPacket.MARKER;
                garbage[1] = (byte) ReflectorPacket.VERSION;
            }
            ReflectorPacket.Decoded d = ReflectorPacket.decode(garbage, 0, garbage.length);
            if (d instanceof ReflectorPacket.Decoded.Packet(ReflectorPacket p)) {
                assertThat(ReflectorToken.check(p.token(), 0, p.token().length, KEYS, NOW, ip("198.19.0.101")))
                        .isNotInstanceOf(ReflectorToken.Check.Valid.class);
            }
        }
        assertThat(ReflectorPacket.looksLikeReflector(packet, 0, packet.length)).isTrue();
        assertThat(ReflectorPacket.looksLikeReflector(new byte[] {0x00, 0x01}, 0, 2)).as("STUN").isFalse();
        assertThat(ReflectorPacket.looksLikeReflector(new byte[] {(byte) 0x80, 0x00}, 0, 2)).as("RTP").isFalse();
        assertThat(ReflectorPacket.looksLikeReflector("SIP".getBytes(StandardCharsets.US_ASCII), 0, 3)).isFalse();
    }

    @Test
    void keyFilesAreReadAndTheirMistakesNamed() {
        String text = ReflectorKeys.generate(1, new SecureRandom()) + "2 " + java.util.Base64.getEncoder().encodeToString(bytes(40, 1)) + "\n";
        ReflectorKeys keys = ReflectorKeys.parse(text, "keys");
        assertThat(keys.current().id()).isEqualTo(1);
        assertThat(keys.byId(2)).isPresent();
        assertThat(keys.current().toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(keys.current().secret()));

        assertThatThrownBy(() -> ReflectorKeys.parse("# nothing\n", "k")).hasMessageContaining("k: no key");
        assertThatThrownBy(() -> ReflectorKeys.parse("1 abc\n", "k")).hasMessageContaining("k:1").hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ReflectorKeys.parse("x AAAA\n", "k")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ReflectorKeys.parse("\n1 !!!\n", "k")).hasMessageContaining("k:2").hasMessageContaining("Base64");
        assertThatThrownBy(() -> ReflectorKeys.parse("300 " + java.util.Base64.getEncoder().encodeToString(bytes(32, 1)), "k"))
                .hasMessageContaining("0 to 255");
        String twice = "1 " + java.util.Base64.getEncoder().encodeToString(bytes(32, 1)) + "\n1 "
                + java.util.Base64.getEncoder().encodeToString(bytes(32, 2)) + "\n";
        assertThatThrownBy(() -> ReflectorKeys.parse(twice, "k")).hasMessageContaining("twice");
    }
}
