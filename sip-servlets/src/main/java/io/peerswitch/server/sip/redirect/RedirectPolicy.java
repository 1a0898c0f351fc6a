package io.peerswitch.server.sip.redirect;

import io.peerswitch.server.sip.redirect.RedirectDirectory.Reach;
import io.peerswitch.server.trunk.TrunkCredentials;
import io.peerswitch.wire.account.UserIds;
import io.peerswitch.wire.session.RedirectGrant;
import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.sip.DigestChallenge;
import io.peerswitch.wire.sip.DigestCredentials;
import io.peerswitch.wire.sip.DigestParseResult;
import io.peerswitch.wire.sip.Digests;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import io.peerswitch.wire.sip.SipUri;
import io.peerswitch.wire.sip.UasChecks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The redirect server's decision for one request (FIG. 15; RFC 3261 sections 8.3 and 22.3): an INVITE without
 * valid trunk credentials (or from a trunk's trusted source address) gets 407 with a challenge per configured
 * algorithm (RFC 8760 section 2.4: SHA-256 before MD5 by default); with them, 403 when the trunk may not reach the
 * user, 404 for no such user, 480 when the user is offline, else 302 with one Contact per online location, each
 * carrying a {@link RedirectGrant} bound to the INVITE's Call-ID and From tag. OPTIONS gets 200. Credentials count
 * only with a nonce sent to the request's source ({@link Nonces}); a proven failure counts against the claimed
 * trunk name ({@link TrunkGuessLimit}) and, unless the source is a trunk's own address, against the source. A plain
 * class over a {@link RedirectDirectory}: no sockets, no clock of its own; owned by the redirect server's thread.
 */
public final class RedirectPolicy {

    /** Methods the redirect server accepts; others get 405 with Allow (RFC 3261 section 8.2.1). */
    public static final Set<String> METHODS = Set.of("INVITE", "ACK", "CANCEL", "OPTIONS");
    private static final UasChecks.Capabilities CAPABILITIES = new UasChecks.Capabilities(
            new java.util.LinkedHashSet<String>(List.of("INVITE", "ACK", "CANCEL", "OPTIONS")),
            Set.of(), Set.of("application/sdp"), Set.of("sip", "sips"));
    private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

    /**
     * What the policy decided: the response, and whether it was a failed authentication from a proven source
     * (a nonce round trip) to count against that source, which is not done for a trunk's own address.
     */
    public record Decision(SipResponse response, boolean authenticationFailed) {
    }

    /** Counters for operations: credentials whose nonce was not sent to their source (spoofed, replayed or foreign). */
    public record Stats(long unproven, TrunkGuessLimit.Stats trunks) {
    }

    private final RedirectDirectory directory;
    private final Nonces nonces;
    private final String realm;
    private final List<DigestAlgorithm> algorithms;
    private final Duration grantLifetime;
    private final TrunkGuessLimit guesses;
    private long unproven;

    /** A policy with the default per-trunk lock-out ({@link TrunkGuessLimit#TrunkGuessLimit()}). */
    public RedirectPolicy(RedirectDirectory directory, Nonces nonces, String realm, List<DigestAlgorithm> algorithms,
                          Duration grantLifetime) {
        this(directory, nonces, realm, algorithms, grantLifetime, new TrunkGuessLimit());
    }

    /** A policy challenging in {@code realm} with {@code algorithms}, in the order they are offered (at least one). */
    public RedirectPolicy(RedirectDirectory directory, Nonces nonces, String realm, List<DigestAlgorithm> algorithms,
                          Duration grantLifetime, TrunkGuessLimit guesses) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one digest algorithm must be offered");
        }
        this.directory = directory;
        this.nonces = nonces;
        this.realm = realm;
        this.algorithms = List.copyOf(algorithms);
        this.grantLifetime = grantLifetime;
        this.guesses = guesses;
    }

    /** The counters now (on the owning thread). */
    public Stats stats() {
        return new Stats(unproven, guesses.stats());
    }

    /** The answer to {@code request} (never ACK or CANCEL, which the transaction layer handles) from {@code source} at {@code now}. */
    public Decision decide(SipRequest request, java.net.InetAddress source, Instant now) {
        Optional<SipResponse> refused = UasChecks.check(request, CAPABILITIES);
        if (refused.isPresent()) {
            return new Decision(refused.get(), false);
        }
        if (request.method().equals("OPTIONS")) {
            return new Decision(reply(request, 200, null)
                    .addHeader("Allow", String.join(", ", CAPABILITIES.methods()))
                    .addHeader("Accept", "application/sdp"), false);
        }
        return invite(request, source, now);
    }

    private Decision invite(SipRequest request, java.net.InetAddress source, Instant now) {
        if (request.to().tag().isPresent()) {
            return new Decision(reply(request, 481, null), false); // no dialogs here (RFC 3261 section 12.2.2)
        }
        Optional<DigestCredentials> offered = Optional.empty();
        for (String value : request.headers(PROXY_AUTHORIZATION)) {
            switch (DigestCredentials.parse(value)) {
                case DigestParseResult.Parsed(DigestCredentials c) when c.realm().equals(realm) -> offered = Optional.of(c);
                case DigestParseResult.Parsed parsed -> { } // credentials for another realm: not ours (RFC 3261 section 22.3)
                case DigestParseResult.OtherScheme other -> { }
                case DigestParseResult.Malformed(String reason) -> {
                    return new Decision(reply(request, 400, "Bad Request (Proxy-Authorization: " + reason + ")"), false);
                }
            }
        }
        if (offered.isEmpty()) {
            Optional<TrunkCredentials> trusted = directory.trunkAt(source).filter(TrunkCredentials::enabled);
            return trusted.isPresent() ? route(request, trusted.get(), now) : challenge(request, source, now, false);
        }
        DigestCredentials credentials = offered.get();
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.of(credentials.algorithm()).filter(algorithms::contains);
        if (algorithm.isEmpty()) {
            return challenge(request, source, now, false);
        }
        if (!sameTarget(credentials.uri(), request.requestUri())) {
            return new Decision(reply(request, 400, "Bad Request (digest uri differs from the Request-URI)"), false);
        }
        // Authenticate, then learn: a nonce not sent to this source proves nothing, so the digest is not even
        // checked (no password oracle, no stale=TRUE hint) and nothing is counted against anyone.
        Nonces.Check nonce = nonces.check(credentials.nonce(), source, now);
        if (nonce == Nonces.Check.NOT_OURS) {
            unproven++;
            return challenge(request, source, now, false);
        }
        String name = credentials.username();
        Optional<TrunkCredentials> claimed = directory.trunk(name);
        boolean exists = claimed.isPresent();
        Optional<TrunkCredentials> trunk = claimed.filter(TrunkCredentials::enabled).filter(t -> t.realm().equals(realm));
        boolean ownAddress = claimed.map(t -> t.trusts(source)).orElse(false) || directory.trunkAt(source).isPresent();
        boolean lockedOut = !claimed.map(t -> t.trusts(source)).orElse(false) && guesses.locked(name, exists, now);
        if (lockedOut || trunk.isEmpty()
                || !Digests.verify(algorithm.get(), trunk.get().ha1(algorithm.get()), credentials, request.method())) {
            if (!lockedOut) {
                guesses.failed(name, exists, now);
            }
            return new Decision(reply(request, 403, "Forbidden (bad credentials)"), !ownAddress);
        }
        if (nonce == Nonces.Check.STALE) {
            return challenge(request, source, now, true);
        }
        return route(request, trunk.get(), now);
    }

    /** The answer for an INVITE of {@code trunk}, authenticated: 403, 404, 480 or 302. */
    private Decision route(SipRequest request, TrunkCredentials trunk, Instant now) {
        Optional<String> user = userOf(request.requestUri());
        if (user.isPresent() && !trunk.mayReach(user.get())) {
            return new Decision(reply(request, 403, "Forbidden (this trunk may not reach " + user.get() + ")"), false);
        }
        Reach reach = user.map(u -> directory.locate(u, now)).orElse(new Reach.Unknown());
        return new Decision(switch (reach) {
            case Reach.Unknown unknown -> reply(request, 404, null);
            case Reach.Offline offline -> reply(request, 480, "Temporarily Unavailable (offline)");
            case Reach.Online online -> redirect(request, user.get(), trunk.name(), online.targets(), now);
        }, false);
    }

    private Decision challenge(SipRequest request, java.net.InetAddress source, Instant now, boolean stale) {
        String nonce = nonces.issue(source, now);
        SipResponse response = reply(request, 407, null);
        for (DigestAlgorithm algorithm : algorithms) {
            response = response.addHeader("Proxy-Authenticate",
                    new DigestChallenge(realm, nonce, null, algorithm, stale).format());
        }
        return new Decision(response, false);
    }

    private SipResponse redirect(SipRequest request, String user, String trunk, List<RedirectDirectory.Target> targets,
                                 Instant now) {
        SipResponse response = reply(request, 302, null);
        Instant expires = now.plus(grantLifetime);
        RedirectGrant.Caller caller = RedirectGrant.Caller.of(request);
        for (RedirectDirectory.Target target : targets) {
            String host = target.address().ip().indexOf(':') >= 0 ? "[" + target.address().ip() + "]" : target.address().ip();
            String grant = RedirectGrant.issue(target.secretHash(), user, target.locationId(), trunk, caller, expires);
            response = response.addHeader("Contact", "<sip:" + user + "@" + host + ":" + target.address().port()
                    + ";" + RedirectGrant.PARAMETER + "=" + grant + ">");
        }
        return response;
    }

    /** The user a Request-URI names, when it is a valid user ID (compared case-insensitively). */
    static Optional<String> userOf(String requestUri) {
        return SipUri.parse(requestUri).map(SipUri::user).map(u -> u.toLowerCase(Locale.ROOT)).filter(UserIds::isValid);
    }

    /**
     * Whether the digest-uri names the Request-URI (RFC 2617 section 3.2.2.5): the same SIP URI, or a URI of the
     * same host and port without a user, as SIPp and some gateways send; anything else is a replay aimed elsewhere.
     */
    static boolean sameTarget(String digestUri, String requestUri) {
        if (digestUri.equals(requestUri)) {
            return true;
        }
        Optional<SipUri> a = SipUri.parse(digestUri);
        Optional<SipUri> b = SipUri.parse(requestUri);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a.get().toString().equals(b.get().toString())) {
            return true;
        }
        return a.get().user() == null && a.get().host().equals(b.get().host()) && a.get().port() == b.get().port();
    }

    private static SipResponse reply(SipRequest request, int status, String reason) {
        return SipResponses.reply(request, status, reason, SipResponses.statelessTag(request));
    }
}
