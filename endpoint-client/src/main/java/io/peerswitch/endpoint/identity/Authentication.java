package io.peerswitch.endpoint.identity;

/** What authenticating one incoming SIP message found (RFC 8224 section 6.2, docs/security.md). */
public sealed interface Authentication {

    /** Signed by a location the access server certified: {@code peer}. */
    record Verified(PeerIdentity peer) implements Authentication {
    }

    /** Not signed at all: an outside device, or a stranger (428 Use Identity Header). */
    record Unsigned() implements Authentication {
    }

    /** Signed, but the signature, credential, freshness or replay check failed (438 Invalid Identity Header). */
    record Failed(String reason) implements Authentication {
    }

    Authentication UNSIGNED = new Unsigned();

    /** The verified peer, if any. */
    default java.util.Optional<PeerIdentity> verifiedPeer() {
        return this instanceof Verified(PeerIdentity peer) ? java.util.Optional.of(peer) : java.util.Optional.empty();
    }
}
