package io.peerswitch.wire.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The compact PASSporT profile of {@link SipSignatures}: what verifies, and every way a forgery fails. */
class SipSignaturesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private final KeyPair authority = EcKeys.generate();
    private final KeyPair alice = EcKeys.generate();
    private final LocationCredential aliceCredential = LocationCredential.issue(authority.getPrivate(), "alice", "loc-a1",
            (java.security.interfaces.ECPublicKey) alice.getPublic(), NOW.plusSeconds(300));
    private final SipSignatures.CredentialCheck check = text -> LocationCredential.verify(text, authority.getPublic(), NOW);

    private static SipRequest message() {
        String text = "MESSAGE sip:bob@198.18.0.2:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 198.18.0.1:5070;branch=z9hG4bK-1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@peerswitch.test>;tag=a1\r\n"
                + "To: <sip:bob@peerswitch.test>\r\n"
                + "Call-ID: c1@198.18.0.1\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Contact: <sip:alice@198.18.0.1:5070>;ps-nat=symmetric;ps-reflector=\"198.19.0.10:3478\"\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: 5\r\n\r\nhello";
        return parse(text);
    }

    private static SipRequest parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return (SipRequest) ((SipParseResult.Parsed) SipCodec.parse(bytes, 0, bytes.length)).message();
    }

    private SipRequest signed() {
        return SipSignatures.sign(message(), alice.getPrivate(), aliceCredential, NOW);
    }

    @Test
    void aSignedRequestVerifiesAndNamesItsLocation() {
        SipSignatures.Verdict verdict = SipSignatures.verify(signed(), check, NOW.plusSeconds(2));

        assertThat(verdict).isInstanceOfSatisfying(SipSignatures.Verdict.Verified.class, v -> {
            assertThat(v.credential().userId()).isEqualTo("alice");
            assertThat(v.credential().locationId()).isEqualTo("loc-a1");
        });
        assertThat(signed().header("Identity").orElseThrow()).startsWith("..").contains(";alg=ES256;ppt=psw");
    }

    @Test
    void aSignedRequestStaysUnderTheUdpLimitOfRfc3261() {
        assertThat(SipCodec.format(signed()).length - SipCodec.format(message()).length).isLessThan(470);
    }

    @Test
    void theReceiverStampingReceivedAndRportDoesNotBreakIt() {
        SipRequest stamped = signed().withHeader("Via", "SIP/2.0/UDP 198.18.0.1:5070;branch=z9hG4bK-1;rport=40001;received=198.18.9.9");

        assertThat(SipSignatures.verify(stamped, check, NOW)).isInstanceOf(SipSignatures.Verdict.Verified.class);
    }

    @Test
    void respacingAndReorderingParametersDoesNotBreakIt() {
        String text = new String(SipCodec.format(signed()), StandardCharsets.UTF_8)
                .replace("Contact: <sip:alice@198.18.0.1:5070>;ps-nat=symmetric;ps-reflector=\"198.19.0.10:3478\"",
                        "Contact:   <sip:alice@198.18.0.1:5070> ;ps-reflector=\"198.19.0.10:3478\";ps-nat=symmetric");

        assertThat(SipSignatures.verify(parse(text), check, NOW)).isInstanceOf(SipSignatures.Verdict.Verified.class);
    }

    @Test
    void everyCoveredFieldChangedBreaksIt() {
        SipRequest good = signed();
        java.util.List<SipRequest> forged = java.util.List.of(
                good.withRequestUri("sip:bob@198.18.0.3:5060"),
                good.withHeader("Via", "SIP/2.0/UDP 198.18.0.66:5070;branch=z9hG4bK-1;rport"),
                good.withHeader("Via", "SIP/2.0/UDP 198.18.0.1:5070;branch=z9hG4bK-2;rport"),
                good.withHeader("From", "<sip:alice@peerswitch.test>;tag=a2"),
                good.withHeader("To", "<sip:bob@peerswitch.test>;tag=x"),
                good.withHeader("To", "<sip:carol@peerswitch.test>"),
                good.withHeader("Call-ID", "c2@198.18.0.1"),
                good.withHeader("CSeq", "2 MESSAGE"),
                good.withHeader("Contact", "<sip:alice@198.18.0.66:5070>;ps-nat=symmetric;ps-reflector=\"198.19.0.10:3478\""),
                good.withHeader("Contact", "<sip:alice@198.18.0.1:5070>;ps-nat=symmetric;ps-reflector=\"198.18.0.66:3478\""),
                good.withHeader("Content-Type", "text/html"),
                good.withBody("text/plain", "hellO".getBytes(StandardCharsets.UTF_8)),
                good.withHeader("Date", SipSignatures.DATE.format(NOW.plusSeconds(1))));

        for (SipRequest request : forged) {
            assertThat(SipSignatures.verify(request, check, NOW)).as(request.toString())
                    .isInstanceOf(SipSignatures.Verdict.Invalid.class);
        }
    }

    @Test
    void aForgedFromIsRefusedEvenWithAGenuineCredential() {
        SipRequest claimingCarol = SipSignatures.sign(message().withHeader("From", "<sip:carol@peerswitch.test>;tag=a1"),
                alice.getPrivate(), aliceCredential, NOW);

        assertThat(SipSignatures.verify(claimingCarol, check, NOW)).isInstanceOfSatisfying(SipSignatures.Verdict.Invalid.class,
                v -> assertThat(v.reason()).contains("signed by alice for carol"));
    }

    @Test
    void aKeyTheCredentialDoesNotCertifyIsRefused() {
        SipRequest mallory = SipSignatures.sign(message(), EcKeys.generate().getPrivate(), aliceCredential, NOW);

        assertThat(SipSignatures.verify(mallory, check, NOW)).isInstanceOf(SipSignatures.Verdict.Invalid.class);
    }

    @Test
    void aCredentialFromAnotherAuthorityIsRefused() {
        KeyPair rogue = EcKeys.generate();
        LocationCredential selfMade = LocationCredential.issue(rogue.getPrivate(), "alice", "loc-x",
                (java.security.interfaces.ECPublicKey) alice.getPublic(), NOW.plusSeconds(300));

        SipRequest forged = SipSignatures.sign(message(), alice.getPrivate(), selfMade, NOW);

        assertThat(SipSignatures.verify(forged, check, NOW)).isInstanceOfSatisfying(SipSignatures.Verdict.Invalid.class,
                v -> assertThat(v.reason()).contains("not issued by this access server"));
    }

    @Test
    void staleAndUnsignedMessagesAreTold() {
        assertThat(SipSignatures.verify(signed(), check, NOW.plus(SipSignatures.FRESHNESS).plusSeconds(1)))
                .isInstanceOf(SipSignatures.Verdict.Invalid.class);
        assertThat(SipSignatures.verify(message(), check, NOW)).isInstanceOf(SipSignatures.Verdict.Missing.class);
        assertThat(SipSignatures.verify(message().addHeader("Identity", "..AAAA;info=<urn:peerswitch:credential:AAAA>;alg=ES256;ppt=psw"),
                check, NOW)).isInstanceOf(SipSignatures.Verdict.Invalid.class);
        assertThat(SipSignatures.verify(message().addHeader("Identity", "garbage"), check, NOW))
                .isInstanceOf(SipSignatures.Verdict.Invalid.class);
    }

    @Test
    void anExpiredCredentialIsRefused() {
        Instant later = NOW.plusSeconds(300).plus(LocationCertificate.CLOCK_SKEW).plusSeconds(5);
        SipRequest late = SipSignatures.sign(message(), alice.getPrivate(), aliceCredential, later);

        assertThat(SipSignatures.verify(late, text -> LocationCredential.verify(text, authority.getPublic(), later), later))
                .isInstanceOf(SipSignatures.Verdict.Invalid.class);
    }

    @Test
    void aResponseIsSignedByItsToUser() {
        KeyPair bob = EcKeys.generate();
        LocationCredential bobCredential = LocationCredential.issue(authority.getPrivate(), "bob", "loc-b1",
                (java.security.interfaces.ECPublicKey) bob.getPublic(), NOW.plusSeconds(300));
        SipResponse ok = SipResponses.reply(message(), 200, "OK", "b1");

        assertThat(SipSignatures.verify(SipSignatures.sign(ok, bob.getPrivate(), bobCredential, NOW), check, NOW))
                .isInstanceOf(SipSignatures.Verdict.Verified.class);
        assertThat(SipSignatures.verify(SipSignatures.sign(ok, alice.getPrivate(), aliceCredential, NOW), check, NOW))
                .isInstanceOf(SipSignatures.Verdict.Invalid.class);
    }

    @Test
    void itSurvivesJainSipReencodingTheMessage() throws Exception {
        javax.sip.message.MessageFactory factory = javax.sip.SipFactory.getInstance().createMessageFactory();
        byte[] ours = SipCodec.format(signed());
        javax.sip.message.Request jain = factory.createRequest(new String(ours, StandardCharsets.UTF_8));
        byte[] reencoded = ((gov.nist.javax.sip.message.SIPMessage) jain).encodeAsBytes("UDP");

        SipRequest back = (SipRequest) ((SipParseResult.Parsed) SipCodec.parse(reencoded, 0, reencoded.length)).message();

        assertThat(SipSignatures.verify(back, check, NOW)).isInstanceOf(SipSignatures.Verdict.Verified.class);
    }

    @Test
    void theCredentialRoundTripsAndRejectsTruncation() throws Exception {
        LocationCredential read = LocationCredential.verify(aliceCredential.text(), authority.getPublic(), NOW);

        assertThat(read).isEqualTo(aliceCredential);
        assertThat(read.key()).isEqualTo(alice.getPublic());
        assertThat(aliceCredential.encoded().length).isLessThan(150);
        String text = aliceCredential.text();
        for (int cut : new int[] {0, 1, 10, text.length() - 1}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocationCredential.verify(text.substring(0, cut),
                    authority.getPublic(), NOW)).isInstanceOf(CertificateProblem.class);
        }
        assertThat(Duration.between(NOW, read.notAfter())).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void mangledIdentityHeadersAreRefusedAndNeverThrow() {
        SipRequest good = signed();
        String header = good.header("Identity").orElseThrow();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int credential = header.indexOf("credential:") + "credential:".length();
        java.util.Random random = new java.util.Random(8224);
        for (int i = 0; i < 2000; i++) {
            // Any byte anywhere: a verdict, never an exception.
            char[] chars = header.toCharArray();
            for (int e = 0; e < 1 + random.nextInt(4); e++) {
                chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
            }
            String mangled = random.nextInt(10) == 0 ? new String(chars, 0, random.nextInt(chars.length)) : new String(chars);
            assertThat(SipSignatures.verify(good.withHeader("Identity", mangled), check, NOW)).isNotNull();
            // A changed character of the signature or the credential (where every bit counts): refused.
            char[] bits = header.toCharArray();
            int at = random.nextBoolean() ? 2 + random.nextInt(80) : credential + random.nextInt(150);
            char replacement;
            do {
                replacement = alphabet.charAt(random.nextInt(alphabet.length()));
            } while (replacement == bits[at]);
            bits[at] = replacement;
            assertThat(SipSignatures.verify(good.withHeader("Identity", new String(bits)), check, NOW)).as(new String(bits))
                    .isInstanceOf(SipSignatures.Verdict.Invalid.class);
        }
    }
}
