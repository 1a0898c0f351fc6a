package io.peerswitch.server.sip.redirect;

import io.peerswitch.server.trunk.TrunkCredentials;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.sip.DigestCredentials;
import io.peerswitch.wire.sip.DigestParseResult;
import io.peerswitch.wire.sip.Digests;
import io.peerswitch.wire.sip.SipRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test fixtures: a directory with trunks and users, INVITEs, and a digest client answering a challenge. */
final class Trunks {

    static final String REALM = "peerswitch";
    static final List<DigestAlgorithm> ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    private Trunks() {
    }

    static TrunkCredentials trunk(String name, String password, boolean allUsers, Set<String> users) {
        return new TrunkCredentials(name, REALM, Digests.ha1(DigestAlgorithm.MD5, name, REALM, password),
                Digests.ha1(DigestAlgorithm.SHA_256, name, REALM, password), true, allUsers, users, List.of());
    }

    /** A directory: trunks by name, users with their online targets (none: offline). */
    static final class Directory implements RedirectDirectory {
        final Map<String, TrunkCredentials> trunks = new HashMap<>();
        final Map<String, List<Target>> users = new HashMap<>();

        @Override
        public Optional<TrunkCredentials> trunk(String name) {
            return Optional.ofNullable(trunks.get(name));
        }

        @Override
        public Optional<TrunkCredentials> trunkAt(java.net.InetAddress source) {
            return trunks.values().stream().filter(t -> t.enabled() && t.trusts(source)).findFirst();
        }

        @Override
        public Reach locate(String userId, Instant now) {
            List<Target> targets = users.get(userId);
            return targets == null ? new Reach.Unknown() : targets.isEmpty() ? new Reach.Offline() : new Reach.Online(targets);
        }
    }

    static RedirectDirectory.Target target(String locationId, String ip, int port, String secretHash) {
        return new RedirectDirectory.Target(locationId, new TransportAddress(ip, port), secretHash);
    }

    static SipRequest invite(String user, String branch) {
        return invite(user, branch, "UDP 192.0.2.10:5060");
    }

    static SipRequest invite(String user, String branch, String sentBy) {
        return new SipRequest("INVITE", "sip:" + user + "@redirect.example.com", List.of(), new byte[0])
                .addHeader("Via", "SIP/2.0/" + sentBy + ";branch=" + branch)
                .addHeader("Max-Forwards", "70")
                .addHeader("From", "<sip:4930123@pbx.example.com>;tag=pbx1")
                .addHeader("To", "<sip:" + user + "@redirect.example.com>")
                .addHeader("Call-ID", "call-" + branch)
                .addHeader("CSeq", "1 INVITE")
                .addHeader("Contact", "<sip:4930123@192.0.2.10:5060>");
    }

    /** {@code invite} again with Proxy-Authorization answering the challenge {@code proxyAuthenticate} for {@code trunk}. */
    static SipRequest authorized(SipRequest invite, String proxyAuthenticate, String trunk, String password) {
        Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(proxyAuthenticate);
        Matcher algorithm = Pattern.compile("algorithm=([A-Za-z0-9-]+)").matcher(proxyAuthenticate);
        if (!nonce.find() || !algorithm.find()) {
            throw new IllegalArgumentException("not a challenge: " + proxyAuthenticate);
        }
        DigestAlgorithm a = DigestAlgorithm.of(algorithm.group(1)).orElseThrow();
        String ha1 = Digests.ha1(a, trunk, REALM, password);
        String response = Digests.response(a, ha1, nonce.group(1), "00000001", "c0ffee", "auth", "INVITE", invite.requestUri());
        String value = "Digest username=\"" + trunk + "\", realm=\"" + REALM + "\", nonce=\"" + nonce.group(1) + "\", uri=\""
                + invite.requestUri() + "\", response=\"" + response + "\", algorithm=" + a.token()
                + ", qop=auth, nc=00000001, cnonce=\"c0ffee\"";
        if (!(DigestCredentials.parse(value) instanceof DigestParseResult.Parsed)) {
            throw new IllegalStateException("our own credentials do not parse: " + value);
        }
        return invite.withHeader("CSeq", "2 INVITE").withHeader("Via", invite.header("Via").orElseThrow() + "x")
                .addHeader("Proxy-Authorization", value);
    }
}
