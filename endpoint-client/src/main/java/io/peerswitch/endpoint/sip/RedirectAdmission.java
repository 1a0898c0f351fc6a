package io.peerswitch.endpoint.sip;

import io.peerswitch.wire.session.RedirectGrant;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipUri;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an INVITE from a non-buddy was sent here by the access server's redirect server (FIG. 15): its
 * Request-URI (the Contact of the 302, RFC 3261 section 8.1.3.4) carries a {@link RedirectGrant} for this user
 * and this login's location, made with this login's session token, and not expired. A pure function.
 */
public final class RedirectAdmission {

    private RedirectAdmission() {
    }

    /** The trunk the grant in {@code request} was issued to, when it admits the request; empty otherwise. */
    public static Optional<String> trunk(SipRequest request, String userId, String locationId, String sessionToken, Instant now) {
        if (!request.method().equals("INVITE")) {
            return Optional.empty();
        }
        Optional<String> grant = SipUri.parse(request.requestUri()).map(uri -> uri.parameters().get(RedirectGrant.PARAMETER));
        return grant.flatMap(g -> RedirectGrant.keyOf(sessionToken)
                .flatMap(key -> RedirectGrant.verify(key, userId, locationId, g, now)));
    }
}
