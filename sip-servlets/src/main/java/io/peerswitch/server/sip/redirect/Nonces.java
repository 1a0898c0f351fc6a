package io.peerswitch.server.sip.redirect;

import io.peerswitch.wire.Hmac;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stateless digest nonces bound to the address they were sent to (RFC 2617 section 3.2.1 suggests a time stamp,
 * the client's IP address and a private key; RFC 7616 section 3.3 the same): base64url of the issue time in
 * seconds and a truncated HMAC-SHA256 of that time and the source address, so the server remembers nothing
 * between the 407 and the authenticated INVITE, an answer from another address proves nothing (a spoofed source
 * never received the nonce), and a nonce from before a restart (new key) is simply not ours.
 */
public final class Nonces {

    /** How a presented nonce fares. */
    public enum Check { VALID, STALE, NOT_OURS }

    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration lifetime;

    /** Nonces under {@code key} (at least 32 bytes) that may be answered for {@code lifetime}. */
    public Nonces(byte[] key, Duration lifetime) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a nonce key needs at least 32 bytes");
        }
        this.key = key.clone();
        this.lifetime = lifetime;
    }

    /** A nonce issued at {@code now} in a challenge sent to {@code source}. */
    public String issue(InetAddress source, Instant now) {
        long seconds = now.getEpochSecond();
        return B64.encodeToString(ByteBuffer.allocate(8 + MAC_BYTES).putLong(seconds).put(mac(seconds, source)).array());
    }

    /**
     * Whether {@code nonce} is ours, was sent to {@code source} and is still within its lifetime at {@code now};
     * one issued in the future, or to another address, is not ours.
     */
    public Check check(String nonce, InetAddress source, Instant now) {
        byte[] raw;
        try {
            raw = B64D.decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.NOT_OURS;
        }
        if (raw.length != 8 + MAC_BYTES) {
            return Check.NOT_OURS;
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        long seconds = buffer.getLong();
        byte[] presented = Arrays.copyOfRange(raw, 8, raw.length);
        if (!MessageDigest.isEqual(mac(seconds, source), presented) || seconds > now.getEpochSecond() + 1) {
            return Check.NOT_OURS;
        }
        return now.getEpochSecond() - seconds > lifetime.toSeconds() ? Check.STALE : Check.VALID;
    }

    private byte[] mac(long seconds, InetAddress source) {
        byte[] address = source.getAddress();
        return Arrays.copyOf(Hmac.of(key, ByteBuffer.allocate(8 + 1 + address.length).putLong(seconds)
                .put((byte) address.length).put(address).array()), MAC_BYTES);
    }
}
