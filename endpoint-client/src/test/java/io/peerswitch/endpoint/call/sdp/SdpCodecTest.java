package io.peerswitch.endpoint.call.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.testing.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpCodecTest {

    static SessionDescription parsed(String text) {
        SdpParseResult result = SdpCodec.parse(text);
        assertThat(result).isInstanceOf(SdpParseResult.Parsed.class);
        return ((SdpParseResult.Parsed) result).description();
    }

    private static SdpParseResult.Malformed malformed(String text) {
        SdpParseResult result = SdpCodec.parse(text);
        assertThat(result).isInstanceOf(SdpParseResult.Malformed.class);
        return (SdpParseResult.Malformed) result;
    }

    @Test
    void parsesABaresipOffer() {
        SessionDescription offer = parsed(SdpFixtures.BARESIP_OFFER);

        assertThat(offer.origin()).isEqualTo(new Origin("-", "3739219498", 1981361846L, "IP4", "192.0.2.20"));
        assertThat(offer.sessionName()).isEqualTo("-");
        assertThat(offer.connection()).isEqualTo(new Connection("IP4", "192.0.2.20"));
        assertThat(offer.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(offer.attributes()).containsExactly(new Attribute("tool", "baresip 1.0.0"));
        assertThat(offer.media()).hasSize(1);
        MediaDescription audio = offer.media().getFirst();
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(10164);
        assertThat(audio.proto()).isEqualTo("RTP/AVP");
        assertThat(audio.payloadTypes()).containsExactly(96, 9, 0, 8, 101);
        assertThat(audio.rtpmap(96)).contains(new RtpMap(96, "opus", 48000, "2"));
        assertThat(audio.rtpmap(0)).contains(new RtpMap(0, "PCMU", 8000, null));
        assertThat(audio.rtpmap(101)).contains(new RtpMap(101, "telephone-event", 8000, null));
        assertThat(audio.fmtp(96)).contains("stereo=1;sprop-stereo=1");
        assertThat(audio.fmtp(101)).contains("0-15");
        assertThat(audio.fmtp(0)).isEmpty();
        assertThat(audio.direction()).contains(Direction.SENDRECV);
        assertThat(audio.ptime()).hasValue(20);
        assertThat(audio.hasAttribute("rtcp-mux")).isTrue();
        assertThat(audio.attributes("ssrc")).containsExactly("1404584245 cname:sip:alice@example.com");
        assertThat(audio.rtcpPort()).isEmpty();
    }

    @Test
    void parsesSippOffersWithCrlfOrLf() {
        SessionDescription uac = parsed(SdpFixtures.SIPP_OFFER);
        SessionDescription pcap = parsed(SdpFixtures.SIPP_PCAP_OFFER);

        assertThat(uac.origin().sessionVersion()).isEqualTo(2_353_687_637L);
        assertThat(uac.media().getFirst().payloadTypes()).containsExactly(0);
        assertThat(uac.media().getFirst().direction()).isEmpty();
        assertThat(uac.directionOf(uac.media().getFirst())).isEqualTo(Direction.SENDRECV);
        assertThat(pcap.media().getFirst().fmtp(101)).contains("0-11,16");
        assertThat(parsed(SdpFixtures.SIPP_PCAP_OFFER.replace("\n", "\r\n"))).isEqualTo(pcap);
        assertThat(parsed(SdpFixtures.SIPP_PCAP_OFFER.stripTrailing())).as("no final line end").isEqualTo(pcap);
    }

    @Test
    void parsesTheRfc4475Sdp01BodyAndToleratesItsRtpmapWithoutClockRate() {
        SessionDescription sdp = parsed(SdpFixtures.RFC4475_SDP01_BODY);

        assertThat(sdp.origin()).isEqualTo(new Origin("mhandley", "29739", 7272939L, "IP4", "192.0.2.5"));
        assertThat(sdp.media()).extracting(MediaDescription::media).containsExactly("audio", "video");
        assertThat(sdp.media().get(0).payloadTypes()).containsExactly(0, 12);
        assertThat(sdp.media().get(1).payloadTypes()).containsExactly(31);
        assertThat(sdp.media().get(1).attributes()).containsExactly(new Attribute("rtpmap", "31 LPC"));
        assertThat(sdp.media().get(1).rtpmap(31)).as("malformed rtpmap reads as absent").isEmpty();
    }

    @Test
    void keepsUnknownAttributesInOrderAndSkipsInformationalLines() {
        SessionDescription sdp = parsed("""
                v=0
                o=jdoe 2890844526 2890842807 IN IP4 198.51.100.1
                s=SDP Seminar
                i=A Seminar on the session description protocol
                u=http://www.example.com/seminars/sdp.pdf
                e=j.doe@example.com (Jane Doe)
                p=+1 617 555-6011
                c=IN IP4 198.51.100.1
                b=CT:128
                t=2873397496 2873404696
                r=7d 1h 0 25h
                z=2882844526 -1h
                k=prompt
                a=recvonly
                a=x-unknown:some value: with colons
                m=audio 49170 RTP/AVP 0
                i=voice
                c=IN IP6 2001:db8::1
                b=AS:64
                k=prompt
                a=x-first
                a=rtcp:53020 IN IP4 198.51.100.9
                a=x-second:2
                m=application 9 UDP/BFCP *
                a=floorctrl:c-s
                """);

        assertThat(sdp.sessionName()).isEqualTo("SDP Seminar");
        assertThat(sdp.timing()).isEqualTo(new Timing(2873397496L, 2873404696L));
        assertThat(sdp.direction()).contains(Direction.RECVONLY);
        assertThat(sdp.attributes()).containsExactly(Attribute.property("recvonly"),
                new Attribute("x-unknown", "some value: with colons"));
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.connection()).isEqualTo(new Connection("IP6", "2001:db8::1"));
        assertThat(audio.attributes()).extracting(Attribute::name).containsExactly("x-first", "rtcp", "x-second");
        assertThat(audio.rtcpPort()).hasValue(53020);
        assertThat(audio.rtcpAddress()).contains("198.51.100.9");
        assertThat(audio.direction()).isEmpty();
        assertThat(sdp.directionOf(audio)).as("session-level direction applies").isEqualTo(Direction.RECVONLY);
        MediaDescription bfcp = sdp.media().get(1);
        assertThat(bfcp.formats()).containsExactly("*");
        assertThat(bfcp.payloadTypes()).isEmpty();
        assertThat(sdp.connectionFor(bfcp)).contains(new Connection("IP4", "198.51.100.1"));
    }

    @Test
    void formatsWithCrlfAndParsesBackToTheSameRecord() {
        SessionDescription sdp = parsed(SdpFixtures.BARESIP_OFFER);

        String text = SdpCodec.format(sdp);

        assertThat(text).startsWith("v=0\r\no=- 3739219498 1981361846 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n");
        assertThat(text).endsWith("a=ptime:20\r\n").doesNotContain("b=AS").doesNotContain("\n\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        assertThat(parsed(text)).isEqualTo(sdp);
        assertThat(SdpCodec.format(parsed(text))).isEqualTo(text);
    }

    @Test
    void writesPortCountsUnsignedVersionsAndMediaConnections() {
        MediaDescription media = new MediaDescription("audio", 49170, 2, "RTP/AVP", List.of("0"), new Connection("IP6", "2001:db8::2"),
                List.of(Attribute.property("inactive")));
        SessionDescription sdp = new SessionDescription(new Origin("-", "1", -1L, "IP6", "2001:db8::2"), " ", null,
                Timing.UNBOUNDED, List.of(), List.of(media));

        String text = SdpCodec.format(sdp);

        assertThat(text).isEqualTo("v=0\r\no=- 1 18446744073709551615 IN IP6 2001:db8::2\r\ns= \r\nt=0 0\r\n"
                + "m=audio 49170/2 RTP/AVP 0\r\nc=IN IP6 2001:db8::2\r\na=inactive\r\n");
        assertThat(parsed(text)).isEqualTo(sdp);
        assertThat(parsed(text).media().getFirst().portCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            v=1\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0                                         | 1 | unsupported SDP version
            o=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0                                               | 1 | the first line must be v=0
            v=0\\ns=-\\nt=0 0                                                                     | 2 | the second line must be the o= line
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\nt=0 0                                               | 3 | the third line must be the s= line
            v=0\\no=- 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0                                           | 2 | o= needs
            v=0\\no=- x1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0                                        | 2 | session id 'x1' is not a number
            v=0\\no=- 1 99999999999999999999 IN IP4 192.0.2.1\\ns=-\\nt=0 0                      | 2 | not an unsigned 64-bit number
            v=0\\no=- 1 1 XX IP4 192.0.2.1\\ns=-\\nt=0 0                                         | 2 | network type 'XX' is not IN
            v=0\\no=- 1 1 IN IP5 192.0.2.1\\ns=-\\nt=0 0                                         | 2 | address type 'IP5' is not IP4 or IP6
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1                            | 5 | no t= line
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nm=audio 1 RTP/AVP 0       | 5 | no t= line
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0\\nm=audio 1 RTP/AVP 0                     | 4 | t= needs
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4\\nt=0 0                              | 4 | c= needs IN <addrtype> <address>
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nc=IN IP4 192.0.2.1\\nt=0 0 | 5 | a second session-level c= line
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nr=7d 1h 0\\nt=0 0                              | 4 | r= without a preceding t=
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nx=unknown                              | 5 | unknown line type 'x'
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\ns=again                                | 5 | 's=' is not allowed here
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nnot a line                             | 5 | not a <type>=<value> line
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\n\\na=x                                 | 5 | not a <type>=<value> line
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nA=x                                    | 5 | unknown line type 'A'
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\na=                                     | 5 | bad attribute name ''
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\na=sp ace                               | 5 | bad attribute name 'sp ace'
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nt=0 0\\nm=audio 1 RTP/AVP   | 6 | m= needs <media> <port> <proto> <fmt>
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nt=0 0\\nm=audio x RTP/AVP 0 | 6 | bad port 'x'
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nt=0 0\\nm=audio 70000 RTP/AVP 0 | 6 | bad port '70000'
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nt=0 0\\nm=audio 1/0 RTP/AVP 0 | 6 | bad port count '1/0'
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nt=0 0\\nm=audio 1 RTP/AVP 128 | 6 | payload type '128' is not 0 to 127
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nc=IN IP4 192.0.2.1\\nt=0 0\\nm=audio 1 RTP/AVP pcmu | 6 | payload type 'pcmu' is not 0 to 127
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP 0\\nt=0 0               | 6 | 't=' is not allowed here
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP 0\\na=sendrecv         | 5 | no c= line at session level or in this media description
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP 0\\nc=IN IP4 192.0.2.1\\nc=IN IP4 192.0.2.1 | 7 | a second c= line in one media description
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP 0\\nc=IN IP4 192.0.2.1\\nm=audio 2 RTP/AVP 0 | 7 | no c= line at session level
            v=0\\no=- 1 1 IN IP4 192.0.2.1\\ns=-\\nt=0 0\\na=x\\ry                                | 5 | CR or NUL inside a line
            """)
    void namesTheLineOfEachFault(String text, int line, String reason) {
        SdpParseResult.Malformed result = malformed(text.replace("\\n", "\n").replace("\\r", "\r"));

        assertThat(result.reason()).contains(reason);
        assertThat(result.line()).isEqualTo(line);
    }

    @Test
    void acceptsARejectedStreamWithoutAConnection() {
        SessionDescription sdp = parsed("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=video 0 RTP/AVP 31\n");

        assertThat(sdp.media().getFirst().isRejected()).isTrue();
        assertThat(sdp.connectionFor(sdp.media().getFirst())).isEmpty();
    }

    @Test
    void refusesEmptyTruncatedAndOversizedBodies() {
        assertThat(malformed(null)).isEqualTo(new SdpParseResult.Malformed("empty session description", 0));
        assertThat(malformed("")).isEqualTo(new SdpParseResult.Malformed("empty session description", 0));
        assertThat(malformed("\r\n\r\n")).isEqualTo(new SdpParseResult.Malformed("empty session description", 0));
        assertThat(malformed("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"))
                .as("a missing line is named by the number it should have had")
                .isEqualTo(new SdpParseResult.Malformed("the third line must be the s= line", 3));
        assertThat(malformed("v=0\n" + "a=x\n".repeat(SdpCodec.MAX_LENGTH / 4)).reason()).contains("longer than 65536");
    }

    @Test
    void readsAttributeValuesTolerantly() {
        MediaDescription media = parsed("""
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 5004 RTP/AVP 0 97
                a=rtpmap:97
                a=rtpmap:97 speex/abc
                a=rtpmap:97 speex/16000/
                a=rtpmap:97 iLBC/8000
                a=ptime:twenty
                a=ptime:30
                a=rtcp:port
                a=rtcp:70000
                a=rtcp:5005
                a=fmtp:97  mode=30
                """).media().getFirst();

        assertThat(media.rtpmap(97)).contains(new RtpMap(97, "iLBC", 8000, null));
        assertThat(media.ptime()).isEqualTo(OptionalInt.of(30));
        assertThat(media.rtcpPort()).hasValue(5005);
        assertThat(media.rtcpAddress()).isEmpty();
        assertThat(media.fmtp(97)).contains("mode=30");
    }

    @Test
    void survivesTenThousandMutationsAndWhatParsesFormatsToAFixedPoint() {
        Random random = new Random(8866);
        String[] seeds = {SdpFixtures.BARESIP_OFFER, SdpFixtures.SIPP_PCAP_OFFER, SdpFixtures.RFC4475_SDP01_BODY};
        int parsedCount = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            byte[] seed = seeds[round % seeds.length].getBytes(StandardCharsets.UTF_8);
            String input = new String(Mutations.mutate(seed, random), StandardCharsets.ISO_8859_1);

            SdpParseResult result = SdpCodec.parse(input);

            if (result instanceof SdpParseResult.Parsed(SessionDescription description)) {
                parsedCount++;
                String formatted = SdpCodec.format(description);
                assertThat(SdpCodec.parse(formatted)).isEqualTo(new SdpParseResult.Parsed(description));
            } else {
                SdpParseResult.Malformed malformed = (SdpParseResult.Malformed) result;
                assertThat(malformed.line()).isBetween(0, input.split("\n", -1).length + 1);
            }
        }
        assertThat(parsedCount).isBetween(100, Mutations.ROUNDS - 100);
    }
}
