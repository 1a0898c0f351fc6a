package io.peerswitch.endpoint.call.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DTLS-SRTP in offer/answer (RFC 5763 section 5, RFC 8122 section 5, RFC 4145 section 4). */
class OfferAnswerSecurityTest {

    private static final Fingerprint ALICE_FP = new Fingerprint(Fingerprint.SHA_256, filled(0x11));
    private static final Fingerprint BOB_FP = new Fingerprint(Fingerprint.SHA_256, filled(0x22));
    private static final LocalMedia ALICE = new LocalMedia("1001", "198.51.100.10", 40_000, AudioCodec.all(), Optional.of(ALICE_FP));
    private static final LocalMedia BOB = new LocalMedia("2002", "203.0.113.20", 50_000, AudioCodec.all(), Optional.of(BOB_FP));
    private static final LocalMedia PLAIN_BOB = new LocalMedia("2002", "203.0.113.20", 50_000, AudioCodec.all());

    private static byte[] filled(int value) {
        byte[] digest = new byte[32];
        java.util.Arrays.fill(digest, (byte) value);
        return digest;
    }

    private static SessionDescription reparse(SessionDescription description) {
        return ((SdpParseResult.Parsed) SdpCodec.parse(SdpCodec.format(description))).description();
    }

    private static SessionDescription answer(SessionDescription offer, LocalMedia local) {
        return ((AnswerResult.Answer) OfferAnswer.answer(reparse(offer), local, Direction.SENDRECV, 1)).description();
    }

    @Test
    void aSecureOfferAsksForDtlsSrtpAndLetsTheAnswererChoose() {
        SessionDescription offer = reparse(OfferAnswer.offer(ALICE, Direction.SENDRECV, 1));
        MediaDescription audio = offer.media().getFirst();

        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVP");
        assertThat(audio.attributes("fingerprint")).containsExactly(ALICE_FP.attributeValue());
        assertThat(audio.attributes("setup")).containsExactly("actpass");
        assertThat(SdpCodec.format(offer)).contains("a=fingerprint:sha-256 11:11:11:");
    }

    @Test
    void theAnswererIsActiveSoItIsTheDtlsClientAndEachSideKnowsTheOthersFingerprint() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);
        SessionDescription answer = answer(offer, BOB);

        assertThat(answer.media().getFirst().proto()).isEqualTo("UDP/TLS/RTP/SAVP");
        assertThat(answer.media().getFirst().attributes("setup")).containsExactly("active");
        NegotiatedMedia alice = (NegotiatedMedia) OfferAnswer.negotiated(reparse(offer), reparse(answer), Role.OFFERER);
        NegotiatedMedia bob = (NegotiatedMedia) OfferAnswer.negotiated(reparse(offer), reparse(answer), Role.ANSWERER);
        assertThat(alice.security()).contains(new MediaSecurity(BOB_FP, false));
        assertThat(bob.security()).contains(new MediaSecurity(ALICE_FP, true));
        assertThat(alice.encrypted()).isTrue();
    }

    @Test
    void anOffererThatIsActiveGetsAPassiveAnswerer() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);
        MediaDescription audio = offer.media().getFirst();
        List<Attribute> attributes = audio.attributes().stream()
                .map(a -> a.name().equals("setup") ? Setup.ACTIVE.attribute() : a).toList();
        SessionDescription active = offer.nextVersionWith(List.of(audio.withAttributes(attributes)));
        SessionDescription answer = answer(active, BOB);

        assertThat(answer.media().getFirst().attributes("setup")).containsExactly("passive");
        NegotiatedMedia alice = (NegotiatedMedia) OfferAnswer.negotiated(reparse(active), reparse(answer), Role.OFFERER);
        assertThat(alice.security().orElseThrow().dtlsClient()).isTrue();
    }

    @Test
    void aPlainOfferIsAnsweredPlainEvenByAnEndpointThatCouldEncrypt() {
        SessionDescription offer = OfferAnswer.offer(new LocalMedia("1001", "198.51.100.10", 40_000, AudioCodec.all()),
                Direction.SENDRECV, 1);
        SessionDescription answer = answer(offer, BOB);

        assertThat(answer.media().getFirst().proto()).isEqualTo("RTP/AVP");
        assertThat(answer.media().getFirst().attributes("fingerprint")).isEmpty();
        NegotiatedMedia bob = (NegotiatedMedia) OfferAnswer.negotiated(reparse(offer), reparse(answer), Role.ANSWERER);
        assertThat(bob.encrypted()).isFalse();
    }

    @Test
    void aSecureOfferToAnEndpointWithoutACertificateIsNotAcceptable() {
        AnswerResult result = OfferAnswer.answer(reparse(OfferAnswer.offer(ALICE, Direction.SENDRECV, 1)), PLAIN_BOB,
                Direction.SENDRECV, 1);

        assertThat(result).isInstanceOf(AnswerResult.NotAcceptable.class);
    }

    @Test
    void aSecureOfferWithoutAUsableFingerprintIsNotAcceptable() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);
        MediaDescription audio = offer.media().getFirst();
        for (String bad : List.of("sha-1 11:22", "sha-256 ZZ", "md5 " + ALICE_FP.attributeValue().substring(8))) {
            List<Attribute> attributes = audio.attributes().stream()
                    .map(a -> a.name().equals("fingerprint") ? new Attribute("fingerprint", bad) : a).toList();
            SessionDescription broken = offer.nextVersionWith(List.of(audio.withAttributes(attributes)));

            assertThat(OfferAnswer.answer(reparse(broken), BOB, Direction.SENDRECV, 1)).as(bad)
                    .isInstanceOf(AnswerResult.NotAcceptable.class);
        }
    }

    @Test
    void anAnswerThatDropsTheFingerprintFailsTheNegotiation() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);
        SessionDescription answer = answer(offer, BOB);
        MediaDescription audio = answer.media().getFirst();
        SessionDescription stripped = answer.nextVersionWith(List.of(audio.withAttributes(
                audio.attributes().stream().filter(a -> !a.name().equals("fingerprint")).toList())));

        assertThat(OfferAnswer.negotiated(reparse(offer), reparse(stripped), Role.OFFERER))
                .isInstanceOf(NegotiationResult.Failed.class);
    }

    @Test
    void aFingerprintAtSessionLevelCountsAndParsingIsCaseInsensitive() {
        String value = "SHA-256 " + BOB_FP.attributeValue().substring(8).toLowerCase(java.util.Locale.ROOT);
        assertThat(Fingerprint.parse(value)).contains(BOB_FP);
        assertThat(Fingerprint.parse("sha-256 11:11")).isEmpty();
        assertThat(Fingerprint.parse(null)).isEmpty();
    }

    @Test
    void holdKeepsTheDtlsAttributesSoTheAssociationContinues() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);
        SessionDescription held = OfferAnswer.hold(offer);

        assertThat(held.media().getFirst().proto()).isEqualTo("UDP/TLS/RTP/SAVP");
        assertThat(held.media().getFirst().attributes("fingerprint")).containsExactly(ALICE_FP.attributeValue());
    }
}
