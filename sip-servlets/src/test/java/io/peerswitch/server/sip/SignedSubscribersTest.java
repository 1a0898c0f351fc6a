package io.peerswitch.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.session.SessionPrincipal;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.identity.SipSignatures;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponses;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server channel without bearer tokens (docs/security.md): signed SUBSCRIBEs in, signed NOTIFYs out. */
class SignedSubscribersTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private final KeyPair authority = EcKeys.generate();
    private final KeyPair aliceKeys = EcKeys.generate();
    private final LocationCredential alice = LocationCredential.issue(authority.getPrivate(), "alice", "loc-alice",
            (ECPublicKey) aliceKeys.getPublic(), NOW.plusSeconds(300));
    private final Set<String> online = new java.util.HashSet<>(Set.of("alice/loc-alice"));
    private final MutableClock clock = new MutableClock(NOW);
    private final SignedSubscribers subscribers = new SignedSubscribers(authority.getPublic(),
            (user, location) -> online.contains(user + "/" + location), clock);

    private static SipRequest subscribe(String from, String callId) {
        String text = "SUBSCRIBE sip:_peerswitch@198.19.0.2:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.18.1.1:40001;branch=z9hG4bK" + callId + ";rport\r\nMax-Forwards: 70\r\n"
                + "From: <sip:" + from + "@peerswitch.test>;tag=s1\r\nTo: <sip:_peerswitch@198.19.0.2:5060>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 SUBSCRIBE\r\nEvent: peerswitch\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return (SipRequest) ((SipParseResult.Parsed) SipCodec.parse(bytes, 0, bytes.length)).message();
    }

    @Test
    void aSubscribeSignedByALiveLocationNamesIt() {
        SipRequest signed = SipSignatures.sign(subscribe("alice", "c1"), aliceKeys.getPrivate(), alice, NOW);

        assertThat(subscribers.authenticate(signed)).contains(new SessionPrincipal("alice", "loc-alice"));
        assertThat(signed.headers().toString()).doesNotContain("Bearer");
    }

    @Test
    void unsignedForgedAndOfflineSubscribesAreRefused() {
        KeyPair rogue = EcKeys.generate();
        LocationCredential selfMade = LocationCredential.issue(rogue.getPrivate(), "alice", "loc-alice",
                (ECPublicKey) rogue.getPublic(), NOW.plusSeconds(300));

        assertThat(subscribers.authenticate(subscribe("alice", "c2"))).isEmpty();
        assertThat(subscribers.authenticate(SipSignatures.sign(subscribe("alice", "c3"), rogue.getPrivate(), selfMade, NOW))).isEmpty();
        assertThat(subscribers.authenticate(SipSignatures.sign(subscribe("bob", "c4"), aliceKeys.getPrivate(), alice, NOW))).isEmpty();
        online.clear();
        assertThat(subscribers.authenticate(SipSignatures.sign(subscribe("alice", "c5"), aliceKeys.getPrivate(), alice, NOW))).isEmpty();
        assertThat(subscribers.refused()).isEqualTo(4);
    }

    @Test
    void aCapturedSubscribeReplayedLaterIsRefused() {
        SipRequest captured = SipSignatures.sign(subscribe("alice", "c6"), aliceKeys.getPrivate(), alice, NOW);
        assertThat(subscribers.authenticate(captured)).isPresent();

        clock.advance(java.time.Duration.ofSeconds(40));
        assertThat(subscribers.authenticate(captured)).isEmpty();
        clock.advance(java.time.Duration.ofSeconds(80));
        assertThat(subscribers.authenticate(captured)).as("stale by then").isEmpty();
    }

    @Test
    void theServerSignsAsTheReservedUserWithACredentialOfTheAuthority() {
        ServerIdentity server = new ServerIdentity((user, location, key, until) ->
                LocationCredential.issue(authority.getPrivate(), user, location, key, until), Clock.fixed(NOW, ZoneOffset.UTC));
        SipRequest subscribe = subscribe("alice", "c7");
        io.peerswitch.wire.sip.SipResponse ok = (io.peerswitch.wire.sip.SipResponse) server.sign(SipResponses.reply(subscribe, 200, "OK", "srv"));

        SipSignatures.Verdict verdict = SipSignatures.verify(ok, text -> LocationCredential.verify(text, authority.getPublic(), NOW), NOW);
        assertThat(verdict).isInstanceOfSatisfying(SipSignatures.Verdict.Verified.class,
                v -> assertThat(v.credential().userId()).isEqualTo(NotificationChannel.SERVER_USER));
        assertThat(io.peerswitch.wire.account.UserIds.isValid(NotificationChannel.SERVER_USER)).as("no account can be the server").isFalse();
        assertThat(Optional.of(ok.header("Identity"))).isPresent();
    }
}
