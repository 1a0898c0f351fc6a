package io.peerswitch.wire.reflector;

import io.peerswitch.wire.Hmac;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A packet for the stateless reflector (FIG. 24 step 2402, FIG. 25): the custom header says which
 * source the reflected packet is to show (one of the reflector's own addresses, normally the STUN
 * server's) and where it goes; it carries the sender's token, and the destination's reach token that
 * the access server gave the sender because they are buddies, and is sealed with the sender token's packet
 * key, so the reflector can check it alone. The payload follows untouched and is all the destination gets.
 *
 * <pre>
 *  0      marker 0xE5 (outside the first-byte ranges of STUN, RTP/RTCP, DTLS, ZRTP and TURN; RFC 7983)
 *  1      version (2)
 *  2      address family of both addresses (4 or 6)
 *  3      token length T
 *  4..11  timestamp, milliseconds since the Unix epoch (the sender's clock set to the access server's)
 *  12..15 nonce
 *  ..     present-as port (2), address (4 or 16)
 *  ..     destination port (2), address (4 or 16)
 *  ..     token (T bytes, {@link ReflectorToken}, {@link ReflectorToken.Purpose#SEND})
 *  ..     reach token length R (1)
 *  ..     reach token (R bytes, {@link ReflectorToken.Purpose#REACH}, bound to the destination's address)
 *  ..     MAC: HMAC-SHA256(packet key, every header byte before the MAC | payload), first 16 bytes
 *  ..     payload
 * </pre>
 *
 * @param timestamp when the sender sent it (on the access server's clock)
 * @param nonce     random, so that two packets with equal payloads in one millisecond still differ
 */
public record ReflectorPacket(Instant timestamp, int nonce, InetSocketAddress presentAs, InetSocketAddress destination,
                              byte[] token, byte[] reach, int payloadOffset, int payloadLength, int macOffset) {

    /** First byte of every reflector packet. */
    public static final int MARKER = 0xE5;
    /** Version 2 added the reach token (issue 12); version 1 packets, which had none, are refused. */
    public static final int VERSION = 2;
    /** Bytes of the MAC. */
    public static final int MAC_BYTES = 16;

    /** Header bytes for addresses of {@code family} (4 or 6), a token of {@code tokenLength} and a reach token of {@code reachLength}. */
    public static int headerLength(int family, int tokenLength, int reachLength) {
        return reachOffset(family, tokenLength) + reachLength + MAC_BYTES;
    }

    /** Where the reach token's length byte sits in a header. */
    private static int reachOffset(int family, int tokenLength) {
        int ip = family == 4 ? 4 : 16;
        return 16 + 2 * (2 + ip) + tokenLength + 1;
    }

    /** Whether {@code datagram} starts like a reflector packet (cheap, for demultiplexing a shared socket). */
    public static boolean looksLikeReflector(byte[] datagram, int offset, int length) {
        return length >= 2 && (datagram[offset] & 0xFF) == MARKER && datagram[offset + 1] == VERSION;
    }

    /** What decoding found. */
    public sealed interface Decoded {
        /** A well-formed header; its MAC still has to be checked with {@link #verify}. */
        record Packet(ReflectorPacket packet) implements Decoded {
        }

        /** Not a reflector packet of this version, or cut short, or inconsistent. */
        record Malformed(String reason) implements Decoded {
        }
    }

    /** Reads the header of {@code datagram[offset, offset+length)}; never throws. */
    public static Decoded decode(byte[] datagram, int offset, int length) {
        if (length < 16 || (datagram[offset] & 0xFF) != MARKER) {
            return new Decoded.Malformed("not a reflector packet");
        }
        if (datagram[offset + 1] != VERSION) {
            return new Decoded.Malformed("unsupported version " + datagram[offset + 1]);
        }
        int family = datagram[offset + 2];
        if (family != 4 && family != 6) {
            return new Decoded.Malformed("address family " + family);
        }
        int tokenLength = datagram[offset + 3] & 0xFF;
        int reachAt = reachOffset(family, tokenLength);
        if (tokenLength == 0 || length <= reachAt) {
            return new Decoded.Malformed(tokenLength == 0 ? "no token" : "cut short before the reach token");
        }
        int reachLength = datagram[offset + reachAt - 1] & 0xFF;
        int header = headerLength(family, tokenLength, reachLength);
        if (reachLength == 0 || length <= header) {
            return new Decoded.Malformed(reachLength == 0 ? "no reach token" : "no payload after a " + header + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(datagram, offset + 4, length - 4);
        Instant timestamp = Instant.ofEpochMilli(b.getLong());
        int nonce = b.getInt();
        InetSocketAddress presentAs = address(b, family);
        InetSocketAddress destination = address(b, family);
        if (presentAs == null || destination == null) {
            return new Decoded.Malformed("bad address");
        }
        byte[] token = new byte[tokenLength];
        b.get(token);
        b.get();
        byte[] reach = new byte[reachLength];
        b.get(reach);
        int macOffset = offset + header - MAC_BYTES;
        return new Decoded.Packet(new ReflectorPacket(timestamp, nonce, presentAs, destination, token, reach,
                offset + header, length - header, macOffset));
    }

    /**
     * Whether the MAC of this packet, read from {@code datagram} (the array it was decoded from, starting
     * at {@code offset}), is right for {@code packetKey}; constant-time.
     */
    public boolean verify(byte[] datagram, int offset, byte[] packetKey) {
        byte[] mac = Hmac.of(packetKey, datagram, offset, macOffset - offset, datagram, payloadOffset, payloadLength);
        return Hmac.equal(mac, datagram, macOffset, MAC_BYTES);
    }

    /**
     * Encodes a packet around {@code payload} that carries the sender's {@code token} and the destination's
     * {@code reach} token, sealed with the token's {@code packetKey}.
     */
    public static byte[] encode(Instant timestamp, int nonce, InetSocketAddress presentAs, InetSocketAddress destination,
                                byte[] token, byte[] reach, byte[] packetKey, byte[] payload, int payloadOffset, int payloadLength) {
        boolean v4 = presentAs.getAddress() instanceof Inet4Address;
        if (v4 != destination.getAddress() instanceof Inet4Address) {
            throw new IllegalArgumentException("present-as and destination must be of one address family");
        }
        if (token.length == 0 || token.length > 255 || reach.length == 0 || reach.length > 255) {
            throw new IllegalArgumentException("a token and a reach token have 1 to 255 bytes");
        }
        if (payloadLength < 1) {
            throw new IllegalArgumentException("a reflector packet carries a payload");
        }
        int family = v4 ? 4 : 6;
        int header = headerLength(family, token.length, reach.length);
        ByteBuffer b = ByteBuffer.allocate(header + payloadLength);
        b.put((byte) MARKER).put((byte) VERSION).put((byte) family).put((byte) token.length);
        b.putLong(timestamp.toEpochMilli()).putInt(nonce);
        put(b, presentAs);
        put(b, destination);
        b.put(token);
        b.put((byte) reach.length).put(reach);
        int macAt = b.position();
        b.position(header);
        b.put(payload, payloadOffset, payloadLength);
        byte[] bytes = b.array();
        byte[] mac = Hmac.of(packetKey, bytes, 0, macAt, bytes, header, payloadLength);
        System.arraycopy(mac, 0, bytes, macAt, MAC_BYTES);
        return bytes;
    }

    /** Where the reach token starts in the datagram this packet was decoded from. */
    public int reachOffset() {
        return macOffset - reach.length;
    }

    /** Where the sender's token starts in the datagram this packet was decoded from. */
    public int tokenOffset() {
        return reachOffset() - 1 - token.length;
    }

    private static void put(ByteBuffer b, InetSocketAddress address) {
        b.putShort((short) address.getPort());
        b.put(address.getAddress().getAddress());
    }

    private static InetSocketAddress address(ByteBuffer b, int family) {
        int port = b.getShort() & 0xFFFF;
        byte[] ip = new byte[family == 4 ? 4 : 16];
        b.get(ip);
        try {
            InetAddress address = InetAddress.getByAddress(ip);
            if (port == 0 || (family == 6 && address instanceof Inet4Address)) {
                return null;
            }
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public byte[] reach() {
        return reach.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReflectorPacket p && p.timestamp.equals(timestamp) && p.nonce == nonce && p.presentAs.equals(presentAs)
                && p.destination.equals(destination) && Arrays.equals(p.token, token) && Arrays.equals(p.reach, reach)
                && p.payloadOffset == payloadOffset && p.payloadLength == payloadLength && p.macOffset == macOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, nonce, presentAs, destination, payloadOffset, payloadLength);
    }

    @Override
    public String toString() {
        return "ReflectorPacket[" + presentAs + " -> " + destination + ", " + payloadLength + " bytes, at " + timestamp + "]";
    }
}
