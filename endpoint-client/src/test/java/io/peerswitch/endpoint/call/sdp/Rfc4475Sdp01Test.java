package io.peerswitch.endpoint.call.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SDP body of RFC 4475 section 3.3.15 ({@code sdp01.dat}), read from the shared conformance
 * data the wire module keeps byte-exact (wire/src/test/resources/rfc4475).
 *
 * <p>EXPECTED.md gives the message's verdict as "UAS 406": its Accept header lists only an unknown
 * type, so no SDP answer may be sent. That decision belongs to the SIP layer; what this module
 * owes it is that the body itself parses, so the 406 is sent for the right reason.
 */
class Rfc4475Sdp01Test {

    private static final String SHA256 = "497c5f1ced6c7b579b48075e2dca919ce9b819a735964128a6e744a3a0b9e57f";

    /** The torture messages are kept, byte-exact, with the SIP codec's tests in the wire module. */
    private static Path conformanceFile() {
        return Path.of("..", "wire", "src", "test", "resources", "rfc4475", "sdp01.dat");
    }

    @Test
    void parsesTheBodyOfThePublishedMessage() throws IOException, NoSuchAlgorithmException {
        Path file = conformanceFile();
        byte[] message = Files.readAllBytes(file);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message))).isEqualTo(SHA256);

        String text = new String(message, StandardCharsets.UTF_8);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        Matcher contentLength = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(text);
        assertThat(contentLength.find()).isTrue();
        byte[] body = Arrays.copyOfRange(message, bodyStart, bodyStart + Integer.parseInt(contentLength.group(1)));
        assertThat(text).contains("Accept: text/nobodyKnowsThis");

        SdpParseResult result = SdpCodec.parse(new String(body, StandardCharsets.UTF_8));

        assertThat(result).isEqualTo(SdpCodec.parse(SdpFixtures.RFC4475_SDP01_BODY));
        assertThat(result).isInstanceOf(SdpParseResult.Parsed.class);
    }
}
