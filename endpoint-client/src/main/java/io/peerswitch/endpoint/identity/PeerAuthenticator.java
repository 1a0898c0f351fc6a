package io.peerswitch.endpoint.identity;

import io.peerswitch.wire.identity.CertificateProblem;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.identity.ReplayMemory;
import io.peerswitch.wire.identity.SipSignatures;
import io.peerswitch.wire.sip.SipMessage;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs every SIP message this location sends and authenticates every one it receives (RFC 8224 compact
 * form with the {@code psw} PASSporT of {@link SipSignatures}; docs/security.md): the signer's credential must
 * come from our access server's user authority, the Date must be fresh, and a message seen before is let
 * through only as a retransmission inside {@link #RETRANSMISSION_WINDOW}, never as a later replay.
 * Thread-safe: the transport calls it on its network threads.
 */
public final class PeerAuthenticator {

    /** Verified credentials kept, so a peer's credential is checked against the authority once, not per message. */
    public static final int MAX_CREDENTIALS = 1024;
    /** Signatures remembered against replay; only verified messages enter, so only certified peers can fill it. */
    public static final int MAX_REMEMBERED = 16_384;
    /** How long a message may come again as a retransmission (RFC 3261 section 17): {@link ReplayMemory#RETRANSMISSION_WINDOW}. */
    public static final Duration RETRANSMISSION_WINDOW = ReplayMemory.RETRANSMISSION_WINDOW;

    private record Keys(PrivateKey key, LocationCredential credential, PublicKey authority) {
    }

    private final Clock clock;
    private volatile Keys keys;
    private final Map<String, LocationCredential> credentials = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LocationCredential> eldest) {
            return size() > MAX_CREDENTIALS;
        }
    };
    private final ReplayMemory seen = new ReplayMemory(MAX_REMEMBERED);
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong unsigned = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public PeerAuthenticator(Clock clock) {
        this.clock = clock;
    }

    /**
     * Signs from now on with {@code key}, whose credential is {@code credential}, and believes only credentials
     * of {@code authority}: after login, and again after each keepalive renewed the credential.
     */
    public void configure(PrivateKey key, LocationCredential credential, PublicKey authority) {
        Keys previous = keys;
        if (previous != null && !previous.authority().equals(authority)) {
            synchronized (credentials) {
                credentials.clear();
            }
        }
        keys = new Keys(key, credential, authority);
    }

    /** Stops signing and believing anyone (logout). */
    public void clear() {
        keys = null;
        synchronized (credentials) {
            credentials.clear();
        }
    }

    /** Whether this location has a credential to sign with. */
    public boolean ready() {
        return keys != null;
    }

    /** This location as its credential names it, once logged in. */
    public Optional<PeerIdentity> self() {
        Keys k = keys;
        return k == null ? Optional.empty() : Optional.of(new PeerIdentity(k.credential().userId(), k.credential().locationId()));
    }

    /** {@code message} signed (with a Date when it has none); unchanged before login. */
    public <M extends SipMessage> M sign(M message) {
        Keys k = keys;
        return k == null ? message : SipSignatures.sign(message, k.key(), k.credential(), clock.instant());
    }

    /** Authenticates {@code message}: who signed it, or why it is not believed. */
    public Authentication verify(SipMessage message) {
        Keys k = keys;
        Instant now = clock.instant();
        if (k == null) {
            boolean signedAtAll = message.header(SipSignatures.HEADER).isPresent();
            (signedAtAll ? failed : unsigned).incrementAndGet();
            return signedAtAll ? new Authentication.Failed("not logged in: no authority to check against") : Authentication.UNSIGNED;
        }
        SipSignatures.Verdict verdict = SipSignatures.verify(message, text -> credential(text, k.authority(), now), now);
        return switch (verdict) {
            case SipSignatures.Verdict.Missing missing -> {
                unsigned.incrementAndGet();
                yield Authentication.UNSIGNED;
            }
            case SipSignatures.Verdict.Invalid(String reason) -> {
                failed.incrementAndGet();
                yield new Authentication.Failed(reason);
            }
            case SipSignatures.Verdict.Verified(LocationCredential credential, String signature, Instant issuedAt) -> {
                String replay = seen.check(signature, issuedAt, now);
                if (replay != null) {
                    failed.incrementAndGet();
                    yield new Authentication.Failed(replay);
                }
                verified.incrementAndGet();
                yield new Authentication.Verified(new PeerIdentity(credential.userId(), credential.locationId()));
            }
        };
    }

    private LocationCredential credential(String text, PublicKey authority, Instant now) throws CertificateProblem {
        synchronized (credentials) {
            LocationCredential cached = credentials.get(text);
            if (cached != null && cached.validAt(now)) {
                return cached;
            }
        }
        LocationCredential checked = LocationCredential.verify(text, authority, now);
        synchronized (credentials) {
            credentials.put(text, checked);
        }
        return checked;
    }

    /** Counters for the operator (docs/operations.md): verified, unsigned, failed, replayed, replay memory full. */
    public record Counters(long verified, long unsigned, long failed, long replayed, long memoryFull) {
    }

    /** What the authenticator has seen so far. */
    public Counters counters() {
        return new Counters(verified.get(), unsigned.get(), failed.get(), seen.replayed(), seen.full());
    }
}
