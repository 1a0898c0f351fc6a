package io.peerswitch.endpoint.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.testing.Mutations;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 2046 section 5.2.2 message/partial: how an entity is cut into pieces, and the pieces' Content-Type parameters. */
class PartialMessageTest {

    private static final byte[] CONTENT = random(10_000, 7);
    private static final String HEADER_BLOCK = "Content-Type: audio/wav\r\nContent-Length: 10000\r\nDigest: sha-256=abc\r\n\r\n";

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<PartialMessage.Part> split(byte[] content, int maxPartBytes) {
        return PartialMessage.split("vm1@example.com", "audio/wav", List.of(Map.entry("Digest", "sha-256=abc")), content,
                maxPartBytes);
    }

    private static byte[] joined(List<PartialMessage.Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(part -> out.writeBytes(part.body()));
        return out.toByteArray();
    }

    private static byte[] entity(String headerBlock, byte[] content) {
        byte[] head = headerBlock.getBytes(StandardCharsets.UTF_8);
        byte[] entity = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, entity, head.length, content.length);
        return entity;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 700, 1200, 20_000})
    void piecesAreTheHeaderBlockThenTheContentCutAtMostMaxPartBytesLong(int maxPartBytes) {
        List<PartialMessage.Part> parts = split(CONTENT, maxPartBytes);

        byte[] entity = entity(HEADER_BLOCK, CONTENT);
        assertThat(joined(parts)).isEqualTo(entity);
        assertThat(parts).hasSize((entity.length + maxPartBytes - 1) / maxPartBytes);
        for (int i = 0; i < parts.size(); i++) {
            PartialMessage.Part part = parts.get(i);
            assertThat(part.id()).isEqualTo("vm1@example.com");
            assertThat(part.number()).isEqualTo(i + 1);
            assertThat(part.total()).isEqualTo(parts.size());
            assertThat(part.body().length).isBetween(1, maxPartBytes);
        }
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(part -> assertThat(part.body()).hasSize(maxPartBytes));
    }

    @Test
    void pieceOneStartsWithTheWholeHeaderBlockWhenItFits() {
        PartialMessage.Part first = split(CONTENT, 700).getFirst();

        assertThat(new String(first.body(), 0, HEADER_BLOCK.length(), StandardCharsets.UTF_8)).isEqualTo(HEADER_BLOCK);
        assertThat(Arrays.copyOfRange(first.body(), HEADER_BLOCK.length(), 700))
                .isEqualTo(Arrays.copyOf(CONTENT, 700 - HEADER_BLOCK.length()));
    }

    @Test
    void anEntityThatExactlyFillsItsPiecesHasNoShortLastPiece() {
        int entityLength = HEADER_BLOCK.length() + CONTENT.length;
        String headerBlock = "Content-Type: audio/wav\r\nContent-Length: 1451\r\n\r\n";
        byte[] content = Arrays.copyOf(CONTENT, 3 * 500 - headerBlock.length());

        List<PartialMessage.Part> parts = PartialMessage.split("a", "audio/wav", List.of(), content, 500);

        assertThat(parts).extracting(p -> p.body().length).containsExactly(500, 500, 500);
        assertThat(joined(parts)).isEqualTo(entity(headerBlock, content));
        assertThat(split(CONTENT, entityLength)).singleElement().satisfies(p -> assertThat(p.total()).isEqualTo(1));
        assertThat(split(CONTENT, entityLength - 1)).extracting(p -> p.body().length).containsExactly(entityLength - 1, 1);
        assertThat(split(CONTENT, Integer.MAX_VALUE)).as("no overflow").hasSize(1);
    }

    @Test
    void anEmptyEntityIsOnePieceHoldingItsHeaderBlock() {
        List<PartialMessage.Part> parts = PartialMessage.split("a", "text/plain", List.of(), new byte[0], 1000);

        assertThat(parts).singleElement().satisfies(p -> assertThat(new String(p.body(), StandardCharsets.UTF_8))
                .isEqualTo("Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void aPieceSaysItsParametersInItsContentTypeAndTheyParseBack() {
        PartialMessage.Part part = split(CONTENT, 700).get(1);

        assertThat(part.contentType()).isEqualTo("message/partial; id=\"vm1@example.com\"; number=2; total=" + part.total());
        assertThat(PartialMessage.parseContentType(part.contentType()))
                .isEqualTo(new PartialMessageParseResult.Parsed("vm1@example.com", 2, part.total()));
    }

    @Test
    void aPieceCopiesItsBodyAndComparesByContent() {
        byte[] body = {1, 2, 3};
        PartialMessage.Part part = new PartialMessage.Part("a", 1, 2, body);
        body[0] = 9;
        part.body()[1] = 9;

        assertThat(part.body()).containsExactly(1, 2, 3);
        assertThat(part).isEqualTo(new PartialMessage.Part("a", 1, 2, new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new PartialMessage.Part("a", 1, 2, new byte[] {1, 2, 3}))
                .isNotEqualTo(new PartialMessage.Part("a", 1, 2, new byte[] {1, 2, 4}))
                .hasToString("Part[a 1/2, 3 bytes]");
    }

    @Test
    void splitRefusesWhatCouldNotTravelOrBeReadBack() {
        byte[] some = {1};
        List<Map.Entry<String, String>> none = List.of();

        for (String id : new String[] {"", "x".repeat(PartialMessage.MAX_ID_LENGTH + 1), "a\"b", "a\\b", "a\r\nb", "é"}) {
            assertThatThrownBy(() -> PartialMessage.split(id, "audio/wav", none, some, 100)).as(id)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(PartialMessage.split("x".repeat(PartialMessage.MAX_ID_LENGTH), "audio/wav", none, some, 100)).hasSize(1);
        assertThatThrownBy(() -> PartialMessage.split("a", "audio/wav", none, some, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartialMessage.split("a", "audio/wav\r\nX: y", none, some, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartialMessage.split("a", "audio/wav", List.of(Map.entry("Da te", "x")), some, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartialMessage.split("a", "audio/wav", List.of(Map.entry("content-length", "1")), some, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartialMessage.split("a", "audio/wav", none, new byte[PartialMessage.MAX_PARTS], 1))
                .hasMessageContaining("at most " + PartialMessage.MAX_PARTS);
        assertThatThrownBy(() -> new PartialMessage.Part("a", 3, 2, some)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartialMessage.Part("a", 0, 2, some)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "message/partial; id=\"abc@host\"; number=2; total=40|abc@host|2|40",
        "Message/Partial;NUMBER=2 ; total=40; ID=\"abc@host; x\"|abc@host; x|2|40",
        "message/partial; id=abc; number=3|abc|3|",
        "message/partial; id=abc@host.example; number=1; total=1|abc@host.example|1|1",
        "message/partial;id=\"a\\bc\";number=1|abc|1|",
        "'\tmessage / partial ;\tid = \"x y\" ; number = 7 ; total = 9 ; '|x y|7|9",
        "message/partial; number=1; charset=us-ascii; id=z; x-unknown=\"whatever; it is\"|z|1|",
        "message/partial; id=a; number=000012; total=12|a|12|12"})
    void parsesParametersInAnyOrderQuotedOrNotWithWhitespace(String value, String id, int number, Integer total) {
        assertThat(PartialMessage.parseContentType(value)).isEqualTo(new PartialMessageParseResult.Parsed(id, number, total));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "text/plain; id=a; number=1", "message/partialx; id=a; number=1", "message; id=a; number=1",
        "message/partial; number=1", "message/partial; id=a", "message/partial; id=\"\"; number=1",
        "message/partial; id=a; number=0", "message/partial; id=a; number=x", "message/partial; id=a; number=-1",
        "message/partial; id=a; number=3; total=2", "message/partial; id=a; number=1; total=0",
        "message/partial; id=a; number=1; total=9999999", "message/partial; id=a; number=100001",
        "message/partial; id; number=1", "message/partial; id=; number=1", "message/partial; =a; number=1",
        "message/partial; id=\"unterminated; number=1", "message/partial; id=a b; number=1",
        "message/partial; id=a; id=b; number=1", "message/partial; id=a; number=1; number=1",
        "message/partial id=a; number=1", "message/partial; id=\"a\rb\"; number=1",
        "message/partial; id=\"a\\\"b\"; number=1", "message/partial; id=\"ü\"; number=1"})
    void refusesWhatIsNotAPiecesContentType(String value) {
        assertThat(PartialMessage.parseContentType(value)).isInstanceOf(PartialMessageParseResult.Malformed.class);
    }

    @Test
    void anIdOfTheLongestLengthIsAcceptedOneLongerIsNotAndNoValueIsMalformed() {
        String longest = "x".repeat(PartialMessage.MAX_ID_LENGTH);

        assertThat(PartialMessage.parseContentType("message/partial; id=\"" + longest + "\"; number=1"))
                .isEqualTo(new PartialMessageParseResult.Parsed(longest, 1, null));
        assertThat(PartialMessage.parseContentType("message/partial; id=\"" + longest + "x\"; number=1"))
                .isInstanceOf(PartialMessageParseResult.Malformed.class);
        assertThat(PartialMessage.parseContentType(null)).isEqualTo(new PartialMessageParseResult.Malformed("no Content-Type"));
    }

    @Test
    void survivesTenThousandMutatedContentTypesAndWhatParsesDescribesAValidPiece() {
        Random random = new Random(2046);
        byte[] seed = "message/partial; id=\"vm-1@example.com\"; number=12; total=40".getBytes(StandardCharsets.US_ASCII);
        int parsedCount = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            String value = new String(Mutations.mutate(seed, random), StandardCharsets.ISO_8859_1);

            PartialMessageParseResult result = PartialMessage.parseContentType(value);

            if (result instanceof PartialMessageParseResult.Parsed(String id, int number, Integer total)) {
                parsedCount++;
                PartialMessage.Part part = new PartialMessage.Part(id, number, total == null ? number : total, new byte[0]);
                assertThat(PartialMessage.parseContentType(part.contentType()))
                        .isEqualTo(new PartialMessageParseResult.Parsed(id, number, part.total()));
            }
        }
        assertThat(parsedCount).isBetween(100, Mutations.ROUNDS - 100);
    }
}
