package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.sip.SipParseResult.Parsed;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipResponsesTest {

    private static final SipRequest INVITE = SipCodecTest.parsedRequest(SipCodecTest.invite(
            "Via: SIP/2.0/UDP second.example.com;branch=z9hG4bK2, SIP/2.0/UDP third.example.com;branch=z9hG4bK3\r\n"
                    + "Timestamp: 54\r\nContent-Type: text/plain\r\n", "body"));

    @Test
    void copiesViaFromToCallIdAndCseqOnly() {
        SipResponse response = SipResponses.reply(INVITE, 486, "Busy Here");

        assertThat(response.headers()).extracting(SipHeader::name).containsExactly("Via", "Via", "From", "To", "Call-ID", "CSeq");
        assertThat(response.headers("Via")).isEqualTo(INVITE.headers("Via"));
        assertThat(response.vias()).extracting(Via::host)
                .containsExactly("pc33.atlanta.example.com", "second.example.com", "third.example.com");
        assertThat(response.header("From")).isEqualTo(INVITE.header("From"));
        assertThat(response.header("To")).isEqualTo(INVITE.header("To"));
        assertThat(response.callId()).isEqualTo(INVITE.callId());
        assertThat(response.cseq()).isEqualTo(INVITE.cseq());
        assertThat(response.body()).isEmpty();
        assertThat(new String(SipCodec.format(response), StandardCharsets.US_ASCII)).endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void aReplyIsAValidResponse() {
        SipResponse response = SipResponses.reply(INVITE, 180, null, "a6c85cf");
        byte[] formatted = SipCodec.format(response);

        assertThat(SipCodec.parse(formatted, 0, formatted.length)).isEqualTo(new Parsed(response));
        assertThat(response.reason()).isEqualTo("Ringing");
    }

    @Test
    void addsAToTagOnlyWhereThereIsNone() {
        SipResponse tagged = SipResponses.reply(INVITE, 200, "OK", "a6c85cf");
        SipRequest inDialog = INVITE.withHeader("To", "Bob <sip:bob@biloxi.example.com>;tag=existing");
        SipRequest brokenTo = INVITE.withHeader("To", "Bob, Jr. <sip:bob@biloxi.example.com>");

        assertThat(tagged.header("To")).hasValue("Bob <sip:bob@biloxi.example.com>;tag=a6c85cf");
        assertThat(tagged.to().tag()).hasValue("a6c85cf");
        assertThat(SipResponses.reply(inDialog, 200, "OK", "other").to().tag()).hasValue("existing");
        assertThat(SipResponses.reply(brokenTo, 400, "Bad Request", "t").header("To")).isEqualTo(brokenTo.header("To"));
        assertThatThrownBy(() -> SipResponses.reply(INVITE, 200, "OK", "not a token")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesTimestampInto100Only() {
        assertThat(SipResponses.reply(INVITE, 100, null).header("Timestamp")).hasValue("54");
        assertThat(SipResponses.reply(INVITE, 180, null).header("Timestamp")).isEmpty();
    }

    @Test
    void reasonPhrasesOfSection21() {
        assertThat(SipResponses.reasonPhrase(200)).isEqualTo("OK");
        assertThat(SipResponses.reasonPhrase(416)).isEqualTo("Unsupported URI Scheme");
        assertThat(SipResponses.reasonPhrase(481)).isEqualTo("Call/Transaction Does Not Exist");
        assertThat(SipResponses.reasonPhrase(513)).isEqualTo("Message Too Large");
        assertThat(SipResponses.reasonPhrase(604)).isEqualTo("Does Not Exist Anywhere");
        assertThat(SipResponses.reasonPhrase(199)).isEqualTo("Provisional");
        assertThat(SipResponses.reasonPhrase(299)).isEqualTo("Successful");
        assertThat(SipResponses.reasonPhrase(499)).isEqualTo("Request Failure");
        assertThat(SipResponses.reasonPhrase(699)).isEqualTo("Global Failure");
        assertThatThrownBy(() -> SipResponses.reasonPhrase(99)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statelessTagsRepeatForRetransmissionsOnly() {
        String tag = SipResponses.statelessTag(INVITE);

        assertThat(tag).matches("[0-9a-f]{16}");
        assertThat(SipResponses.statelessTag(INVITE.withBody(null, new byte[0]))).isEqualTo(tag);
        assertThat(SipResponses.statelessTag(INVITE.withHeader("Call-ID", "other@example.com"))).isNotEqualTo(tag);
        assertThat(SipResponses.statelessTag(INVITE.withHeader("CSeq", "314160 INVITE"))).isNotEqualTo(tag);
    }
}
