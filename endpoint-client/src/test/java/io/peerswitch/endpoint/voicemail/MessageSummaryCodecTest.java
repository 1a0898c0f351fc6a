package io.peerswitch.endpoint.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.testing.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3842 section 5.2 bodies: the shapes of the RFC's examples, what is tolerated, what is refused, and round trips. */
class MessageSummaryCodecTest {

    /** The summary of RFC 3842 section 3.5 and of the first NOTIFY in the section 4.1 flow, as it travels (CRLF). */
    private static final String SIMPLE = """
            Messages-Waiting: yes\r
            Message-Account: sip:alice@vmail.example.com\r
            Voice-Message: 2/8 (0/2)\r
            """;

    /** A summary followed by the headers of two new messages, as RFC 3842 section 3.5 shows them (LF, as printed). */
    private static final String WITH_MESSAGES = """
            Messages-Waiting: yes
            Message-Account: sip:alice@vmail.example.com
            Voice-Message: 4/8 (1/2)

            To: <alice@atlanta.example.com>
            From: <bob@biloxi.example.com>
            Subject: carpool tomorrow?
            Date: Sun, 22 Nov 2026 08:40:00 GMT
            Priority: normal
            Message-ID: <13a4d7c@vmail.example.com>
            Message-Context: voice-message

            To: <alice@atlanta.example.com>
            From: <carol@chicago.example.com>
            Subject: what about this
              long subject, folded
            Message-ID: <2b7cc1@vmail.example.com>
            Message-Context: voice-message
            """;

    /** Nothing waits any more; several classes, none of them urgent. */
    private static final String NOTHING_WAITING = """
            Messages-Waiting: no\r
            Message-Account: sip:alice@vmail.example.com\r
            Voice-Message: 0/11\r
            Fax-Message: 0/1\r
            """;

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

    private static String formattedAgain(String body) {
        return MessageSummaryCodec.format(parsed(body));
    }

    @Test
    void readsTheSimpleSummaryOfRfc3842AndWritesItBackByteForByte() {
        MessageSummary summary = parsed(SIMPLE);

        assertThat(summary.waiting()).isTrue();
        assertThat(summary.account()).isEqualTo("sip:alice@vmail.example.com");
        assertThat(summary.counts()).containsExactly(Map.entry("voice-message", new MessageSummary.Counts(2, 8, 0, 2)));
        assertThat(summary.voice()).isEqualTo(new MessageSummary.Counts(2, 8, 0, 2));
        assertThat(summary.messages()).isEmpty();
        assertThat(MessageSummaryCodec.format(summary)).isEqualTo(SIMPLE);
    }

    @Test
    void readsTheHeadersOfNewMessagesInOrderWithFoldedLinesJoined() {
        MessageSummary summary = parsed(WITH_MESSAGES);

        assertThat(summary.voice()).isEqualTo(new MessageSummary.Counts(4, 8, 1, 2));
        assertThat(summary.messages()).hasSize(2);
        MessageSummary.MessageHeaders first = summary.messages().get(0);
        assertThat(first.fields()).extracting(Map.Entry::getKey)
                .containsExactly("To", "From", "Subject", "Date", "Priority", "Message-ID", "Message-Context");
        assertThat(first.field("message-id")).contains("<13a4d7c@vmail.example.com>");
        assertThat(first.field("SUBJECT")).contains("carpool tomorrow?");
        assertThat(first.field("Content-Duration")).isEmpty();
        assertThat(summary.messages().get(1).field("Subject")).contains("what about this long subject, folded");
    }

    @Test
    void readsASummaryWhereNothingWaits() {
        MessageSummary summary = parsed(NOTHING_WAITING);

        assertThat(summary.waiting()).isFalse();
        assertThat(summary.counts()).containsExactly(
                Map.entry("voice-message", new MessageSummary.Counts(0, 11, 0, 0)),
                Map.entry("fax-message", new MessageSummary.Counts(0, 1, 0, 0)));
        assertThat(MessageSummaryCodec.format(summary)).isEqualTo(NOTHING_WAITING);
    }

    @ParameterizedTest
    @ValueSource(strings = {SIMPLE, WITH_MESSAGES, NOTHING_WAITING})
    void formatOfParseIsAFixedPoint(String body) {
        String once = formattedAgain(body);

        assertThat(parsed(once)).isEqualTo(parsed(body));
        assertThat(formattedAgain(once)).isEqualTo(once);
    }

