package io.peerswitch.wire.sip;

import static io.peerswitch.wire.sip.TortureMessages.ENDPOINT;
import static io.peerswitch.wire.sip.TortureMessages.bytes;
import static io.peerswitch.wire.sip.TortureMessages.parse;
import static io.peerswitch.wire.sip.TortureMessages.parsedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.sip.SipParseResult.Parsed;
import io.peerswitch.wire.sip.SipParseResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What RFC 4475 section 3 says an element must read out of particular torture messages. */
class Rfc4475DetailsTest {

    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, SUBSCRIBE, NOTIFY, INFO, UPDATE";

    private static SipResponse uasAnswer(String file) {
        return UasChecks.check(parsedRequest(file), ENDPOINT).orElseThrow();
    }

    @Test
    void wsinvUnfoldsExpandsAndUnescapes() {
        SipRequest wsinv = parsedRequest("wsinv.dat");

        assertThat(wsinv.method()).isEqualTo("INVITE");
        assertThat(wsinv.requestUri()).isEqualTo("sip:vivekg@chair-dnrc.example.com;unknownparam");
        assertThat(wsinv.headers()).extracting(SipHeader::name).containsExactly("To", "From", "Max-Forwards",
                "Call-ID", "CSeq", "Via", "Subject", "NewFangledHeader", "UnknownHeaderWithUnusualValue",
                "Content-Type", "Route", "Via", "Contact");
        assertThat(wsinv.header("To")).hasValue("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");
        assertThat(wsinv.to()).isEqualTo(new NameAddr(null, "sip:vivekg@chair-dnrc.example.com",
                Map.of("tag", "1918181833n")));
        assertThat(wsinv.header("from")).hasValue("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com> ; tag = 98asjd8");
        assertThat(wsinv.from().displayName()).isEqualTo("J Rosenberg \\\"");
        assertThat(wsinv.from().tag()).hasValue("98asjd8");
        assertThat(wsinv.header("Max-Forwards")).hasValue("0068");
        assertThat(wsinv.callId()).isEqualTo("wsinv.ndaksdj@192.0.2.1");
        assertThat(wsinv.cseq()).isEqualTo(new CSeq(9, "INVITE"));
        assertThat(wsinv.headers("v")).hasSize(2);
        assertThat(wsinv.vias()).containsExactly(
                new Via("SIP/2.0", "UDP", "192.0.2.2", -1, Map.of("branch", "390skdjuw")),
                new Via("SIP/2.0", "TCP", "spindle.example.com", -1, Map.of("branch", "z9hG4bK9ikj8")),
                new Via("SIP/2.0", "UDP", "192.168.255.111", -1, Map.of("branch", "z9hG4bK30239")));
        assertThat(wsinv.header("s")).hasValue("");
        assertThat(wsinv.header("NewFangledHeader")).hasValue("newfangled value continued newfangled value");
        assertThat(wsinv.header("UnknownHeaderWithUnusualValue")).hasValue(";;,,;;,;");
        assertThat(wsinv.header("Route")).hasValue("<sip:services.example.com;lr;unknownwith=value;unknown-no-value>");
        NameAddr contact = NameAddr.parse(wsinv.header("m").orElseThrow()).orElseThrow();
        assertThat(contact.displayName()).isEqualTo("Quoted string \"\"");
        assertThat(contact.uri()).isEqualTo("sip:jdrosen@example.com");
        assertThat(contact.parameters()).containsExactly(Map.entry("newparam", "newvalue"),
                Map.entry("secondparam", ""), Map.entry("q", "0.33"));
        assertThat(wsinv.contentType()).hasValue("application/sdp");
        assertThat(wsinv.body()).hasSize(150);
    }

