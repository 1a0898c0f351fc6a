package io.peerswitch.server.sip;

import io.peerswitch.server.session.SessionPrincipal;
import io.peerswitch.wire.identity.CertificateProblem;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.identity.ReplayMemory;
import io.peerswitch.wire.identity.SipSignatures;
import io.peerswitch.wire.sip.SipRequest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Who signed a SUBSCRIBE to the server's notices (docs/security.md, "The server channel"): a credential of
 * our user authority, a fresh Date, a signature not seen before (or a retransmission), and a location the
 * session table still has online. Replaces the bearer token, so nothing replayable crosses the wire.
 * Thread-safe.
 */
public final class SignedSubscribers implements EndpointChannel.Authenticator {

    /** Signatures remembered against replay. */
    public static final int MAX_REMEMBERED = 65_536;

    private final PublicKey authority;
    private final BiPredicate<String, String> live;
    private final Clock clock;
    private final ReplayMemory replays = new ReplayMemory(MAX_REMEMBERED);
    private final AtomicLong refused = new AtomicLong();

    /** @param live whether user and location (in that order) are online now */
    public SignedSubscribers(PublicKey authority, BiPredicate<String, String> live, Clock clock) {
        this.authority = authority;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public Optional<SessionPrincipal> authenticate(SipRequest subscribe) {
        Instant now = clock.instant();
        SipSignatures.Verdict verdict = SipSignatures.verify(subscribe, this::check, now);
        if (verdict instanceof SipSignatures.Verdict.Verified(LocationCredential credential, String signature, Instant issuedAt)
                && replays.check(signature, issuedAt, now) == null && live.test(credential.userId(), credential.locationId())) {
            return Optional.of(new SessionPrincipal(credential.userId(), credential.locationId()));
        }
        refused.incrementAndGet();
        return Optional.empty();
    }

    private LocationCredential check(String text) throws CertificateProblem {
        return LocationCredential.verify(text, authority, clock.instant());
    }

    /** SUBSCRIBEs refused: unsigned, badly signed, replayed, or of a location no longer online. */
    public long refused() {
        return refused.get();
    }
}