    @Test
    void lfOnlyLineEndsAndAMissingFinalLineEndReadAsCrlf() {
        String crlf = WITH_MESSAGES.replace("\n", "\r\n");

        assertThat(parsed(crlf)).isEqualTo(parsed(WITH_MESSAGES));
        assertThat(parsed(WITH_MESSAGES.stripTrailing())).isEqualTo(parsed(WITH_MESSAGES));
        assertThat(parsed(SIMPLE.replace("\r\n", "\n"))).isEqualTo(parsed(SIMPLE));
    }

    @Test
    void namesAndYesOrNoIgnoreCaseAndSpacesAndTabsAreToleratedAroundTheSeparators() {
        MessageSummary summary = parsed("messages-WAITING :\tYES\nMESSAGE-ACCOUNT:sip:bob@example.com  \n"
                + "voice-message:\t3 /\t4 ( 1 / 2 )\nFAX-MESSAGE :0/0\n");

        assertThat(summary.waiting()).isTrue();
        assertThat(summary.account()).isEqualTo("sip:bob@example.com");
        assertThat(summary.voice()).isEqualTo(new MessageSummary.Counts(3, 4, 1, 2));
        assertThat(summary.counts()).containsKey("fax-message");
    }

    @Test
    void everyRfc3458ClassIsReadAndWrittenUnderItsHeaderName() {
        MessageSummary summary = parsed("""
                Messages-Waiting: yes
                Voice-Message: 1/2
                Fax-Message: 3/4
                Pager-Message: 5/6
                Multimedia-Message: 7/8
                Text-Message: 9/10
                None: 11/12 (0/1)
                """);

        assertThat(summary.counts()).containsOnlyKeys(MessageSummary.CLASSES);
        assertThat(summary.counts().get("none")).isEqualTo(new MessageSummary.Counts(11, 12, 0, 1));
        assertThat(MessageSummaryCodec.format(summary)).isEqualTo("Messages-Waiting: yes\r\nVoice-Message: 1/2\r\n"
                + "Fax-Message: 3/4\r\nPager-Message: 5/6\r\nMultimedia-Message: 7/8\r\nText-Message: 9/10\r\n"
                + "None: 11/12 (0/1)\r\n");
    }

    @Test
    void unknownClassesAndExtensionHeadersInTheSummaryAreIgnored() {
        MessageSummary summary = parsed("""
                X-Vendor-Flag: on
                Messages-Waiting: no
                Hologram-Message: this is not a count
                Voice-Message: 0/0
                """);

        assertThat(summary.waiting()).isFalse();
        assertThat(summary.counts()).containsOnlyKeys("voice-message");
        assertThat(MessageSummaryCodec.format(summary)).isEqualTo("Messages-Waiting: no\r\nVoice-Message: 0/0\r\n");
    }

    @Test
    void foldedSummaryLinesAreJoinedAndFaultsNameTheLineTheFieldStartsOn() {
        assertThat(parsed("Messages-Waiting:\n yes\nVoice-Message: 1/2\n\t(0/1)\n").voice())
                .isEqualTo(new MessageSummary.Counts(1, 2, 0, 1));
        assertThat(malformed("Messages-Waiting: yes\nVoice-Message: 1/\n 2 x\n").line()).isEqualTo(2);
    }

    @Test
    void emptyLinesAroundAndBetweenMessageBlocksAreSeparatorsOnly() {
        MessageSummary summary = parsed("Messages-Waiting: yes\n\n\nMessage-ID: <a>\n\n\n\nMessage-ID: <b>\n\n");

        assertThat(summary.messages()).extracting(m -> m.field("Message-ID").orElseThrow()).containsExactly("<a>", "<b>");
        assertThat(parsed("Messages-Waiting: yes\r\n\r\n").messages()).isEmpty();
    }

