package io.peerswitch.endpoint.call.sdp;

import static io.peerswitch.endpoint.call.sdp.SdpCodecTest.parsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.codec.Pcma;
import io.peerswitch.endpoint.media.codec.Pcmu;
import io.peerswitch.wire.nat.TransportAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferAnswerTest {

    private static final LocalMedia ALICE = new LocalMedia("1001", "198.51.100.10", 40_000, AudioCodec.all());
    private static final LocalMedia BOB = new LocalMedia("2002", "203.0.113.20", 50_000, AudioCodec.all());

    private static SessionDescription answer(SessionDescription offer, LocalMedia local, Direction direction) {
        AnswerResult result = OfferAnswer.answer(offer, local, direction, 7);
        assertThat(result).isInstanceOf(AnswerResult.Answer.class);
        return ((AnswerResult.Answer) result).description();
    }

    private static SessionDescription answer(String offer) {
        return answer(parsed(offer), BOB, Direction.SENDRECV);
    }

    private static String notAcceptable(String offer, LocalMedia local) {
        AnswerResult result = OfferAnswer.answer(parsed(offer), local, Direction.SENDRECV, 1);
        assertThat(result).isInstanceOf(AnswerResult.NotAcceptable.class);
        return ((AnswerResult.NotAcceptable) result).reason();
    }

    private static NegotiatedMedia negotiated(SessionDescription offer, SessionDescription answer, Role role) {
        NegotiationResult result = OfferAnswer.negotiated(offer, answer, role);
        assertThat(result).isInstanceOf(NegotiatedMedia.class);
        return (NegotiatedMedia) result;
    }

    private static String offerWith(String mediaLines) {
        return "v=0\r\no=- 5 5 IN IP4 192.0.2.40\r\ns=-\r\nc=IN IP4 192.0.2.40\r\nt=0 0\r\n" + mediaLines.replace("\n", "\r\n");
    }

    @Test
    void offersG711TelephoneEventPtimeAndDirectionInExactlyThisForm() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);

        assertThat(SdpCodec.format(offer)).isEqualTo("""
                v=0
                o=- 1001 1 IN IP4 198.51.100.10
                s=-
                c=IN IP4 198.51.100.10
                t=0 0
                m=audio 40000 RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=ptime:20
                a=rtcp-mux
                a=sendrecv
                """.replace("\n", "\r\n"));
        assertThat(parsed(SdpCodec.format(offer))).isEqualTo(offer);
    }

    @Test
    void offersIpv6AndTheCodecsInTheGivenOrder() {
        LocalMedia local = new LocalMedia("9", "2001:db8::10", 40_002, List.of(Pcma.INSTANCE));

        SessionDescription offer = OfferAnswer.offer(local, Direction.RECVONLY, 3);

        assertThat(offer.origin()).isEqualTo(new Origin("-", "9", 3, "IP6", "2001:db8::10"));
        assertThat(offer.connection()).isEqualTo(new Connection("IP6", "2001:db8::10"));
        assertThat(offer.media().getFirst().formats()).containsExactly("8", "101");
        assertThat(offer.media().getFirst().direction()).contains(Direction.RECVONLY);
    }

    @Test
    void answersBaresipWithTheFirstOfferedCodecWeSupportAndItsTelephoneEvent() {
        SessionDescription answer = answer(SdpFixtures.BARESIP_OFFER);

        assertThat(SdpCodec.format(answer)).isEqualTo("""
                v=0
                o=- 2002 7 IN IP4 203.0.113.20
                s=-
                c=IN IP4 203.0.113.20
                t=0 0
                m=audio 50000 RTP/AVP 0 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=ptime:20
                a=rtcp-mux
                a=sendrecv
                """.replace("\n", "\r\n"));
    }

    @Test
    void followsTheOfferersOrderNotOurs() {
        SessionDescription answer = answer(offerWith("m=audio 4000 RTP/AVP 8 0\n"));

        assertThat(answer.media().getFirst().formats()).containsExactly("8");
        assertThat(answer.media().getFirst().rtpmap(8)).contains(new RtpMap(8, "PCMA", 8000, null));
        assertThat(answer.media().getFirst().hasAttribute("fmtp")).as("no telephone-event offered, none answered").isFalse();
    }

    @Test
    void choosesOnlyAmongOurOwnCodecs() {
        LocalMedia pcmuOnly = new LocalMedia("2002", "203.0.113.20", 50_000, List.of(Pcmu.INSTANCE));

        AnswerResult result = OfferAnswer.answer(parsed(offerWith("m=audio 4000 RTP/AVP 8 0\n")), pcmuOnly, Direction.SENDRECV, 1);

        assertThat(((AnswerResult.Answer) result).description().media().getFirst().formats()).containsExactly("0");
    }

    @Test
    void keepsTheOfferersTelephoneEventPayloadType() {
        SessionDescription answer = answer(SdpFixtures.SIPP_PCAP_OFFER);

        MediaDescription audio = answer.media().getFirst();
        assertThat(audio.formats()).containsExactly("8", "101");
        answer = answer(offerWith("m=audio 4000 RTP/AVP 0 96\na=rtpmap:96 TELEPHONE-EVENT/8000\na=fmtp:96 0-16\n"));
        audio = answer.media().getFirst();
        assertThat(audio.formats()).containsExactly("0", "96");
        assertThat(audio.rtpmap(96)).contains(new RtpMap(96, "telephone-event", 8000, null));
        assertThat(audio.fmtp(96)).contains("0-15");
    }

    @Test
    void ignoresTelephoneEventAtAnotherClockRate() {
        SessionDescription answer = answer(offerWith("m=audio 4000 RTP/AVP 0 97\na=rtpmap:97 telephone-event/48000\n"));

        assertThat(answer.media().getFirst().formats()).containsExactly("0");
    }

    @Test
    void acceptsG711UnderADynamicPayloadTypeButNotInStereo() {
        SessionDescription answer = answer(offerWith("m=audio 4000 RTP/AVP 98 99\na=rtpmap:98 PCMA/8000/2\na=rtpmap:99 pcmu/8000\n"));

        assertThat(answer.media().getFirst().formats()).containsExactly("99");
        assertThat(answer.media().getFirst().rtpmap(99)).contains(new RtpMap(99, "PCMU", 8000, null));
        assertThat(notAcceptable(offerWith("m=audio 4000 RTP/AVP 98\n"), BOB)).as("dynamic type without rtpmap")
                .contains("no RTP/AVP audio stream");
    }

    @Test
    void rejectsWhatItCannotUseWithPortZeroAndKeepsTheMediaLineCount() {
        SessionDescription answer = answer(offerWith("""
                m=video 5000 RTP/AVP 96
                a=rtpmap:96 VP8/90000
                m=audio 0 RTP/AVP 0
                m=audio 4000 RTP/SAVP 0
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
                m=audio 4002 RTP/AVP 0
                m=audio 4004 RTP/AVP 8
                """));

        assertThat(answer.media()).extracting(MediaDescription::port).containsExactly(0, 0, 0, 50_000, 0);
        assertThat(answer.media()).extracting(MediaDescription::media).containsExactly("video", "audio", "audio", "audio", "audio");
        assertThat(answer.media().get(0)).isEqualTo(new MediaDescription("video", 0, 1, "RTP/AVP", List.of("96"), null, List.of()));
        assertThat(answer.media().get(2).proto()).isEqualTo("RTP/SAVP");
        assertThat(answer.media().get(4).formats()).containsExactly("8");
        assertThat(parsed(SdpCodec.format(answer))).isEqualTo(answer);
    }

    @Test
    void refusesAnOfferWithoutACommonCodecSoTheInviteGets488() {
        assertThat(notAcceptable(offerWith("""
                m=audio 4000 RTP/AVP 96 18 9
                a=rtpmap:96 opus/48000/2
                a=rtpmap:18 G729/8000
                a=rtpmap:9 G722/8000
                """), BOB)).isEqualTo("no RTP/AVP audio stream offers [PCMU/8000, PCMA/8000]");
        assertThat(notAcceptable(SdpFixtures.SIPP_OFFER, new LocalMedia("1", "203.0.113.20", 50_000, List.of(Pcma.INSTANCE))))
                .contains("[PCMA/8000]");
        assertThat(notAcceptable("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", BOB)).isEqualTo("the offer has no media");
        assertThat(notAcceptable(offerWith("m=video 5000 RTP/AVP 31\n"), BOB)).contains("no RTP/AVP audio stream");
    }

    @ParameterizedTest(name = "offer {0}, we allow {1} -> answer {2}")
    @CsvSource({
        "SENDRECV, SENDRECV, SENDRECV",
        "SENDONLY, SENDRECV, RECVONLY",
        "RECVONLY, SENDRECV, SENDONLY",
        "INACTIVE, SENDRECV, INACTIVE",
        "SENDRECV, SENDONLY, SENDONLY",
        "SENDRECV, RECVONLY, RECVONLY",
        "SENDONLY, SENDONLY, INACTIVE",
        "RECVONLY, RECVONLY, INACTIVE",
        "SENDRECV, INACTIVE, INACTIVE",
    })
    void mirrorsTheOfferedDirectionWithinOurOwn(Direction offered, Direction allowed, Direction expected) {
        SessionDescription offer = OfferAnswer.offer(ALICE, offered, 1);

        SessionDescription answer = answer(offer, BOB, allowed);

        MediaDescription audio = answer.media().getFirst();
        assertThat(audio.direction()).contains(expected);
        assertThat(audio.port()).as("a direction never rejects the stream").isEqualTo(50_000);
        assertThat(negotiated(offer, answer, Role.ANSWERER).direction()).isEqualTo(expected);
        assertThat(negotiated(offer, answer, Role.OFFERER).direction()).isEqualTo(expected.reverse());
    }

    @Test
    void readsASessionLevelDirection() {
        SessionDescription answer = answer(offerWith("m=audio 4000 RTP/AVP 0\n").replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n"));

        assertThat(answer.media().getFirst().direction()).contains(Direction.RECVONLY);
    }

    @Test
    void takesTheRfc2543HoldAddressAsDoNotSendToMe() {
        SessionDescription offer = parsed(SdpFixtures.SIPP_OFFER.replace("c=IN IP4 192.0.2.30", "c=IN IP4 0.0.0.0"));

        SessionDescription answer = answer(offer, BOB, Direction.SENDRECV);

        assertThat(OfferAnswer.isHold(offer, offer.media().getFirst())).isTrue();
        assertThat(answer.media().getFirst().direction()).contains(Direction.RECVONLY);
        NegotiatedMedia media = negotiated(offer, answer, Role.ANSWERER);
        assertThat(media.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(media.remoteRtp()).isEqualTo(new TransportAddress("0.0.0.0", 6000));
    }

    @Test
    void negotiatesTheSameCallFromBothEnds() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);
        SessionDescription answer = answer(offer, BOB, Direction.SENDRECV);

        NegotiatedMedia alice = negotiated(offer, answer, Role.OFFERER);
        NegotiatedMedia bob = negotiated(offer, answer, Role.ANSWERER);

        assertThat(alice).as("RTCP muxed on the RTP port: both offered it (RFC 5761)").isEqualTo(new NegotiatedMedia(
                new TransportAddress("203.0.113.20", 50_000), new TransportAddress("203.0.113.20", 50_000), Pcmu.INSTANCE, 0,
                OptionalInt.of(101), Direction.SENDRECV, 20));
        assertThat(bob).isEqualTo(new NegotiatedMedia(new TransportAddress("198.51.100.10", 40_000),
                new TransportAddress("198.51.100.10", 40_000), Pcmu.INSTANCE, 0, OptionalInt.of(101), Direction.SENDRECV, 20));
    }

    @Test
    void putsACallOnHoldAndTakesItOffWithIncreasingVersions() {
        SessionDescription offer = OfferAnswer.offer(ALICE, Direction.SENDRECV, 1);

        SessionDescription hold = OfferAnswer.hold(offer);
        SessionDescription holdAnswer = answer(hold, BOB, Direction.SENDRECV);
        SessionDescription resume = OfferAnswer.resume(hold);
        SessionDescription resumeAnswer = answer(resume, BOB, Direction.SENDRECV);

        assertThat(hold.origin().sessionVersion()).isEqualTo(2);
        assertThat(resume.origin().sessionVersion()).isEqualTo(3);
        assertThat(hold.origin().sessionId()).isEqualTo(offer.origin().sessionId());
        assertThat(hold.connection()).as("new-style hold keeps the real address").isEqualTo(offer.connection());
        assertThat(hold.media().getFirst().direction()).contains(Direction.SENDONLY);
        assertThat(hold.media().getFirst().attributes()).filteredOn(a -> a.value() == null && Direction.fromAttribute(a.name()).isPresent())
                .hasSize(1);
        assertThat(hold.media().getFirst().hasAttribute(OfferAnswer.RTCP_MUX)).isTrue();
        assertThat(OfferAnswer.isHold(hold, hold.media().getFirst())).isTrue();
        assertThat(holdAnswer.media().getFirst().direction()).contains(Direction.RECVONLY);
        assertThat(negotiated(hold, holdAnswer, Role.OFFERER).direction()).isEqualTo(Direction.SENDONLY);
        assertThat(negotiated(hold, holdAnswer, Role.ANSWERER).direction()).isEqualTo(Direction.RECVONLY);
        assertThat(resume.media().getFirst().direction()).contains(Direction.SENDRECV);
        assertThat(OfferAnswer.isHold(resume, resume.media().getFirst())).isFalse();
        assertThat(negotiated(resume, resumeAnswer, Role.OFFERER).direction()).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void holdsARecvonlyStreamAsInactiveAndResumesItToRecvonly() {
        SessionDescription recvonly = OfferAnswer.offer(ALICE, Direction.RECVONLY, 10);

        SessionDescription hold = OfferAnswer.hold(recvonly);

        assertThat(hold.media().getFirst().direction()).contains(Direction.INACTIVE);
        assertThat(OfferAnswer.resume(hold).media().getFirst().direction()).contains(Direction.RECVONLY);
    }

    @Test
    void reoffersFromAnAnswerKeepingRejectedStreamsAndOverridingASessionDirection() {
        SessionDescription answer = answer(offerWith("m=video 5000 RTP/AVP 31\nm=audio 4000 RTP/AVP 0\n")
                .replace("t=0 0\r\n", "t=0 0\r\na=recvonly\r\n"));

        SessionDescription reoffer = OfferAnswer.reoffer(answer, Direction.INACTIVE);

        assertThat(reoffer.origin().sessionVersion()).isEqualTo(8);
        assertThat(reoffer.media().get(0)).isEqualTo(answer.media().get(0));
        assertThat(reoffer.media().get(1).direction()).contains(Direction.INACTIVE);
        assertThat(reoffer.media().get(1).formats()).isEqualTo(answer.media().get(1).formats());
    }

    @Test
    void usesTheRemotePayloadTypesPtimeAndRtcpAttribute() {
        SessionDescription offer = parsed(offerWith("""
                m=audio 4000 RTP/AVP 97 96
                a=rtpmap:97 PCMA/8000
                a=rtpmap:96 telephone-event/8000
                a=ptime:30
                a=rtcp:4444 IN IP4 192.0.2.41
                """));
        SessionDescription answer = answer(offer, BOB, Direction.SENDRECV);

        NegotiatedMedia bob = negotiated(offer, answer, Role.ANSWERER);
        NegotiatedMedia alice = negotiated(offer, answer, Role.OFFERER);

        assertThat(bob.codec()).isEqualTo(Pcma.INSTANCE);
        assertThat(bob.payloadType()).isEqualTo(97);
        assertThat(bob.telephoneEventPayloadType()).hasValue(96);
        assertThat(bob.ptimeMillis()).isEqualTo(30);
        assertThat(bob.remoteRtp()).isEqualTo(new TransportAddress("192.0.2.40", 4000));
        assertThat(bob.remoteRtcp()).isEqualTo(new TransportAddress("192.0.2.41", 4444));
        assertThat(alice.payloadType()).isEqualTo(97);
        assertThat(alice.ptimeMillis()).isEqualTo(20);
    }

    @Test
    void sendsRtcpOnTheRtpPortOnlyWhenBothAskedForMux() {
        SessionDescription offer = parsed(SdpFixtures.BARESIP_OFFER);
        SessionDescription ourAnswer = answer(offer, BOB, Direction.SENDRECV);
        MediaDescription unmuxed = ourAnswer.media().getFirst().withAttributes(List.of(new Attribute("rtpmap", "0 PCMU/8000")));
        SessionDescription plainAnswer = ourAnswer.nextVersionWith(List.of(unmuxed));

        assertThat(ourAnswer.media().getFirst().hasAttribute(OfferAnswer.RTCP_MUX)).as("accepted because offered").isTrue();
        assertThat(negotiated(offer, ourAnswer, Role.ANSWERER).remoteRtcp()).isEqualTo(new TransportAddress("192.0.2.20", 10_164));
        assertThat(negotiated(offer, ourAnswer, Role.OFFERER).remoteRtcp()).isEqualTo(new TransportAddress("203.0.113.20", 50_000));
        assertThat(negotiated(offer, plainAnswer, Role.ANSWERER).remoteRtcp()).as("a=rtcp of the offer")
                .isEqualTo(new TransportAddress("192.0.2.20", 10_165));
        assertThat(negotiated(offer, plainAnswer, Role.OFFERER).remoteRtcp()).isEqualTo(new TransportAddress("203.0.113.20", 50_001));
        assertThat(negotiated(offer, plainAnswer, Role.OFFERER).telephoneEventPayloadType()).as("not in that answer").isEmpty();
    }

    @Test
    void reportsExchangesThatAgreedOnNothingUsable() {
        SessionDescription offer = parsed(offerWith("m=audio 4000 RTP/AVP 0\nm=video 5000 RTP/AVP 31\n"));
        SessionDescription answer = answer(offer, BOB, Direction.SENDRECV);
        SessionDescription oneLine = answer.nextVersionWith(List.of(answer.media().getFirst()));
        SessionDescription allRejected = answer.nextVersionWith(answer.media().stream().map(m -> m.withPort(0)).toList());
        SessionDescription named = parsed(offerWith("m=audio 4000 RTP/AVP 0\nm=video 5000 RTP/AVP 31\n")
                .replace("c=IN IP4 192.0.2.40", "c=IN IP4 pbx.example.com"));

        assertThat(OfferAnswer.negotiated(offer, oneLine, Role.OFFERER)).isInstanceOf(NegotiationResult.Failed.class)
                .hasToString("Failed[reason=the answer has 1 media descriptions, the offer 2 (RFC 3264 section 6)]");
        assertThat(OfferAnswer.negotiated(offer, allRejected, Role.OFFERER))
                .isEqualTo(new NegotiationResult.Failed("no accepted RTP/AVP or DTLS-SRTP audio stream with a supported codec"));
        assertThat(OfferAnswer.negotiated(named, answer, Role.ANSWERER))
                .isEqualTo(new NegotiationResult.Failed("the remote connection address is not an IP literal: pbx.example.com"));
    }

    @Test
    void answersTheRfc4475Sdp01OfferWithPcmuAndARejectedVideoStream() {
        SessionDescription offer = parsed(SdpFixtures.RFC4475_SDP01_BODY);

        SessionDescription answer = answer(offer, BOB, Direction.SENDRECV);

        assertThat(answer.media()).extracting(MediaDescription::port).containsExactly(50_000, 0);
        assertThat(answer.media().getFirst().formats()).containsExactly("0");
        assertThat(negotiated(offer, answer, Role.ANSWERER).remoteRtp()).isEqualTo(new TransportAddress("192.0.2.5", 49_217));
    }

    @Test
    void localMediaRefusesWhatCannotBeOffered() {
        assertThatThrownBy(() -> new LocalMedia("abc", "192.0.2.1", 4000, AudioCodec.all())).hasMessageContaining("digits");
        assertThatThrownBy(() -> new LocalMedia("1", "host.example.com", 4000, AudioCodec.all())).hasMessageContaining("literal");
        assertThatThrownBy(() -> new LocalMedia("1", "192.0.2.1", 65_535, AudioCodec.all())).hasMessageContaining("RTP port");
        assertThatThrownBy(() -> new LocalMedia("1", "192.0.2.1", 4000, List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new LocalMedia("1", "192.0.2.1", 4000, List.of(Pcmu.INSTANCE, Pcmu.INSTANCE)))
                .hasMessageContaining("without repeats");
    }
}
