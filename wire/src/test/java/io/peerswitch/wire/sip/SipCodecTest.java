package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.sip.SipParseResult.Dropped;
import io.peerswitch.wire.sip.SipParseResult.Parsed;
import io.peerswitch.wire.sip.SipParseResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SipCodecTest {

    static final String HEAD = """
            INVITE sip:bob@biloxi.example.com SIP/2.0\r
            Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r
            Max-Forwards: 70\r
            To: Bob <sip:bob@biloxi.example.com>\r
            From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r
            CSeq: 314159 INVITE\r
            Contact: <sip:alice@pc33.atlanta.example.com>\r
            """;

    /** {@link #HEAD} with {@code extra} header lines (each ending CRLF), the blank line and {@code body}. */
    static String invite(String extra, String body) {
        return HEAD + extra + "\r\n" + body;
    }

    static SipRequest parsedRequest(String text) {
        SipParseResult result = SipCodec.parse(text);
        assertThat(result).isInstanceOf(Parsed.class);
        return (SipRequest) ((Parsed) result).message();
    }

    static Rejected rejected(String text) {
        SipParseResult result = SipCodec.parse(text);
        assertThat(result).isInstanceOf(Rejected.class);
        return (Rejected) result;
    }

    static List<String> parsedTortureMessages() {
        return TortureMessages.all().stream().filter(name -> TortureMessages.parse(name) instanceof Parsed).toList();
    }

    @ParameterizedTest
    @MethodSource("parsedTortureMessages")
    void formattedMessagesParseToEqualRecordsAndFormatStably(String name) {
        SipMessage message = ((Parsed) TortureMessages.parse(name)).message();

        byte[] formatted = SipCodec.format(message);
        SipParseResult again = SipCodec.parse(formatted, 0, formatted.length);

        assertThat(again).isEqualTo(new Parsed(message));
        assertThat(SipCodec.format(((Parsed) again).message())).isEqualTo(formatted);
    }

    @Test
    void formatWritesCrlfLongNamesAndAComputedContentLength() {
        SipRequest request = new SipRequest("MESSAGE", "sip:bob@example.com", List.of(
                new SipHeader("v", "SIP/2.0/TCP client.example.com;branch=z9hG4bK1"),
                new SipHeader("i", "abc@client"),
                new SipHeader("l", "9999"),
                new SipHeader("s", "")), null).withBody("text/plain", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(SipCodec.format(request), StandardCharsets.UTF_8)).isEqualTo("""
                MESSAGE sip:bob@example.com SIP/2.0\r
                Via: SIP/2.0/TCP client.example.com;branch=z9hG4bK1\r
                Call-ID: abc@client\r
                Subject:\r
                Content-Type: text/plain\r
                Content-Length: 5\r
                \r
                hello""");
    }

    @Test
    void formatsAResponse() {
        SipResponse response = new SipResponse(180, "Ringing", List.of(new SipHeader("Call-ID", "x")), null);

        assertThat(new String(SipCodec.format(response), StandardCharsets.US_ASCII))
                .isEqualTo("SIP/2.0 180 Ringing\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void formatRefusesWhatParseWouldNotRead() {
        SipRequest huge = parsedRequest(invite("", "")).withBody("text/plain", new byte[SipCodec.MAX_MESSAGE_BYTES]);

        assertThatThrownBy(() -> SipCodec.format(huge)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bodyIsContentLengthOctetsAndTrailingOctetsAreIgnored() {
        SipRequest request = parsedRequest(invite("Content-Type: text/plain\r\nContent-Length: 5\r\n", "hello, trailing noise"));

        assertThat(request.body()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(request.header("Content-Length")).isEmpty();
    }

    @Test
    void bodyIsTheRestOfTheDatagramWithoutContentLength() {
        assertThat(parsedRequest(invite("Content-Type: text/plain\r\n", "all of it\r\n")).body())
                .isEqualTo("all of it\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void contentLengthMayCarryLeadingZeros() {
        assertThat(parsedRequest(invite("Content-Type: text/plain\r\nl: 0002\r\n", "hello")).body()).hasSize(2);
    }

    @Test
    void readsTheMessageAtAnOffsetAndSkipsLeadingCrlf() {
        byte[] message = ("garbage\r\n\r\n" + invite("", "")).getBytes(StandardCharsets.US_ASCII);

        SipParseResult result = SipCodec.parse(message, 7, message.length - 7);

        assertThat(result).isInstanceOfSatisfying(Parsed.class,
                parsed -> assertThat(parsed.message().callId()).isEqualTo("a84b4c76e66710@pc33.atlanta.example.com"));
        assertThatThrownBy(() -> SipCodec.parse(message, 7, message.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r\n", "\r\n\r\n", "\r\n\r\n\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\u0000\u0001",
            "INVITE sip:a@b\r\nVia: SIP/2.0/UDP h\r\n\r\n", "SIP/2.0\r\n\r\n"})
    void dropsWhatIsNotSip(String text) {
        assertThat(SipCodec.parse(text)).isInstanceOf(Dropped.class);
    }

    @Test
    void dropsARequestThatCannotBeAnswered() {
        String noVia = invite("", "").replaceFirst("Via: [^\r]*\r\n", "");

        assertThat(SipCodec.parse(noVia)).isInstanceOf(Dropped.class);
    }

    @Test
    void neverRejectsAnAck() {
        String ack = invite("", "").replace("INVITE", "ACK").replace("To: Bob", "To: Bob, Jr.");

        assertThat(SipCodec.parse(ack)).isInstanceOfSatisfying(Dropped.class,
                dropped -> assertThat(dropped.reason()).isEqualTo("Malformed To header field"));
    }

    @Test
    void rejectionKeepsTheFieldsThatCouldBeRead() {
        Rejected rejected = rejected(invite("Bad Line\r\n", ""));

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.reason()).isEqualTo("Malformed header field line");
        assertThat(rejected.request().method()).isEqualTo("INVITE");
        assertThat(rejected.request().headers()).extracting(SipHeader::name)
                .containsExactly("Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact");
        assertThat(rejected.request().body()).isEmpty();
    }

    @Test
    void headerSectionMustEndWithCrlfLines() {
        assertThat(rejected(invite("X-Bare: a\nY: b\r\n", "")).reason()).isEqualTo("Line not terminated by CRLF");
        assertThat(rejected(HEAD).reason()).isEqualTo("No empty line after the header fields");
    }

    @Test
    void theStartLineCannotBeFolded() {
        String folded = invite("", "").replaceFirst("SIP/2.0\r\n", "SIP/2.0\r\n  more\r\n");

        assertThat(rejected(folded).reason()).isEqualTo("Continuation line without a header field");
    }

    @Test
    void foldingAndSpacesAroundTheColonAreUnderstood() {
        SipRequest request = parsedRequest(invite("Subject \t:\r\n\t first  \r\n   second\t\r\n", ""));

        assertThat(request.header("Subject")).hasValue("first second");
    }

    @Test
    void versionIsCaseInsensitiveButMustBeTwoPointZero() {
        assertThat(parsedRequest(invite("", "").replace("SIP/2.0\r\nVia", "sip/2.0\r\nVia")).method()).isEqualTo("INVITE");
        assertThat(rejected(invite("", "").replace("SIP/2.0\r\nVia", "SIP/2.1\r\nVia")).status()).isEqualTo(505);
        assertThat(rejected(invite("", "").replace("SIP/2.0\r\nVia", "SIP/2\r\nVia")).status()).isEqualTo(400);
    }

    @Test
    void unknownRequestUriSchemesParse() {
        assertThat(parsedRequest(invite("", "").replace("sip:bob@biloxi.example.com SIP", "tel:+1-201-555-0123 SIP"))
                .requestUri()).isEqualTo("tel:+1-201-555-0123");
        assertThat(rejected(invite("", "").replace("sip:bob@biloxi.example.com SIP", "sip:bob@biloxi.example.com:x SIP"))
                .reason()).isEqualTo("Malformed Request-URI");
    }

    @Test
    void singleValuedFieldsMayAppearOnce() {
        assertThat(rejected(invite("Max-Forwards: 70\r\n", "")).reason()).isEqualTo("More than one Max-Forwards header field");
        assertThat(rejected(invite("c: text/plain\r\nContent-Type: text/plain\r\n", "")).reason())
                .isEqualTo("More than one Content-Type header field");
        assertThat(rejected(invite("l: 0\r\nl: 0\r\n", "")).reason()).isEqualTo("More than one Content-Length header field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max-Forwards: 256", "Max-Forwards: seventy", "Content-Type: text", "Retry-After: 4294967296",
            "Retry-After: 5 (unclosed", "Warning: 30 example.com \"x\"", "Warning: 399 example.com unquoted",
            "Route: sip:proxy.example.com", "Contact: <sip:a@example.com>,", "Call-ID: two words"})
    void judgesTheSyntaxOfFieldsItGivesMeaningTo(String field) {
        String withoutSame = invite("", "").replaceFirst(field.substring(0, field.indexOf(':')) + ": [^\r]*\r\n", "");

        assertThat(rejected(withoutSame.replace("\r\n\r\n", "\r\n" + field + "\r\n\r\n")).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Retry-After: 4294967295 (for a while) ;duration=3600", "Warning: 399 [2001:db8::1]:5060 \"x\", "
            + "370 proxy \"y\"", "Route: <sip:p1.example.com;lr>, \"P 2\" <sip:p2.example.com;lr>", "Contact: *",
            "Expires: 99999999999999999999", "Date: Fri, 01 Jan 2010 16:00:00 EST", "X-Anything: ;;,,\u0000"})
    void acceptsWellFormedOrUnjudgedFields(String field) {
        assertThat(parsedRequest(invite(field + "\r\n", "")).headers()).contains(
                new SipHeader(field.substring(0, field.indexOf(':')), field.substring(field.indexOf(':') + 2)));
    }

    @Test
    void oversizeRequestsAreRejectedWith513() {
        byte[] body = new byte[SipCodec.MAX_MESSAGE_BYTES];

        Rejected rejected = rejected(invite("", new String(body, StandardCharsets.US_ASCII)));

        assertThat(rejected.status()).isEqualTo(513);
        assertThat(rejected.request().headers("Via")).hasSize(1);
    }

    @Test
    void headerBytesThatAreNotUtf8BecomeReplacementCharacters() {
        byte[] message = invite("X-Latin1: caf\u00e9\r\n", "").getBytes(StandardCharsets.ISO_8859_1);

        SipRequest request = (SipRequest) ((Parsed) SipCodec.parse(message, 0, message.length)).message();

        assertThat(request.header("x-latin1")).hasValue("caf\uFFFD");
    }

    @Test
    void responsesAreParsed() {
        String ok = "SIP/2.0 200\r\n" + HEAD.substring(HEAD.indexOf("Via"));

        SipResponse response = (SipResponse) ((Parsed) SipCodec.parse(ok + "\r\n")).message();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.reason()).isEmpty();
        assertThat(response.cseq()).isEqualTo(new CSeq(314159, "INVITE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIP/2.0 099 Too Low", "SIP/2.0 700 Too High", "SIP/2.0 2000 OK", "SIP/2.0 20 OK",
            "SIP/3.0 200 OK", "SIP/2.0 OK"})
    void malformedStatusLinesAreDropped(String statusLine) {
        assertThat(SipCodec.parse(statusLine + "\r\n" + HEAD.substring(HEAD.indexOf("Via")) + "\r\n"))
                .isInstanceOf(Dropped.class);
    }

    @Test
    void headerLookupIsCaseInsensitiveAndKnowsCompactForms() {
        SipRequest request = parsedRequest(invite("Contact: <sip:second@example.com>\r\n", ""));

        assertThat(request.header("CALL-ID")).isEqualTo(request.header("i")).hasValue("a84b4c76e66710@pc33.atlanta.example.com");
        assertThat(request.headers("m")).containsExactly("<sip:alice@pc33.atlanta.example.com>", "<sip:second@example.com>");
        assertThat(request.header("Subject")).isEmpty();
    }

    @Test
    void typedAccessorsRequireTheirFields() {
        SipRequest bare = new SipRequest("OPTIONS", "sip:x@example.com", List.of(new SipHeader("Via", "nonsense")), null);

        assertThatThrownBy(bare::callId).isInstanceOf(IllegalStateException.class).hasMessageContaining("Call-ID");
        assertThatThrownBy(bare::cseq).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(bare::from).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(bare::to).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(bare::vias).isInstanceOf(IllegalStateException.class).hasMessageContaining("Via");
        assertThat(bare.contentType()).isEmpty();
    }

    @Test
    void withHeaderReplacesEveryFieldOfTheNameInPlace() {
        SipRequest request = parsedRequest(invite("Contact: <sip:second@example.com>\r\n", ""));

        SipRequest replaced = request.withHeader("m", "<sip:only@example.com>");

        assertThat(replaced.headers()).extracting(SipHeader::name)
                .containsExactly("Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact");
        assertThat(replaced.headers("Contact")).containsExactly("<sip:only@example.com>");
        assertThat(request.headers("Contact")).hasSize(2);
        assertThat(request.withHeader("Subject", "hi").headers()).last().isEqualTo(new SipHeader("Subject", "hi"));
    }

    @Test
    void addRemoveAndPrependFields() {
        SipRequest request = parsedRequest(invite("", ""));

        SipRequest forwarded = request.addFirstHeader("v", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2")
                .addHeader("Record-Route", "<sip:proxy.example.com;lr>")
                .withoutHeader("contact");

        assertThat(forwarded.vias()).extracting(Via::host).containsExactly("proxy.example.com", "pc33.atlanta.example.com");
        assertThat(forwarded.headers().get(forwarded.headers().size() - 1).name()).isEqualTo("Record-Route");
        assertThat(forwarded.header("Contact")).isEmpty();
    }

    @Test
    void withBodyAndWithRequestUri() {
        SipRequest request = parsedRequest(invite("", ""));

        SipRequest offer = request.withBody("application/sdp", "v=0\r\n".getBytes(StandardCharsets.US_ASCII))
                .withRequestUri("sip:bob@192.0.2.4");
        SipRequest cleared = offer.withBody(null, new byte[0]);

        assertThat(offer.contentType()).hasValue("application/sdp");
        assertThat(offer.body()).hasSize(5);
        assertThat(offer.requestUri()).isEqualTo("sip:bob@192.0.2.4");
        assertThat(cleared.header("Content-Type")).isEmpty();
        assertThat(cleared.body()).isEmpty();
        SipResponse response = new SipResponse(200, "OK", request.headers(), null).withBody("text/plain", new byte[] {'x'});
        assertThat(response.addFirstHeader("Warning", "399 x \"y\"").withoutHeader("Via").withHeader("To", "<sip:a@b>")
                .addHeader("Server", "t").headers()).extracting(SipHeader::name)
                .containsExactly("Warning", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact", "Content-Type", "Server");
    }

    @Test
    void recordsCopyDefensivelyAndCompareBodiesByContent() {
        List<SipHeader> headers = new ArrayList<>(List.of(new SipHeader("Call-ID", "x"), new SipHeader("l", "3")));
        byte[] body = {1, 2, 3};

        SipRequest request = new SipRequest("INFO", "sip:a@b", headers, body);
        headers.add(new SipHeader("Subject", "later"));
        body[0] = 9;
        request.body()[1] = 9;

        assertThat(request.headers()).containsExactly(new SipHeader("Call-ID", "x"));
        assertThat(request.body()).containsExactly(1, 2, 3);
        assertThat(request).isEqualTo(new SipRequest("INFO", "sip:a@b", List.of(new SipHeader("i", "x")), new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new SipRequest("INFO", "sip:a@b", List.of(new SipHeader("i", "x")), new byte[] {1, 2, 3}));
        assertThat(request).isNotEqualTo(new SipRequest("INFO", "sip:a@b", List.of(new SipHeader("i", "x")), new byte[] {1, 2}));
        assertThat(request.toString()).contains("INFO sip:a@b", "3 bytes");
        assertThatThrownBy(() -> request.headers().add(new SipHeader("X", "y"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorsRefuseWhatCouldNotBeFormatted() {
        assertThatThrownBy(() -> new SipRequest("IN VITE", "sip:a@b", List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipRequest("INVITE", "sip:a@b c", List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipHeader("X", "a\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipHeader("X Y", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipResponse(700, "No", List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipResponse(200, "O\nK", List.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerNamesAreCanonical() {
        assertThat(List.of("call-id", "CSEQ", "www-authenticate", "i", "M", "x-Custom")).map(name -> new SipHeader(name, "v").name())
                .containsExactly("Call-ID", "CSeq", "WWW-Authenticate", "Call-ID", "Contact", "x-Custom");
    }
}