    @Test
    void countsUpToIntegerMaxValueAreKeptLeadingZerosAndAll() {
        assertThat(parsed("Messages-Waiting: yes\nVoice-Message: 2147483647/0000000000007 (0/00)\n").voice())
                .isEqualTo(new MessageSummary.Counts(Integer.MAX_VALUE, 7, 0, 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|0|no Messages-Waiting line",
        "Voice-Message: 1/0|0|no Messages-Waiting line",
        "~Messages-Waiting: yes|0|no Messages-Waiting line",
        "Messages-Waiting: maybe|1|must be yes or no",
        "Messages-Waiting:|1|must be yes or no",
        "Messages-Waiting: yes~messages-waiting: no|2|Messages-Waiting twice",
        "Messages-Waiting: yes~Message-Account: sip:a@b~Message-Account: sip:c@d|3|Message-Account twice",
        "Messages-Waiting: yes~Message-Account: alice|2|absolute URI",
        "Messages-Waiting: yes~Message-Account: sip:a b@c|2|absolute URI",
        "Messages-Waiting: yes~Message-Account:|2|absolute URI",
        "Messages-Waiting: yes~Voice-Message: x/2|2|Voice-Message must be new/old",
        "Messages-Waiting: yes~Voice-Message: 1/|2|must be new/old",
        "Messages-Waiting: yes~Voice-Message: 1/2 (3)|2|must be new/old",
        "Messages-Waiting: yes~Voice-Message: 1/2 (3/4|2|must be new/old",
        "Messages-Waiting: yes~Voice-Message: -1/2|2|must be new/old",
        "Messages-Waiting: yes~Voice-Message: 1/2 3|2|must be new/old",
        "Messages-Waiting: yes~Voice-Message: 1 2|2|must be new/old",
        "Messages-Waiting: yes~Voice-Message:|2|must be new/old",
        "Messages-Waiting: yes~Fax-Message: 2147483648/0|2|a count above 2147483647",
        "Messages-Waiting: yes~Voice-Message: 0/0 (0/99999999999)|2|a count above 2147483647",
        "Messages-Waiting: yes~Voice-Message: 1/0~voice-message: 2/0|3|voice-message twice",
        "Messages-Waiting: yes~no colon here|2|not a 'Name: value' line",
        "Messages-Waiting: yes~Bad Name: x|2|header name 'Bad Name' is not a token",
        "Messages-Waiting: yes~: x|2|header name '' is not a token",
        "' Messages-Waiting: yes'|1|a folded line that continues no header",
        "Messages-Waiting: yes~~To: <a@b>~broken line|4|not a 'Name: value' line",
        "Messages-Waiting: yes~~ Folded: first|3|a folded line that continues no header",
        "Messages-Waiting: yes~~To: <a@b>~~~From: <c@d>~Sub ject: x|7|is not a token"})
    void malformedBodiesSayWhatAndWhere(String body, int line, String reason) {
        MessageSummaryParseResult.Malformed malformed = malformed(body.replace("~", "\n"));

        assertThat(malformed.reason()).contains(reason);
        assertThat(malformed.line()).isEqualTo(line);
    }

    @Test
    void controlCharactersOtherThanTabAreRefusedWhereTheyAre() {
        assertThat(malformed("Messages-Waiting: yes\u0000\n")).isEqualTo(
                new MessageSummaryParseResult.Malformed("a control character other than a tab", 1));
        assertThat(malformed("Messages-Waiting: yes\rVoice-Message: 1/0\n").line()).as("lone CR").isEqualTo(1);
        assertThat(malformed("Messages-Waiting: yes\n\nSubject: a\u001bb\n").line()).isEqualTo(3);
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIsNot() {
        String head = "Messages-Waiting: yes\r\n\r\nX: ";
        String exact = head + "y".repeat(MessageSummaryCodec.MAX_BODY_BYTES - head.length() - 2) + "\r\n";

        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(MessageSummaryCodec.MAX_BODY_BYTES);
        assertThat(parsed(exact).messages()).hasSize(1);
        assertThat(malformed(exact + "\n")).isEqualTo(
                new MessageSummaryParseResult.Malformed("longer than " + MessageSummaryCodec.MAX_BODY_BYTES + " bytes", 0));
    }

    @Test
    void aBodyThatIsNotUtf8OrNoBodyAtAllIsMalformed() {
        assertThat(MessageSummaryCodec.parse(new byte[] {'M', ':', (byte) 0xC3, (byte) 0x28}))
                .isEqualTo(new MessageSummaryParseResult.Malformed("not UTF-8", 0));
        assertThat(MessageSummaryCodec.parse(null)).isEqualTo(new MessageSummaryParseResult.Malformed("no body", 0));
        assertThat(parsed("Messages-Waiting: yes\n\nSubject: Grüße ☎\n").messages().getFirst().field("subject"))
                .contains("Grüße ☎");
    }

    @Test
    void aBuiltSummaryIsWrittenWithCrlfAndReadBackEqual() {
        Map<String, MessageSummary.Counts> counts = new LinkedHashMap<>();
        counts.put("voice-message", new MessageSummary.Counts(1, 3, 0, 1));
        counts.put("text-message", new MessageSummary.Counts(0, 0, 0, 0));
        MessageSummary summary = new MessageSummary(true, "sip:bob@example.com", counts, List.of(
                MessageSummary.MessageHeaders.of("From", "\"Alice\" <sip:alice@example.com>", "Message-ID", "<v1>"),
                MessageSummary.MessageHeaders.of("Subject", "", "Message-ID", "<v2>")));

        String body = MessageSummaryCodec.format(summary);

        assertThat(body).isEqualTo("""
                Messages-Waiting: yes\r
                Message-Account: sip:bob@example.com\r
                Voice-Message: 1/3 (0/1)\r
                Text-Message: 0/0\r
                \r
                From: "Alice" <sip:alice@example.com>\r
                Message-ID: <v1>\r
                \r
                Subject: \r
                Message-ID: <v2>\r
                """);
        assertThat(parsed(body)).isEqualTo(summary);
        assertThat(MessageSummaryCodec.format(new MessageSummary(false, null, Map.of(), List.of())))
                .isEqualTo("Messages-Waiting: no\r\n");
    }

    @Test
    void theRecordsRefuseWhatCouldNotBeWrittenAndReadBack() {
        Map<String, MessageSummary.Counts> none = Map.of();
        MessageSummary.Counts zero = new MessageSummary.Counts(0, 0, 0, 0);

        assertThatThrownBy(() -> new MessageSummary(true, null, Map.of("Voice-Message", zero), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageSummary(true, null, Map.of("hologram-message", zero), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageSummary(true, "sip:a@b\r\nX: y", none, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageSummary(true, "alice", none, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageSummary.Counts(0, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSummary.MessageHeaders.of("Subject", "a\r\nInjected: b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSummary.MessageHeaders.of("Sub ject", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSummary.MessageHeaders.of("Subject")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageSummary.MessageHeaders.of()).as("opt-msg-headers holds 1*extension-header")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRecordsCopyWhatTheyAreGivenAndTrimHeaderValues() {
        Map<String, MessageSummary.Counts> counts = new HashMap<>(Map.of("fax-message", new MessageSummary.Counts(1, 0, 0, 0)));
        MessageSummary summary = new MessageSummary(false, null, counts, List.of());
        counts.put("voice-message", new MessageSummary.Counts(5, 5, 5, 5));

        assertThat(summary.counts()).containsOnlyKeys("fax-message");
        assertThat(summary.voice()).isEqualTo(new MessageSummary.Counts(0, 0, 0, 0));
        assertThatThrownBy(() -> summary.counts().clear()).isInstanceOf(UnsupportedOperationException.class);
        MessageSummary.MessageHeaders headers = MessageSummary.MessageHeaders.of("Subject", " \thi \t", "subject", "second");
        assertThat(headers.field("SUBJECT")).as("the first of two").contains("hi");
    }

    @Test
    void survivesTenThousandMutationsAndWhatParsesFormatsToAFixedPoint() {
        Random random = new Random(3842);
        String[] seeds = {SIMPLE, WITH_MESSAGES, NOTHING_WAITING};
        int parsedCount = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            byte[] input = Mutations.mutate(seeds[round % seeds.length].getBytes(StandardCharsets.UTF_8), random);

            MessageSummaryParseResult result = MessageSummaryCodec.parse(input);

            if (result instanceof MessageSummaryParseResult.Parsed(MessageSummary summary)) {
                parsedCount++;
                String formatted = MessageSummaryCodec.format(summary);
                assertThat(MessageSummaryCodec.parse(formatted.getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(new MessageSummaryParseResult.Parsed(summary));
            } else {
                MessageSummaryParseResult.Malformed malformed = (MessageSummaryParseResult.Malformed) result;
                assertThat(malformed.line()).isBetween(0, new String(input, StandardCharsets.ISO_8859_1).split("\n", -1).length);
            }
        }
        assertThat(parsedCount).isBetween(100, Mutations.ROUNDS - 100);
    }
}
