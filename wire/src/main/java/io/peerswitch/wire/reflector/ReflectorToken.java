package io.peerswitch.wire.reflector;

import io.peerswitch.wire.Hmac;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The access server's permission about the reflectors (docs/reflector.md, "Token"): which key made it,
 * until when it is valid, and one public IP address; sealed by an HMAC-SHA256 tag under that key whose
 * label says the token's {@link Purpose}. A {@link Purpose#SEND} token lets packets from its address be
 * reflected; a {@link Purpose#REACH} token lets packets be reflected to its address, and the access server
 * gives it only to the address holder's buddies. The endpoint cannot read anything secret from either and
 * cannot forge one; the reflector checks both and derives the packet key from the send token without
 * keeping any state.
 *
 * <pre>
 *  0      version (1)
 *  1      key id
 *  2..9   expires, milliseconds since the Unix epoch
 *  10     address family (4 or 6)
 *  11..   bound IP address (4 or 16 bytes)
 *  ..     token id (8 random bytes)
 *  ..     tag: HMAC-SHA256(key, "peerswitch reflector token" | every byte before the tag), first 16 bytes
 * </pre>
 */
public record ReflectorToken(int keyId, Instant expiresAt, InetAddress boundAddress, byte[] encoded) {

    public static final int VERSION = 1;
    /** Bytes of the tag at the end. */
    public static final int TAG_BYTES = 16;
    private static final int ID_BYTES = 8;
    private static final byte[] SEND_LABEL = "peerswitch reflector token".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REACH_LABEL = "peerswitch reflector reach".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION_LABEL = "peerswitch reflector session".getBytes(StandardCharsets.US_ASCII);

    public ReflectorToken {
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** A token and the packet key that goes with it: both go to the endpoint, over TLS, at login. */
    public record Issued(ReflectorToken token, byte[] packetKey) {
        public Issued {
            packetKey = packetKey.clone();
        }

        @Override
        public byte[] packetKey() {
            return packetKey.clone();
        }
    }

    /** What a token permits; the tag's label differs, so a token of one purpose never passes as the other. */
    public enum Purpose {
        /** Packets from the bound address may be reflected (and are sealed with the token's packet key). */
        SEND(SEND_LABEL),
        /** Packets may be reflected to the bound address: the address holder's consent, given to its buddies. */
        REACH(REACH_LABEL);

        private final byte[] label;

        Purpose(byte[] label) {
            this.label = label;
        }
    }

    /** Issues a {@link Purpose#SEND} token bound to {@code address}, valid until {@code expiresAt}, under {@code key}. */
    public static Issued issue(ReflectorKey key, InetAddress address, Instant expiresAt, SecureRandom random) {
        byte[] bytes = sealed(key, address, expiresAt, random, Purpose.SEND);
        byte[] packetKey = Hmac.of(key.secret(), SESSION_LABEL, bytes, 0, bytes.length - TAG_BYTES);
        return new Issued(new ReflectorToken(key.id(), Instant.ofEpochMilli(expiresAt.toEpochMilli()), address, bytes), packetKey);
    }

    /** Issues a {@link Purpose#REACH} token for {@code address}, valid until {@code expiresAt}, under {@code key}. */
    public static ReflectorToken issueReach(ReflectorKey key, InetAddress address, Instant expiresAt, SecureRandom random) {
        return new ReflectorToken(key.id(), Instant.ofEpochMilli(expiresAt.toEpochMilli()), address,
                sealed(key, address, expiresAt, random, Purpose.REACH));
    }

    private static byte[] sealed(ReflectorKey key, InetAddress address, Instant expiresAt, SecureRandom random, Purpose purpose) {
        byte[] ip = address.getAddress();
        ByteBuffer b = ByteBuffer.allocate(11 + ip.length + ID_BYTES + TAG_BYTES);
        b.put((byte) VERSION).put((byte) key.id()).putLong(expiresAt.toEpochMilli()).put((byte) (ip.length == 4 ? 4 : 6)).put(ip);
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        b.put(id);
        byte[] bytes = b.array();
        int body = bytes.length - TAG_BYTES;
        System.arraycopy(Hmac.of(key.secret(), purpose.label, bytes, 0, body), 0, bytes, body, TAG_BYTES);
        return bytes;
    }

    /** What checking a token found. */
    public sealed interface Check {
        /**
         * Genuine and valid: packets carrying it must be sealed with {@code packetKey} (a send token; a reach
         * token has none, and this is empty).
         */
        record Valid(ReflectorToken token, byte[] packetKey) implements Check {
        }

        /** Not made by a key we have, altered, or not a token at all. */
        record Forged(String reason) implements Check {
        }

        /** Genuine, but past its expiry. */
        record Expired(Instant expiresAt) implements Check {
        }

        /** Genuine and valid, but presented from (a send token) or for (a reach token) another address than its own. */
        record WrongSource(InetAddress boundAddress) implements Check {
        }
    }

    /**
     * Checks {@code bytes[offset, offset+length)} as a send token presented at {@code now} by a packet from
     * {@code source}; the tag is compared in constant time.
     */
    public static Check check(byte[] bytes, int offset, int length, ReflectorKeys keys, Instant now, InetAddress source) {
        return check(Purpose.SEND, bytes, offset, length, keys, now, source);
    }

    /**
     * Checks {@code bytes[offset, offset+length)} as a token of {@code purpose} for {@code address} at {@code now}:
     * the source of the packet for a send token, its destination for a reach token.
     */
    public static Check check(Purpose purpose, byte[] bytes, int offset, int length, ReflectorKeys keys, Instant now,
                              InetAddress address) {
        Optional<ReflectorToken> parsed = parse(bytes, offset, length);
        if (parsed.isEmpty()) {
            return new Check.Forged("not a version " + VERSION + " token");
        }
        ReflectorToken token = parsed.get();
        Optional<ReflectorKey> key = keys.byId(token.keyId());
        if (key.isEmpty()) {
            return new Check.Forged("unknown key " + token.keyId());
        }
        int body = length - TAG_BYTES;
        byte[] secret = key.get().secret();
        if (!Hmac.equal(Hmac.of(secret, purpose.label, bytes, offset, body), bytes, offset + body, TAG_BYTES)) {
            return new Check.Forged("bad tag");
        }
        if (!now.isBefore(token.expiresAt())) {
            return new Check.Expired(token.expiresAt());
        }
        if (!token.boundAddress().equals(address)) {
            return new Check.WrongSource(token.boundAddress());
        }
        return new Check.Valid(token, purpose == Purpose.SEND ? Hmac.of(secret, SESSION_LABEL, bytes, offset, body) : new byte[0]);
    }

    /** Reads the fields of a token without checking its tag. */
    public static Optional<ReflectorToken> parse(byte[] bytes, int offset, int length) {
        if (length < 11 + 4 + ID_BYTES + TAG_BYTES || bytes[offset] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        b.get();
        int keyId = b.get() & 0xFF;
        long expires = b.getLong();
        int family = b.get();
        int ipLength = family == 4 ? 4 : family == 6 ? 16 : -1;
        if (ipLength < 0 || length != 11 + ipLength + ID_BYTES + TAG_BYTES) {
            return Optional.empty();
        }
        byte[] ip = new byte[ipLength];
        b.get(ip);
        try {
            InetAddress address = InetAddress.getByAddress(ip);
            if (family == 4 != address instanceof Inet4Address) {
                return Optional.empty();
            }
            return Optional.of(new ReflectorToken(keyId, Instant.ofEpochMilli(expires), address,
                    Arrays.copyOfRange(bytes, offset, offset + length)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReflectorToken t && Arrays.equals(t.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "ReflectorToken[key=" + keyId + ", expiresAt=" + expiresAt + ", boundAddress=" + boundAddress.getHostAddress() + "]";
    }
}
