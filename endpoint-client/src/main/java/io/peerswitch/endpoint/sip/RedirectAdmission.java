package io.peerswitch.endpoint.sip;

import io.peerswitch.wire.session.RedirectGrant;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipUri;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an INVITE from a non-buddy was sent here by the access server's redirect server (FIG. 15): its
 * Request-URI (the Contact of the 302, RFC 3261 section 8.1.3.4) carries a {@link RedirectGrant} for this user
 * and this login's location, made with this login's session token for this INVITE's Call-ID and From tag, not
 * expired and not used before. A used grant is remembered until it expires, at most {@value #MAX_USED}; a
 * retransmission of the INVITE that used it (same top Via branch and CSeq, RFC 3261 section 17.2.3) is still
 * admitted, any other request with it is not.
 */
public final class RedirectAdmission {

    /** Most used grants remembered at once; when that many are unexpired, further grants are refused (fail closed). */
    public static final int MAX_USED = 4_096;

    /** One memory per JVM behind {@link #trunk}: entries are keyed by the grant's MAC, unique per location and caller. */
    private static final RedirectAdmission SHARED = new RedirectAdmission();

    /** The INVITE that used a grant, and when the grant expires. */
    private record Use(String branch, long cseq, long expires) {
    }

    private final Map<String, Use> used = new HashMap<>();
    private long replays;
    private long refusedFull;

    /** A memory of used grants of its own (one per login's owner; {@link #trunk} uses a shared one). */
    public RedirectAdmission() {
    }

    /** The trunk the grant in {@code request} was issued to, when it admits the request (through one memory per JVM). */
    public static Optional<String> trunk(SipRequest request, String userId, String locationId, String sessionToken, Instant now) {
        return SHARED.admit(request, userId, locationId, sessionToken, now);
    }

    /** The trunk the grant in {@code request} was issued to, when it admits the request; empty otherwise. */
    public synchronized Optional<String> admit(SipRequest request, String userId, String locationId, String sessionToken,
                                               Instant now) {
        if (!request.method().equals("INVITE")) {
            return Optional.empty();
        }
        Optional<String> grant = SipUri.parse(request.requestUri()).map(uri -> uri.parameters().get(RedirectGrant.PARAMETER));
        if (grant.isEmpty()) {
            return Optional.empty();
        }
        RedirectGrant.Caller caller;
        String branch;
        long cseq;
        try {
            caller = RedirectGrant.Caller.of(request);
            branch = request.vias().isEmpty() ? "" : request.vias().get(0).branch().orElse("");
            cseq = request.cseq().number();
        } catch (RuntimeException e) {
            return Optional.empty(); // no Call-ID, From, Via or CSeq to bind to
        }
        Optional<String> trunk = RedirectGrant.keyOf(sessionToken)
                .flatMap(key -> RedirectGrant.verify(key, userId, locationId, caller, grant.get(), now));
        if (trunk.isEmpty()) {
            return trunk;
        }
        String key = locationId + " " + grant.get();
        Use earlier = used.get(key);
        if (earlier != null) {
            if (earlier.branch().equals(branch) && earlier.cseq() == cseq) {
                return trunk; // the same INVITE again
            }
            replays++;
            return Optional.empty();
        }
        if (used.size() >= MAX_USED) {
            forgetExpired(now);
        }
        if (used.size() >= MAX_USED) {
            refusedFull++;
            return Optional.empty();
        }
        used.put(key, new Use(branch, cseq, RedirectGrant.expiry(grant.get()).orElseThrow()));
        return trunk;
    }

    /** Grants remembered now. */
    public synchronized int size() {
        return used.size();
    }

    /** Valid grants refused because they had been used by another request. */
    public synchronized long replays() {
        return replays;
    }

    /** Valid grants refused because {@value #MAX_USED} unexpired ones were remembered. */
    public synchronized long refusedFull() {
        return refusedFull;
    }

    private void forgetExpired(Instant now) {
        long seconds = now.getEpochSecond();
        for (Iterator<Use> it = used.values().iterator(); it.hasNext(); ) {
            if (seconds >= it.next().expires()) {
                it.remove();
            }
        }
    }
}
