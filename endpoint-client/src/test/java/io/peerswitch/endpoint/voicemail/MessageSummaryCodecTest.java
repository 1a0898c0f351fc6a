package io.peerswitch.endpoint.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3842 section 5.2 bodies: the examples of section 6, round trips, and what is refused. */
class MessageSummaryCodecTest {

    private static MessageSummary parsed(String body) {
        MessageSummaryParseResult result = MessageSummaryCodec.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(MessageSummaryParseResult.Parsed.class);
        return ((MessageSummaryParseResult.Parsed) result).summary();
    }

    private static MessageSummaryParseResult.Malformed malformed(String body) {
        MessageSummaryParseResult result = MessageSummaryCodec.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(MessageSummaryParseResult.Malformed.class);
        return (MessageSummaryParseResult.Malformed) result;
    }

    @Test
    void theNotifyBodyOfRfc3842Section6() {
        MessageSummary summary = parsed("""
                Messages-Waiting: yes\r
                Message-Account: sip:alice@vmail.example.com\r
                Voice-Message: 2/8 (0/2)\r
                """);
        assertThat(summary.waiting()).isTrue();
        assertThat(summary.account()).isEqualTo("sip:alice@vmail.example.com");
        assertThat(summary.voice()).isEqualTo(new MessageSummary.Counts(2, 8, 0, 2));
        assertThat(summary.messages()).isEmpty();
    }

    @Test
    void messageHeadersAfterTheSummaryOfRfc3842Section5Point2() {
        MessageSummary summary = parsed("""
                Messages-Waiting: yes
                Message-Account: sip:alice@example.com
                Voice-Message: 4/8 (1/2)
                Fax-Message: 0/1

                To: <alice@example.com>
                From: <bob@example.com>
                Subject: carpool tomorrow?
                Date: Sun, 22 Nov 2026 10:00:00 GMT
                Message-ID: <13a4d7c@example.com>

                To: <alice@example.com>
                From: <carol@example.com>
                Subject: lunch
                  at noon
                Message-ID: <2b7cc1@example.com>
                """);
        assertThat(summary.counts()).containsOnlyKeys("voice-message", "fax-message");
        assertThat(summary.counts().get("fax-message")).isEqualTo(new MessageSummary.Counts(0, 1, 0, 0));
        assertThat(summary.messages()).hasSize(2);
        assertThat(summary.messages().get(0).field("message-id")).contains("<13a4d7c@example.com>");
        assertThat(summary.messages().get(1).field("Subject")).contains("lunch at noon");
    }

    @Test
    void formatThenParseGivesTheSameSummaryAndFormatIsStable() {
        MessageSummary summary = new MessageSummary(true, "sip:bob@example.com",
                Map.of("voice-message", new MessageSummary.Counts(1, 3, 0, 1)),
                List.of(MessageSummary.MessageHeaders.of("From", "\"Alice\" <sip:alice@example.com>", "Message-ID", "<v1>")));
        String body = MessageSummaryCodec.format(summary);
        assertThat(body).startsWith("Messages-Waiting: yes\r\nMessage-Account: sip:bob@example.com\r\nVoice-Message: 1/3 (0/1)\r\n\r\n");
        MessageSummary again = parsed(body);
        assertThat(again).isEqualTo(summary);
        assertThat(MessageSummaryCodec.format(again)).isEqualTo(body);
    }

    @Test
    void unknownClassesAndExtensionHeadersAreIgnoredAndNamesAreCaseInsensitive() {
        MessageSummary summary = parsed("messages-waiting :  NO\nX-Vendor: 7\nHologram-Message: 1/1\nvoice-message:0 / 0 ( 0 / 0 )\n");
        assertThat(summary.waiting()).isFalse();
        assertThat(summary.counts()).containsOnlyKeys("voice-message");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Voice-Message: 1/0|0|no Messages-Waiting line",
        "Messages-Waiting: maybe|1|yes or no",
        "Messages-Waiting: yes~Voice-Message: x/2|2|new/old",
        "Messages-Waiting: yes~Voice-Message: 9999999999/0|2|above",
        "Messages-Waiting: yes~Voice-Message: 1/0~Voice-Message: 2/0|3|twice",
        "Messages-Waiting: yes~no colon here|2|not a header line",
        "Messages-Waiting: yes~~To: <a@b>~broken line|4|without a name"})
    void malformedBodiesSayWhatAndWhere(String body, int line, String reason) {
        MessageSummaryParseResult.Malformed m = malformed(body.replace("~", "\n"));
        assertThat(m.line()).isEqualTo(line);
        assertThat(m.reason()).contains(reason);
    }

    @Test
    void tooLargeOrNotUtf8IsRefused() {
        assertThat(malformed("Messages-Waiting: yes\n" + "X: y\n".repeat(4000)).reason()).contains("longer than");
        MessageSummaryParseResult bad = MessageSummaryCodec.parse(new byte[] {'M', ':', (byte) 0xC3, (byte) 0x28});
        assertThat(bad).isEqualTo(new MessageSummaryParseResult.Malformed("not UTF-8", 0));
    }
}
