package io.peerswitch.server.sip.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.sip.redirect.StreamFramer.Frame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Framing by Content-Length on TCP (RFC 3261 section 18.3), keepalive CRLFs, and streams that cannot be framed (RFC 4475). */
class StreamFramerTest {

    private static final String HEAD = "OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n";

    private static void feed(StreamFramer framer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        framer.append(bytes, 0, bytes.length);
    }

    private static String text(Frame frame) {
        return new String(((Frame.Message) frame).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void messagesSplitAnywhereAndBackToBackAreFramedByContentLength() {
        String one = HEAD + "Content-Length: 5\r\n\r\nhello";
        String two = HEAD + "l: 0\r\n\r\n";
        String stream = "\r\n\r\n" + one + two;
        for (int cut = 0; cut <= stream.length(); cut++) {
            StreamFramer framer = new StreamFramer(65_535);
            feed(framer, stream.substring(0, cut));
            StringBuilder got = new StringBuilder();
            Frame f;
            while ((f = framer.next()) instanceof Frame.Message) {
                got.append(text(f)).append('|');
            }
            feed(framer, stream.substring(cut));
            while ((f = framer.next()) instanceof Frame.Message) {
                got.append(text(f)).append('|');
            }
            assertThat(got.toString()).as("cut at " + cut).isEqualTo(one + "|" + two + "|");
            assertThat(framer.buffered()).isZero();
        }
    }

    @Test
    void missingNegativeOrConflictingContentLengthBreaksTheStream() {
        for (String header : new String[] {"", "Content-Length: -999\r\n", "Content-Length: 3\r\nl: 4\r\n", "Content-Length: x\r\n"}) {
            StreamFramer framer = new StreamFramer(65_535);
            feed(framer, HEAD + header + "\r\nabcd");
            assertThat(framer.next()).as(header).isInstanceOf(Frame.Broken.class);
        }
    }

    @Test
    void oversizedMessagesBreakTheStreamBeforeBeingBuffered() {
        StreamFramer framer = new StreamFramer(1_000);
        feed(framer, HEAD + "Content-Length: 5000\r\n\r\n");
        assertThat(framer.next()).isInstanceOf(Frame.Broken.class);

        StreamFramer endless = new StreamFramer(1_000);
        feed(endless, HEAD + "X: " + "a".repeat(2_000));
        assertThat(endless.next()).isInstanceOf(Frame.Broken.class);
    }

    @Test
    void anIncompleteBodyWaitsForMore() {
        StreamFramer framer = new StreamFramer(65_535);
        feed(framer, HEAD + "Content-Length: 9999\r\n\r\nshort");
        assertThat(framer.next()).isInstanceOf(Frame.NeedMore.class);
    }
}
