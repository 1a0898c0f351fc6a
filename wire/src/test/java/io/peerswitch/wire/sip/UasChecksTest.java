package io.peerswitch.wire.sip;

import static io.peerswitch.wire.sip.TortureMessages.orderedSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.sip.UasChecks.Capabilities;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UasChecksTest {

    private static final Capabilities OURS = new Capabilities(orderedSet("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS"),
            Set.of("Replaces", "timer"), orderedSet("Application/SDP", "text/plain"), Set.of("SIP", "sips"));

    private static SipRequest request(String method, String extra) {
        String text = SipCodecTest.invite(extra, "").replace("INVITE", method);
        return SipCodecTest.parsedRequest(text);
    }

    private static Optional<Integer> status(SipRequest request) {
        return UasChecks.check(request, OURS).map(SipResponse::status);
    }

    @Test
    void acceptableRequestsGetNoResponse() {
        assertThat(status(request("INVITE", ""))).isEmpty();
        assertThat(status(request("INVITE", "Require: replaces\r\nSupported: 100rel\r\nAccept: application/*;q=0.5\r\n")
                .withBody("application/sdp; charset=utf-8", new byte[] {'v'}))).isEmpty();
        assertThat(status(request("OPTIONS", "Accept: text/nothing\r\nContent-Encoding: identity\r\n"))).isEmpty();
    }

    @Test
    void ackIsNeverAnswered() {
        SipRequest ack = request("ACK", "Require: nothing\r\nContent-Type: x/y\r\n").withRequestUri("mailto:x@example.com");

        assertThat(UasChecks.check(ack, OURS)).isEmpty();
    }

    @Test
    void unsupportedSchemeComesFirst() {
        assertThat(status(request("FOO", "Require: nothing\r\n").withRequestUri("tel:+15551234"))).hasValue(416);
    }

    @Test
    void methodsDefinedByAnRfcAreNotAllowedOthersNotImplemented() {
        SipResponse publish = UasChecks.check(request("PUBLISH", ""), OURS).orElseThrow();

        assertThat(publish.status()).isEqualTo(405);
        assertThat(publish.header("Allow")).hasValue("INVITE, ACK, CANCEL, BYE, OPTIONS");
        assertThat(status(request("FOO", ""))).hasValue(501);
        assertThat(status(request("invite", ""))).hasValue(501);
    }

    @Test
    void unknownRequireTagsAreListedExceptInCancel() {
        SipResponse response = UasChecks.check(request("INVITE", "Require: REPLACES, 100rel\r\nRequire: foo\r\n"), OURS).orElseThrow();

        assertThat(response.status()).isEqualTo(420);
        assertThat(response.headers("Unsupported")).containsExactly("100rel, foo");
        assertThat(status(request("CANCEL", "Require: 100rel\r\n"))).isEmpty();
    }

    @Test
    void bodiesMustBeOfASupportedTypeAndEncoding() {
        SipResponse unknownType = UasChecks.check(request("INVITE", "Content-Type: application/unknown\r\n"), OURS).orElseThrow();
        SipResponse gzip = UasChecks.check(request("INVITE", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n"), OURS)
                .orElseThrow();

        assertThat(unknownType.status()).isEqualTo(415);
        assertThat(unknownType.header("Accept")).hasValue("application/sdp, text/plain");
        assertThat(gzip.status()).isEqualTo(415);
        assertThat(gzip.header("Accept-Encoding")).hasValue("identity");
        assertThat(status(request("INVITE", "").withBody(null, "untyped".getBytes(StandardCharsets.US_ASCII)))).hasValue(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept: text/nobodyKnowsThis", "Accept:", "Accept: application/sdp;q=0.000",
            "Accept: */*;q=0, text/plain"})
    void inviteMustAllowAnSdpAnswer(String accept) {
        assertThat(status(request("INVITE", accept + "\r\n"))).hasValue(406);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept: */*", "Accept: text/plain, APPLICATION/SDP;level=1", "Accept: application/*;q=0.001"})
    void inviteMayAcceptSdpByWildcard(String accept) {
        assertThat(status(request("INVITE", accept + "\r\n"))).isEmpty();
    }

    @Test
    void errorResponsesCarryAStatelessToTag() {
        SipRequest unknown = request("FOO", "");
        SipResponse response = UasChecks.check(unknown, OURS).orElseThrow();

        assertThat(response.to().tag()).hasValue(SipResponses.statelessTag(unknown));
        assertThat(response.reason()).isEqualTo("Not Implemented");
        assertThat(response.cseq()).isEqualTo(new CSeq(314159, "FOO"));
    }

    @Test
    void capabilitiesAreCopiedAndNormalised() {
        Set<String> methods = new LinkedHashSet<>(Set.of("INVITE"));
        Capabilities capabilities = new Capabilities(methods, Set.of("Timer"), Set.of("TEXT/Plain"), Set.of("SIP"));
        methods.add("BYE");

        assertThat(capabilities.methods()).containsExactly("INVITE");
        assertThat(capabilities.optionTags()).containsExactly("timer");
        assertThat(capabilities.contentTypes()).containsExactly("text/plain");
        assertThat(capabilities.uriSchemes()).containsExactly("sip");
    }
}