    @Test
    void intmethKeepsUnusualButLegalCharacters() {
        SipRequest intmeth = parsedRequest("intmeth.dat");
        String method = "!interesting-Method0123456789_*+`.%indeed'~";

        assertThat(intmeth.method()).isEqualTo(method);
        assertThat(intmeth.cseq()).isEqualTo(new CSeq(139122385, method));
        SipUri requestUri = SipUri.parse(intmeth.requestUri()).orElseThrow();
        assertThat(requestUri.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(requestUri.password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        assertThat(requestUri.host()).isEqualTo("example.com");
        assertThat(requestUri.toString()).isEqualTo(intmeth.requestUri());
        assertThat(intmeth.to().displayName()).isEqualTo("BEL:\u0007 NUL:\u0000 DEL:\u007F");
        assertThat(intmeth.to().sipUri().orElseThrow().user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(intmeth.from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
        assertThat(intmeth.from().parameters()).containsExactly(
                Map.entry("fromparam''~+*_!.-%", "\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\""),
                Map.entry("tag", "_token~1'+`*%!-."));
        assertThat(intmeth.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
        assertThat(intmeth.vias().get(0).branch()).hasValue("z9hG4bK-.!%66*_+`'~");
        assertThat(intmeth.header("extensionHeader-!.%*+_`'~")).hasValue("\uFEFF\u5927\u505C\u96FB");
        assertThat(uasAnswer("intmeth.dat").status()).isEqualTo(501);
    }

    @Test
    void esc01DecodesEscapesOnceAndOnlyInTheComponentsThatHaveThem() {
        SipRequest esc01 = parsedRequest("esc01.dat");

        SipUri requestUri = SipUri.parse(esc01.requestUri()).orElseThrow();
        assertThat(requestUri.user()).isEqualTo("sips:user@example.com");
        assertThat(requestUri.host()).isEqualTo("example.net");
        assertThat(requestUri.toString()).isEqualTo("sip:sips%3Auser%40example.com@example.net");
        assertThat(esc01.to().sipUri().orElseThrow().user()).isEqualTo("user");
        assertThat(esc01.from().sipUri().orElseThrow().user()).isEqualTo("I have spaces");
        SipUri contact = NameAddr.parse(esc01.header("Contact").orElseThrow()).orElseThrow().sipUri().orElseThrow();
        assertThat(contact.user()).isEqualTo("caller");
        assertThat(contact.parameters()).containsExactly(Map.entry("lr", ""), Map.entry("name", "value%41"));
        assertThat(contact.toString()).isEqualTo("sip:caller@host5.example.net;lr;name=value%2541");
    }

    @Test
    void escnullKeepsEscapedNullsAndTwoDistinctContacts() {
        SipRequest escnull = parsedRequest("escnull.dat");

        assertThat(escnull.to().sipUri().orElseThrow().user()).isEqualTo("null-\u0000-null");
        List<SipUri> contacts = escnull.headers("Contact").stream()
                .map(value -> NameAddr.parse(value).orElseThrow().sipUri().orElseThrow()).toList();
        assertThat(contacts).extracting(SipUri::user).containsExactly("\u0000", "\u0000\u0000");
        assertThat(contacts.get(0)).isNotEqualTo(contacts.get(1));
        assertThat(contacts).extracting(SipUri::toString)
                .containsExactly("sip:%00@host5.example.com", "sip:%00%00@host5.example.com");
        assertThat(uasAnswer("escnull.dat").status()).isEqualTo(405);
    }

    @Test
    void esc02TakesPercentLiterallyWhereItIsNoEscape() {
        SipRequest esc02 = parsedRequest("esc02.dat");

        assertThat(esc02.method()).isEqualTo("RE%47IST%45R").isNotEqualTo("REGISTER");
        assertThat(esc02.to().displayName()).isEqualTo("%Z%45");
        assertThat(esc02.from().displayName()).isEqualTo("%Z%45");
        assertThat(esc02.headers("Contact")).containsExactly("<sip:alias1@host1.example.com>",
                "<sip:alias3@host3.example.com>");
        assertThat(esc02.header("C%6Fntact")).hasValue("<sip:alias2@host2.example.com>");
        assertThat(esc02.vias().get(0).branch()).hasValue("z9hG4bK209%fzsnel234");
        assertThat(uasAnswer("esc02.dat").status()).isEqualTo(501);
    }

    @Test
    void lwsdispNeedsNoSpaceBeforeTheAngleBracket() {
        NameAddr from = parsedRequest("lwsdisp.dat").from();

        assertThat(from.displayName()).isEqualTo("caller");
        assertThat(from.uri()).isEqualTo("sip:caller@example.com");
    }

    @Test
    void longreqKeepsLongValuesIntact() {
        SipRequest longreq = parsedRequest("longreq.dat");

        assertThat(longreq.to().displayName()).isEqualTo("I have a user name of "
                + "extreme".repeat(10) + " proportion");
        SipUri to = longreq.to().sipUri().orElseThrow();
        assertThat(to.port()).isEqualTo(6000);
        assertThat(to.parameters()).containsExactly(
                Map.entry("unknownparam1", "very" + "long".repeat(20) + "value"),
                Map.entry("longparam" + "name".repeat(25), "shortvalue"),
                Map.entry(("very" + "long".repeat(25) + "ParameterNameWithNoValue").toLowerCase(), ""));
        assertThat(longreq.from().tag()).hasValue("12" + "982".repeat(50) + "424");
        assertThat(longreq.from().sipUri().orElseThrow().user()).isEqualTo("amazinglylongcallername".repeat(5));
        assertThat(longreq.callId()).isEqualTo("longreq.one" + "really".repeat(20) + "longcallid");
        String unknownName = "Unknown-" + "Long".repeat(20) + "-Name";
        assertThat(longreq.headers()).extracting(SipHeader::name).contains(unknownName);
        assertThat(longreq.header(unknownName.toUpperCase())).hasValueSatisfying(value ->
                assertThat(value).startsWith("unknown-" + "long".repeat(20) + "-value;").hasSize(306));
        List<Via> vias = longreq.vias();
        assertThat(vias).hasSize(34);
        assertThat(vias.subList(0, 33)).extracting(Via::host)
                .containsExactlyElementsOf(IntStream.iterate(33, i -> i - 1).limit(33)
                        .mapToObj(i -> "sip" + i + ".example.com").toList());
        assertThat(vias.get(33).received()).hasValue("192.0.2.5");
        assertThat(vias.get(33).branch()).hasValue("very" + "long".repeat(50) + "branchvalue");
        assertThat(longreq.body()).hasSize(150);
    }

    @Test
    void dblreqIsOnlyTheRegister() {
        SipRequest dblreq = parsedRequest("dblreq.dat");

        assertThat(dblreq.method()).isEqualTo("REGISTER");
        assertThat(dblreq.callId()).isEqualTo("dblreq.0ha0isndaksdj99sdfafnl3lk233412");
        assertThat(dblreq.body()).isEmpty();
        assertThat(dblreq.headers()).noneMatch(header -> header.value().contains("joe@example.com"));
        SipResponse answer = uasAnswer("dblreq.dat");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).hasValue(ALLOW);
    }

    @Test
    void semiuriUserPartHoldsTheSemicolon() {
        SipRequest semiuri = parsedRequest("semiuri.dat");

        SipUri uri = SipUri.parse(semiuri.requestUri()).orElseThrow();
        assertThat(uri.user()).isEqualTo("user;par=u@example.net").startsWith("user;par=u");
        assertThat(uri.host()).isEqualTo("example.com");
        assertThat(uri.parameters()).isEmpty();
        assertThat(semiuri.header("Accept")).hasValue("application/sdp, application/pkcs7-mime, "
                + "multipart/mixed, multipart/signed, message/sip, message/sipfrag");
    }

    @Test
    void transportsReadsEveryTransport() {
        assertThat(parsedRequest("transports.dat").vias()).extracting(Via::transport)
                .containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
    }

    @Test
    void mpart01BodyIsOpaqueOctets() {
        byte[] file = bytes("mpart01.dat");
        SipRequest mpart01 = parsedRequest("mpart01.dat");

        assertThat(mpart01.body()).isEqualTo(Arrays.copyOfRange(file, file.length - 553, file.length));
        assertThat(mpart01.body()).contains((byte) 0x00, (byte) 0x82);
        assertThat(mpart01.contentType()).hasValue("multipart/mixed");
        assertThat(mpart01.header("Content-Type")).hasValue("multipart/mixed;boundary=7a9cbec02ceef655");
        assertThat(mpart01.vias().get(0).rportRequested()).isTrue();
        assertThat(mpart01.vias().get(0).rport()).isEmpty();
    }

    @Test
    void reasonPhrasesMayBeEmptyOrUtf8() {
        SipResponse unreason = (SipResponse) ((Parsed) parse("unreason.dat")).message();
        SipResponse noreason = (SipResponse) ((Parsed) parse("noreason.dat")).message();

        assertThat(unreason.status()).isEqualTo(200);
        assertThat(unreason.reason()).isEqualTo("= 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e "
                + "\u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e \u0434\u0435\u0432\u044f\u0442\u044c - "
                + "\u043f\u0440\u043e\u0441\u0442\u043e\u0435");
        assertThat(unreason.body()).hasSize(154);
        assertThat(noreason.status()).isEqualTo(100);
        assertThat(noreason.reason()).isEmpty();
    }

    @Test
    void bcastParsesBothVias() {
        SipResponse bcast = (SipResponse) ((Parsed) parse("bcast.dat")).message();

        assertThat(bcast.vias()).extracting(Via::host).containsExactly("192.0.2.198", "255.255.255.255");
    }

    @Test
    void badbranchCookieAloneIsABranch() {
        assertThat(parsedRequest("badbranch.dat").vias().get(0).branch()).hasValue("z9hG4bK");
    }

    @Test
    void contactParameterPlacementDependsOnAngleBrackets() {
        NameAddr cparam01 = NameAddr.parse(parsedRequest("cparam01.dat").header("Contact").orElseThrow()).orElseThrow();
        NameAddr cparam02 = NameAddr.parse(parsedRequest("cparam02.dat").header("Contact").orElseThrow()).orElseThrow();

        assertThat(cparam01.uri()).isEqualTo("sip:+19725552222@gw1.example.net");
        assertThat(cparam01.parameters()).containsExactly(Map.entry("unknownparam", ""));
        assertThat(cparam01.sipUri().orElseThrow().parameters()).isEmpty();
        assertThat(cparam02.uri()).isEqualTo("sip:+19725552222@gw1.example.net;unknownparam");
        assertThat(cparam02.parameters()).isEmpty();
        assertThat(cparam02.sipUri().orElseThrow().parameters()).containsExactly(Map.entry("unknownparam", ""));
    }

    @Test
    void regescrtKeepsTheEscapedRouteInTheContactUri() {
        SipUri contact = NameAddr.parse(parsedRequest("regescrt.dat").header("m").orElseThrow()).orElseThrow()
                .sipUri().orElseThrow();

        assertThat(contact.headers()).containsExactly(Map.entry("Route", "<sip:sip.example.com>"));
        assertThat(contact.toString()).isEqualTo("sip:user@example.com?Route=%3Csip:sip.example.com%3E");
    }

    @Test
    void unksm2ReadsUrisOfOtherSchemes() {
        SipRequest unksm2 = parsedRequest("unksm2.dat");

        assertThat(unksm2.to().uri()).isEqualTo("isbn:2983792873");
        assertThat(unksm2.to().sipUri()).isEmpty();
        assertThat(unksm2.from().uri()).isEqualTo("http://www.example.com");
        assertThat(unksm2.from().tag()).hasValue("3234233");
        assertThat(NameAddr.parseAll(unksm2.header("Contact").orElseThrow())).extracting(NameAddr::uri)
                .containsExactly("name:John_Smith");
    }

    @Test
    void inv2543IsAcceptedWithoutBranchMaxForwardsOrContentLength() {
        SipRequest inv2543 = parsedRequest("inv2543.dat");

        assertThat(inv2543.vias()).singleElement().satisfies(via -> assertThat(via.branch()).isEmpty());
        assertThat(inv2543.header("Max-Forwards")).isEmpty();
        assertThat(inv2543.from().tag()).isEmpty();
        assertThat(new String(inv2543.body(), StandardCharsets.US_ASCII)).startsWith("v=0\r\n").endsWith("RTP/AVP 0\r\n");
        assertThat(UasChecks.check(inv2543, ENDPOINT)).isEmpty();
    }

    @Test
    void registerIsNotAllowedAtOurEndpoint() {
        for (String file : List.of("cparam01.dat", "cparam02.dat", "regescrt.dat", "regaut01.dat", "unksm2.dat")) {
            SipResponse answer = uasAnswer(file);
            assertThat(answer.status()).as(file).isEqualTo(405);
            assertThat(answer.header("Allow")).as(file).hasValue(ALLOW);
        }
    }

    @Test
    void bext01ListsTheUnsupportedRequireTags() {
        SipResponse answer = uasAnswer("bext01.dat");

        assertThat(answer.status()).isEqualTo(420);
        assertThat(answer.headers("Unsupported")).containsExactly("nothingSupportsThis, nothingSupportsThisEither");
    }

    @Test
    void invutIsAnsweredWithTheTypesWeAccept() {
        SipResponse answer = uasAnswer("invut.dat");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Accept")).hasValue("application/sdp, text/plain, application/pidf+xml, "
                + "message/sipfrag, application/simple-message-summary");
    }

    @Test
    void sdp01CannotBeAnsweredWithSdp() {
        assertThat(uasAnswer("sdp01.dat").status()).isEqualTo(406);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unkscm.dat", "novelsc.dat"})
    void requestUrisOfOtherSchemesParseAndAreAnswered416(String file) {
        SipResponse answer = uasAnswer(file);

        assertThat(answer.status()).isEqualTo(416);
        assertThat(answer.reason()).isEqualTo("Unsupported URI Scheme");
        assertThat(answer.to().tag()).isPresent();
    }

    @Test
    void baddnIsRejectedForItsDisplayNamesEvenWhenTheBlankLineIsAdded() {
        byte[] published = bytes("baddn.dat");
        byte[] terminated = Arrays.copyOf(published, published.length + 2);
        terminated[published.length] = '\r';
        terminated[published.length + 1] = '\n';

        assertThat(SipCodec.parse(terminated, 0, terminated.length)).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(rejected.reason()).isEqualTo("Malformed From header field");
        });
    }

    @Test
    void rejectionsNameTheirCause() {
        assertThat(List.of("badinv01.dat", "scalar02.dat", "mcl01.dat", "multi01.dat", "regbadct.dat", "insuf.dat"))
                .extracting(file -> ((Rejected) parse(file)).reason())
                .containsExactly("Malformed Via header field", "Malformed CSeq header field",
                        "More than one Content-Length header field", "More than one Call-ID header field",
                        "Malformed Contact header field", "Missing From header field");
    }

    @Test
    void mismatch02IsNotImplementedRatherThanBad() {
        Rejected rejected = (Rejected) parse("mismatch02.dat");

        assertThat(rejected.status()).isEqualTo(501);
        assertThat(rejected.request().method()).isEqualTo("NEWMETHOD");
        assertThat(rejected.request().header("CSeq")).hasValue("8 INVITE");
    }
}
