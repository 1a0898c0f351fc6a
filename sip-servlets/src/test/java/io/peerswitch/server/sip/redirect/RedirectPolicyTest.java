package io.peerswitch.server.sip.redirect;

import static io.peerswitch.server.sip.redirect.Trunks.authorized;
import static io.peerswitch.server.sip.redirect.Trunks.invite;
import static io.peerswitch.server.sip.redirect.Trunks.target;
import static io.peerswitch.server.sip.redirect.Trunks.trunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.session.RedirectGrant;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipUri;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The redirect decision of FIG. 15 without sockets: challenge, credentials, reach, 302 with grants, 480, 404, 403. */
class RedirectPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final java.net.InetAddress PBX = address("192.0.2.10");
    private static final String SECRET = "s3cr3t-part-of-the-token";
    private static final String SECRET_HASH = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(SECRET));

    private final Trunks.Directory directory = new Trunks.Directory();
    private final Nonces nonces = new Nonces(new byte[32], Duration.ofMinutes(5));
    private final RedirectPolicy policy = new RedirectPolicy(directory, nonces, Trunks.REALM, Trunks.ALGORITHMS,
            Duration.ofSeconds(60));

    @BeforeEach
    void provision() {
        directory.trunks.put("pbx-berlin", trunk("pbx-berlin", "correct horse", true, Set.of()));
        directory.trunks.put("gw-only-bob", trunk("gw-only-bob", "battery staple", false, Set.of("bob")));
        directory.users.put("alice", List.of(target("loc-a1", "198.18.0.10", 40000, SECRET_HASH),
                target("loc-a2", "2001:db8::7", 5062, SECRET_HASH)));
        directory.users.put("bob", List.of());
    }

    private SipResponse decide(SipRequest request, Instant at) {
        return policy.decide(request, PBX, at).response();
    }

    private SipResponse authenticated(String user, String trunk, String password, String algorithm) {
        SipRequest first = invite(user, "z9hG4bK-" + user);
        SipResponse challenge = decide(first, NOW);
        String offer = challenge.headers("Proxy-Authenticate").stream().filter(v -> v.contains("algorithm=" + algorithm))
                .findFirst().orElseThrow();
        return decide(authorized(first, offer, trunk, password), NOW.plusSeconds(2));
    }

    @Test
    void anInviteWithoutCredentialsIsChallengedWithSha256FirstThenMd5() {
        SipResponse response = decide(invite("alice", "z9hG4bK-1"), NOW);

        assertThat(response.status()).isEqualTo(407);
        assertThat(response.headers("Proxy-Authenticate")).hasSize(2);
        assertThat(response.headers("Proxy-Authenticate").get(0)).startsWith("Digest realm=\"peerswitch\"")
                .contains("algorithm=SHA-256", "qop=\"auth\"").doesNotContain("stale");
        assertThat(response.headers("Proxy-Authenticate").get(1)).contains("algorithm=MD5");
        assertThat(response.to().tag()).isPresent();
    }

    @Test
    void validCredentialsGetA302WithAContactPerOnlineLocationEachCarryingAGrantTheEndpointAccepts() {
        for (String algorithm : List.of("SHA-256", "MD5")) {
            SipResponse response = authenticated("alice", "pbx-berlin", "correct horse", algorithm);

            assertThat(response.status()).as(algorithm).isEqualTo(302);
            List<SipUri> contacts = response.headers("Contact").stream()
                    .map(c -> NameAddr.parse(c).flatMap(NameAddr::sipUri).orElseThrow()).toList();
            assertThat(contacts).extracting(SipUri::host).containsExactly("198.18.0.10", "[2001:db8:0:0:0:0:0:7]");
            assertThat(contacts).extracting(SipUri::port).containsExactly(40000, 5062);
            assertThat(contacts).extracting(SipUri::user).containsOnly("alice");
            String grant = contacts.get(0).parameters().get(RedirectGrant.PARAMETER);
            byte[] key = RedirectGrant.keyOf("ps1.YWxpY2U.loc-a1." + SECRET).orElseThrow();
            RedirectGrant.Caller caller = new RedirectGrant.Caller("call-z9hG4bK-alice", "pbx1");
            assertThat(RedirectGrant.verify(key, "alice", "loc-a1", caller, grant, NOW.plusSeconds(30))).contains("pbx-berlin");
            assertThat(RedirectGrant.verify(key, "alice", "loc-a2", caller, grant, NOW.plusSeconds(30))).as("other location").isEmpty();
            assertThat(RedirectGrant.verify(key, "alice", "loc-a1", caller, grant, NOW.plusSeconds(63))).as("expired").isEmpty();
            assertThat(RedirectGrant.verify(key, "alice", "loc-a1", new RedirectGrant.Caller("another-call", "pbx1"), grant,
                    NOW.plusSeconds(30))).as("another call").isEmpty();
            assertThat(RedirectGrant.verify(key, "alice", "loc-a1", new RedirectGrant.Caller("call-z9hG4bK-alice", "x"), grant,
                    NOW.plusSeconds(30))).as("another From tag").isEmpty();
        }
    }

    @Test
    void anOfflineUserGets480AnUnknownOne404AndAUserTheTrunkMayNotReach403() {
        assertThat(authenticated("bob", "pbx-berlin", "correct horse", "MD5").status()).isEqualTo(480);
        assertThat(authenticated("nobody", "pbx-berlin", "correct horse", "MD5").status()).isEqualTo(404);
        SipResponse refused = authenticated("alice", "gw-only-bob", "battery staple", "SHA-256");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).contains("may not reach alice");
        assertThat(authenticated("bob", "gw-only-bob", "battery staple", "SHA-256").status()).isEqualTo(480);
    }

    @Test
    void aWrongPasswordOrAnUnknownTrunkIs403AndCountsAsAFailedAuthentication() {
        SipRequest first = invite("alice", "z9hG4bK-2");
        String offer = decide(first, NOW).headers("Proxy-Authenticate").get(0);

        RedirectPolicy.Decision wrong = policy.decide(authorized(first, offer, "pbx-berlin", "wrong horse"), PBX, NOW);
        RedirectPolicy.Decision unknown = policy.decide(authorized(first, offer, "pbx-paris", "correct horse"), PBX, NOW);

        assertThat(wrong.response().status()).isEqualTo(403);
        assertThat(wrong.authenticationFailed()).isTrue();
        assertThat(unknown.response().status()).isEqualTo(403);
        assertThat(unknown.response().reason()).isEqualTo(wrong.response().reason()); // no hint which one was wrong
    }

    @Test
    void aStaleNonceWithTheRightPasswordIsChallengedAgainWithStaleTrueAndAForeignOneWithoutAHint() {
        SipRequest first = invite("alice", "z9hG4bK-3");
        String offer = decide(first, NOW).headers("Proxy-Authenticate").get(0);
        SipRequest answer = authorized(first, offer, "pbx-berlin", "correct horse");

        SipResponse late = decide(answer, NOW.plus(Duration.ofMinutes(6)));
        RedirectPolicy restarted = new RedirectPolicy(directory, new Nonces(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
                Duration.ofMinutes(5)), Trunks.REALM, Trunks.ALGORITHMS, Duration.ofSeconds(60));
        RedirectPolicy.Decision foreign = restarted.decide(answer, PBX, NOW);

        assertThat(late.status()).isEqualTo(407);
        assertThat(late.headers("Proxy-Authenticate")).allMatch(v -> v.contains("stale=TRUE"));
        // A nonce that is not ours proves nothing about the sender: the digest is not checked, so no stale=TRUE.
        assertThat(foreign.response().status()).isEqualTo(407);
        assertThat(foreign.response().headers("Proxy-Authenticate")).noneMatch(v -> v.contains("stale"));
        assertThat(foreign.authenticationFailed()).isFalse();
        assertThat(restarted.stats().unproven()).isEqualTo(1);
    }

    @Test
    void credentialsAnsweringANonceSentToAnotherAddressProveNothingAndCountAgainstNoOne() {
        SipRequest first = invite("alice", "z9hG4bK-sp");
        String offer = decide(first, NOW).headers("Proxy-Authenticate").get(0); // sent to PBX
        java.net.InetAddress spoofed = address("198.18.9.9");

        for (String password : List.of("wrong horse", "correct horse")) {
            RedirectPolicy.Decision d = policy.decide(authorized(first, offer, "pbx-berlin", password), spoofed, NOW);
            assertThat(d.response().status()).as(password).isEqualTo(407);
            assertThat(d.response().headers("Proxy-Authenticate")).as("no oracle").noneMatch(v -> v.contains("stale"));
            assertThat(d.authenticationFailed()).isFalse();
        }
        assertThat(policy.stats().trunks().failures()).isZero();
        assertThat(policy.decide(authorized(first, offer, "pbx-berlin", "correct horse"), PBX, NOW).response().status())
                .as("from the address it was sent to").isEqualTo(302);
    }

    @Test
    void guessesForOneTrunkFromManySourcesLockItAndThenEvenTheRightPasswordIs403LikeAWrongOne() {
        List<java.net.InetAddress> sources = List.of(address("198.18.7.2"), address("198.18.7.3"), address("198.18.7.4"));
        for (int i = 0; i < TrunkGuessLimit.DEFAULT_MAX_FAILURES; i++) {
            java.net.InetAddress source = sources.get(i % 3);
            SipRequest guess = invite("alice", "z9hG4bK-g" + i);
            String offer = policy.decide(guess, source, NOW).response().headers("Proxy-Authenticate").get(0);
            RedirectPolicy.Decision d = policy.decide(authorized(guess, offer, "pbx-berlin", "guess " + i), source, NOW);
            assertThat(d.response().status()).isEqualTo(403);
            assertThat(d.authenticationFailed()).isTrue();
        }
        SipRequest right = invite("alice", "z9hG4bK-right");
        String offer = policy.decide(right, sources.get(0), NOW).response().headers("Proxy-Authenticate").get(0);
        RedirectPolicy.Decision locked = policy.decide(authorized(right, offer, "pbx-berlin", "correct horse"), sources.get(0),
                NOW.plusSeconds(1));
        SipResponse wrong = policy.decide(authorized(right, offer, "pbx-berlin", "wrong"), sources.get(0), NOW.plusSeconds(1))
                .response();

        assertThat(locked.response().status()).isEqualTo(403);
        assertThat(locked.response().reason()).isEqualTo(wrong.reason());
        assertThat(policy.stats().trunks().lockouts()).isEqualTo(1);
        Instant later = NOW.plus(TrunkGuessLimit.DEFAULT_WINDOW).plusSeconds(1);
        String fresh = policy.decide(right, sources.get(0), later).response().headers("Proxy-Authenticate").get(0);
        assertThat(policy.decide(authorized(right, fresh, "pbx-berlin", "correct horse"), sources.get(0), later).response().status())
                .as("after the window").isEqualTo(302);
    }

    @Test
    void anUnknownTrunkNameIsLockedOutAlikeSoTheAnswersTellNoNames() {
        for (String name : List.of("pbx-berlin", "pbx-nowhere")) {
            for (int i = 0; i <= TrunkGuessLimit.DEFAULT_MAX_FAILURES; i++) {
                SipRequest guess = invite("alice", "z9hG4bK-" + name + i);
                String offer = decide(guess, NOW).headers("Proxy-Authenticate").get(0);
                SipResponse r = decide(authorized(guess, offer, name, "guess"), NOW);
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.reason()).isEqualTo("Forbidden (bad credentials)");
            }
        }
        assertThat(policy.stats().trunks().lockouts()).isEqualTo(2);
        assertThat(policy.stats().trunks().refusedLocked()).isEqualTo(2);
    }

    @Test
    void failuresFromATrunksOwnAddressAreNotCountedAgainstThatAddressAndItsOwnTrunkIsNeverLockedThere() {
        directory.trunks.put("pbx-office", new io.peerswitch.server.trunk.TrunkCredentials("pbx-office", Trunks.REALM,
                trunk("pbx-office", "office pass", true, Set.of()).ha1Md5(), trunk("pbx-office", "office pass", true, Set.of()).ha1Sha256(),
                true, true, Set.of(), List.of(io.peerswitch.wire.trunk.AddressRange.parse("198.18.8.0/24", "addresses"))));
        java.net.InetAddress office = address("198.18.8.1");
        java.net.InetAddress elsewhere = address("198.18.6.1");
        for (int i = 0; i < TrunkGuessLimit.DEFAULT_MAX_FAILURES; i++) {
            SipRequest guess = invite("alice", "z9hG4bK-o" + i);
            String offer = policy.decide(guess, elsewhere, NOW).response().headers("Proxy-Authenticate").get(0);
            policy.decide(authorized(guess, offer, "pbx-office", "guess"), elsewhere, NOW);
        }
        SipRequest fromOffice = invite("alice", "z9hG4bK-office");
        String offer = policy.decide(fromOffice, elsewhere, NOW).response().headers("Proxy-Authenticate").get(0);
        String officeOffer = nonceFor(office);
        RedirectPolicy.Decision wrongFromOffice = policy.decide(authorized(fromOffice, officeOffer, "pbx-berlin", "wrong"), office, NOW);

        assertThat(policy.decide(authorized(fromOffice, offer, "pbx-office", "office pass"), elsewhere, NOW).response().status())
                .as("locked elsewhere").isEqualTo(403);
        assertThat(policy.decide(authorized(fromOffice, officeOffer, "pbx-office", "office pass"), office, NOW).response().status())
                .as("never at its own address").isEqualTo(302);
        assertThat(wrongFromOffice.response().status()).isEqualTo(403);
        assertThat(wrongFromOffice.authenticationFailed()).as("not counted against the trunk's own address").isFalse();
    }

    /** A challenge's Proxy-Authenticate as sent to {@code source}, for an INVITE that carries no credentials. */
    private String nonceFor(java.net.InetAddress source) {
        SipRequest probe = invite("alice", "z9hG4bK-probe").addHeader("Proxy-Authorization",
                "Digest username=\"x\", realm=\"" + Trunks.REALM + "\", nonce=\"not-ours\", uri=\"sip:alice@redirect.example.com\","
                        + " response=\"00\", algorithm=SHA-256");
        return policy.decide(probe, source, NOW).response().headers("Proxy-Authenticate").get(0);
    }

    @Test
    void credentialsForAnotherRealmAreIgnoredAndMalformedOnesAreA400() {
        SipRequest otherRealm = invite("alice", "z9hG4bK-4").addHeader("Proxy-Authorization",
                "Digest username=\"x\", realm=\"elsewhere\", nonce=\"n\", uri=\"sip:alice@redirect.example.com\", response=\"00\"");
        SipRequest malformed = invite("alice", "z9hG4bK-5").addHeader("Proxy-Authorization", "Digest username=\"x");

        assertThat(decide(otherRealm, NOW).status()).isEqualTo(407);
        SipResponse bad = decide(malformed, NOW);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reason()).startsWith("Bad Request (Proxy-Authorization");
    }

    @Test
    void theDigestUriMustNameTheRequestUri() {
        SipRequest first = invite("alice", "z9hG4bK-6");
        String offer = decide(first, NOW).headers("Proxy-Authenticate").get(0);
        SipRequest retargeted = authorized(first, offer, "pbx-berlin", "correct horse").withRequestUri("sip:bob@redirect.example.com");

        assertThat(decide(retargeted, NOW).status()).isEqualTo(400);
        assertThat(RedirectPolicy.sameTarget("sip:redirect.example.com", "sip:alice@redirect.example.com")).as("SIPp's form")
                .isTrue();
        assertThat(RedirectPolicy.sameTarget("sip:redirect.example.com:5070", "sip:alice@redirect.example.com")).isFalse();
        assertThat(RedirectPolicy.sameTarget("sip:ALICE@Redirect.example.com", "sip:ALICE@redirect.example.com")).isTrue();
        assertThat(RedirectPolicy.sameTarget("sip:bob@redirect.example.com", "sip:alice@redirect.example.com")).isFalse();
    }

    @Test
    void optionsIsAnsweredWithoutCredentialsAndOtherMethodsGet405WithAllow() {
        SipRequest options = invite("alice", "z9hG4bK-7");
        options = new SipRequest("OPTIONS", "sip:redirect.example.com", options.headers(), new byte[0]).withHeader("CSeq", "1 OPTIONS");
        SipRequest register = new SipRequest("REGISTER", "sip:redirect.example.com", options.headers(), new byte[0])
                .withHeader("CSeq", "1 REGISTER");

        SipResponse ok = decide(options, NOW);
        SipResponse refused = decide(register, NOW);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Allow")).contains("INVITE, ACK, CANCEL, OPTIONS");
        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.header("Allow")).contains("INVITE, ACK, CANCEL, OPTIONS");
    }

    @Test
    void theConfiguredAlgorithmsAreOfferedInTheirOrderAndNoOthersAccepted() {
        RedirectPolicy md5First = new RedirectPolicy(directory, nonces, Trunks.REALM,
                List.of(io.peerswitch.wire.sip.DigestAlgorithm.MD5), Duration.ofSeconds(60));
        SipRequest first = invite("alice", "z9hG4bK-9");
        SipResponse challenge = md5First.decide(first, PBX, NOW).response();
        String sha256Offer = decide(first, NOW).headers("Proxy-Authenticate").get(0);

        assertThat(challenge.headers("Proxy-Authenticate")).singleElement().asString().contains("algorithm=MD5");
        assertThat(md5First.decide(authorized(first, sha256Offer, "pbx-berlin", "correct horse"), PBX, NOW).response().status())
                .as("SHA-256 credentials where only MD5 is offered").isEqualTo(407);
        assertThat(md5First.decide(authorized(first, challenge.headers("Proxy-Authenticate").get(0), "pbx-berlin",
                "correct horse"), PBX, NOW).response().status()).isEqualTo(302);
    }

    @Test
    void anInviteInsideADialogIs481() {
        SipRequest reinvite = invite("alice", "z9hG4bK-8").withHeader("To", "<sip:alice@redirect.example.com>;tag=x");

        assertThat(decide(reinvite, NOW).status()).isEqualTo(481);
    }

    private static java.net.InetAddress address(String ip) {
        try {
            return java.net.InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTrunkTrustedByItsSourceAddressIsRedirectedWithoutAChallengeAndOthersAreStillChallenged() {
        directory.trunks.put("ip-trunk", new io.peerswitch.server.trunk.TrunkCredentials("ip-trunk", Trunks.REALM, "x", "y", true,
                false, Set.of("alice"), List.of(io.peerswitch.wire.trunk.AddressRange.parse("198.18.4.0/24", "addresses"))));

        SipResponse trusted = policy.decide(invite("alice", "z9hG4bK-ip1"), address("198.18.4.77"), NOW).response();
        SipResponse refused = policy.decide(invite("bob", "z9hG4bK-ip2"), address("198.18.4.77"), NOW).response();
        SipResponse elsewhere = policy.decide(invite("alice", "z9hG4bK-ip3"), address("198.18.5.77"), NOW).response();

        assertThat(trusted.status()).isEqualTo(302);
        assertThat(trusted.header("Contact")).hasValueSatisfying(c -> assertThat(c).contains("ps-grant="));
        assertThat(refused.status()).as("the IP trunk reaches alice only").isEqualTo(403);
        assertThat(elsewhere.status()).isEqualTo(407);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
