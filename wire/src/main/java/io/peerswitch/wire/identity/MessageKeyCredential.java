package io.peerswitch.wire.identity;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The user authority's word that {@code key} is the message key of {@code userId}'s installation
 * {@code instanceId} (docs/security.md, "Messages end to end"): what a sender encrypts IM bodies to
 * (CMS, RFC 5652 with RFC 5753 ECDH). The layout of {@link LocationCredential} with the installation in the
 * location's place, signed under its own label, so one can never pass as the other.
 */
public record MessageKeyCredential(String userId, String instanceId, ECPublicKey key, Instant notAfter, byte[] encoded) {

    /** Domain separation from every other signature of the authority. */
    static final byte[] LABEL = "peerswitch message key credential v1\0".getBytes(StandardCharsets.US_ASCII);

    public MessageKeyCredential {
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The credential as base64url without padding (RFC 4648 section 5). */
    public String text() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
    }

    /** The authority certifies {@code key} as the message key of {@code userId}'s installation {@code instanceId} until {@code notAfter}. */
    public static MessageKeyCredential issue(PrivateKey authority, String userId, String instanceId, ECPublicKey key,
                                             Instant notAfter) {
        return new MessageKeyCredential(userId, instanceId, key, Instant.ofEpochSecond(notAfter.getEpochSecond()),
                LocationCredential.seal(LABEL, authority, userId, instanceId, key, notAfter));
    }

    /** Reads {@code text} (base64url) and checks it against {@code authority} at {@code now}. */
    public static MessageKeyCredential verify(String text, PublicKey authority, Instant now) throws CertificateProblem {
        LocationCredential read = LocationCredential.open(LABEL, text, authority, now);
        return new MessageKeyCredential(read.userId(), read.locationId(), read.key(), read.notAfter(), read.encoded());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageKeyCredential c && Arrays.equals(encoded, c.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "MessageKeyCredential[" + userId + ", " + instanceId + ", until " + notAfter + "]";
    }
}
