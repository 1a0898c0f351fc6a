package io.peerswitch.endpoint.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 2046 section 5.2.2.1: pieces put back together in any order, and every way they can fail to make an entity. */
class ReassemblyTest {

    private static final String ID = "vm1@example.com";
    private static final int MAX_BYTES = 1_000_000;
    private static final int MAX_PARTS = 10_000;
    private static final byte[] CONTENT = PartialMessageTest.random(10_000, 7);
    private static final List<Map.Entry<String, String>> HEADERS = List.of(Map.entry("Digest", "sha-256=abc"),
            Map.entry("Date", "Sun, 22 Nov 2026 08:40:00 GMT"));

    private static List<PartialMessage.Part> split(byte[] content, int maxPartBytes) {
        return PartialMessage.split(ID, "audio/wav", HEADERS, content, maxPartBytes);
    }

    private static Reassembly reassembly() {
        return new Reassembly(ID, MAX_BYTES, MAX_PARTS);
    }

    /** Offers each piece as a receiver would: with the parameters its Content-Type carries. */
    private static Reassembly.Result offerAll(Reassembly reassembly, List<PartialMessage.Part> parts) {
        Reassembly.Result result = null;
        for (PartialMessage.Part part : parts) {
            var p = (PartialMessageParseResult.Parsed) PartialMessage.parseContentType(part.contentType());
            assertThat(p.id()).isEqualTo(reassembly.id());
            result = reassembly.offer(p.number(), p.total(), part.body());
        }
        return result;
    }

    private static Reassembly.Result single(String entity) {
        return reassembly().offer(1, 1, entity.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(Reassembly.Result result) {
        assertThat(result).isInstanceOf(Reassembly.Failed.class);
        return ((Reassembly.Failed) result).reason();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 97, 700, 2527, 10_107, 10_108, 20_000})
    void randomBinaryContentComesBackWholeFromShuffledPieces(int maxPartBytes) {
        // the entity is a 108-byte header block and 10,000 bytes: 2527 fills four pieces exactly, 10,108 one
        byte[] content = PartialMessageTest.random(10_000, maxPartBytes);
        List<PartialMessage.Part> shuffled = new ArrayList<>(split(content, maxPartBytes));
        Collections.shuffle(shuffled, new Random(maxPartBytes));

        Reassembly.Result result = offerAll(new Reassembly(ID, MAX_BYTES, PartialMessage.MAX_PARTS), shuffled);

        assertThat(result).isInstanceOfSatisfying(Reassembly.Complete.class, complete -> {
            Reassembly.Entity entity = complete.entity();
            assertThat(entity.contentType()).isEqualTo("audio/wav");
            assertThat(entity.content()).isEqualTo(content);
            assertThat(entity.headers()).extracting(Map.Entry::getKey)
                    .containsExactly("Content-Type", "Content-Length", "Digest", "Date");
            assertThat(entity.header("digest")).contains("sha-256=abc");
            assertThat(entity.header("DATE")).contains("Sun, 22 Nov 2026 08:40:00 GMT");
            assertThat(entity.header("Content-Duration")).isEmpty();
        });
    }

    @Test
    void aHeaderBlockRunningFromPieceOneIntoPieceTwoIsReadFromTheJoinedPieces() {
        List<PartialMessage.Part> parts = split(CONTENT, 40);
        assertThat(new String(parts.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("Content-Type: audio/wav\r\nContent-Length:");
        assertThat(new String(parts.get(1).body(), StandardCharsets.UTF_8)).startsWith(" 10000\r\nDigest");

        Reassembly reassembly = reassembly();
        assertThat(reassembly.offer(2, parts.size(), parts.get(1).body())).isEqualTo(new Reassembly.Incomplete(1, parts.size()));
        assertThat(offerAll(reassembly, parts)).isInstanceOfSatisfying(Reassembly.Complete.class,
                complete -> assertThat(complete.entity().content()).isEqualTo(CONTENT));
    }

    @Test
    void piecesOutOfOrderCountUpAndTheLastOneCompletes() {
        List<PartialMessage.Part> parts = split(CONTENT, 4000);
        Reassembly reassembly = reassembly();

        assertThat(reassembly.offer(3, 3, parts.get(2).body())).isEqualTo(new Reassembly.Incomplete(1, 3));
        assertThat(reassembly.offer(1, 3, parts.get(0).body())).isEqualTo(new Reassembly.Incomplete(2, 3));
        assertThat(reassembly.offer(2, 3, parts.get(1).body())).isInstanceOf(Reassembly.Complete.class);
    }

    @Test
    void theTotalMayComeOnTheLastPieceOnlyAsRfc2046Requires() {
        List<PartialMessage.Part> parts = split(CONTENT, 4000);
        Reassembly reassembly = reassembly();

        assertThat(reassembly.offer(2, null, parts.get(1).body())).isEqualTo(new Reassembly.Incomplete(1, null));
        assertThat(reassembly.offer(1, null, parts.get(0).body())).isEqualTo(new Reassembly.Incomplete(2, null));
        assertThat(reassembly.offer(3, 3, parts.get(2).body())).isInstanceOf(Reassembly.Complete.class);
    }

    @Test
    void anExactDuplicateChangesNothingEvenWhenItIsTheFirstToSayTheTotal() {
        List<PartialMessage.Part> parts = split(CONTENT, 4000);
        Reassembly reassembly = reassembly();

        assertThat(reassembly.offer(1, 3, parts.get(0).body())).isEqualTo(new Reassembly.Incomplete(1, 3));
        assertThat(reassembly.offer(1, 3, parts.get(0).body())).isEqualTo(new Reassembly.Incomplete(1, 3));
        assertThat(reassembly.offer(2, null, parts.get(1).body())).isEqualTo(new Reassembly.Incomplete(2, 3));
        assertThat(reassembly.offer(2, 3, parts.get(1).body())).isEqualTo(new Reassembly.Incomplete(2, 3));

        Reassembly untold = reassembly();
        untold.offer(1, null, parts.get(0).body());
        untold.offer(2, null, parts.get(1).body());
        assertThat(untold.offer(3, null, parts.get(2).body())).isEqualTo(new Reassembly.Incomplete(3, null));
        assertThat(untold.offer(3, 3, parts.get(2).body())).as("a repeat that says the total completes")
                .isInstanceOf(Reassembly.Complete.class);
    }

    @Test
    void aMissingPieceKeepsItIncomplete() {
        List<PartialMessage.Part> parts = new ArrayList<>(split(CONTENT, 700));
        parts.remove(5);

        assertThat(offerAll(reassembly(), parts)).isEqualTo(new Reassembly.Incomplete(parts.size(), parts.size() + 1));
    }

    @Test
    void aSecondPieceUnderOneNumberWithOtherBytesFailsForGood() {
        List<PartialMessage.Part> parts = split(CONTENT, 4000);
        Reassembly reassembly = reassembly();
        reassembly.offer(1, 3, parts.get(0).body());
        byte[] changed = parts.get(0).body();
        changed[changed.length - 1] ^= 1;

        Reassembly.Result failed = reassembly.offer(1, 3, changed);

        assertThat(failed).isEqualTo(new Reassembly.Failed("piece 1 twice, with different bytes"));
        assertThat(reassembly.offer(2, 3, parts.get(1).body())).isSameAs(failed);
        assertThat(reassembly.offer(3, 3, parts.get(2).body())).isSameAs(failed);
    }

    @Test
    void aTotalThatChangesOrLeavesAPieceBeyondItFails() {
        byte[] piece = {1, 2, 3};
        Reassembly changed = reassembly();
        changed.offer(1, 2, piece);
        assertThat(failure(changed.offer(2, 3, piece))).isEqualTo("total 3 after total 2");

        Reassembly beyond = reassembly();
        beyond.offer(5, null, piece);
        assertThat(failure(beyond.offer(1, 4, piece))).isEqualTo("piece 5 beyond total 4");
    }

    @Test
    void numbersAndTotalsOutOfRangeFail() {
        byte[] piece = {1};
        assertThat(failure(reassembly().offer(0, 2, piece))).isEqualTo("piece number 0 is not 1 to 2");
        assertThat(failure(reassembly().offer(3, 2, piece))).isEqualTo("piece number 3 is not 1 to 2");
        assertThat(failure(reassembly().offer(-1, null, piece))).contains("is not 1 to " + MAX_PARTS);
        assertThat(failure(reassembly().offer(MAX_PARTS + 1, null, piece))).contains("is not 1 to " + MAX_PARTS);
        assertThat(failure(reassembly().offer(1, 0, piece))).isEqualTo("total 0 is not 1 to " + MAX_PARTS);
        assertThat(failure(reassembly().offer(1, MAX_PARTS + 1, piece))).isEqualTo("total 10001 is not 1 to " + MAX_PARTS);
    }

    @Test
    void moreBytesOrPiecesThanTheLimitsAllowFail() {
        List<PartialMessage.Part> parts = split(CONTENT, 1000);
        int length = parts.stream().mapToInt(p -> p.body().length).sum();

        assertThat(offerAll(new Reassembly(ID, length, MAX_PARTS), parts)).isInstanceOf(Reassembly.Complete.class);
        assertThat(offerAll(new Reassembly(ID, length - 1, MAX_PARTS), parts))
                .isEqualTo(new Reassembly.Failed("more than " + (length - 1) + " bytes"));
        assertThat(offerAll(new Reassembly(ID, MAX_BYTES, parts.size()), parts)).isInstanceOf(Reassembly.Complete.class);
        assertThat(offerAll(new Reassembly(ID, MAX_BYTES, parts.size() - 1), parts)).isInstanceOf(Reassembly.Failed.class);
    }

    @Test
    void aCompleteEntityIsAnsweredAgainToEveryLaterPiece() {
        List<PartialMessage.Part> parts = split(CONTENT, 700);
        Reassembly reassembly = reassembly();
        Reassembly.Result complete = offerAll(reassembly, parts);

        assertThat(reassembly.offer(1, parts.size(), new byte[] {9})).isSameAs(complete);
        assertThat(reassembly.offer(99_999, 1, new byte[0])).isSameAs(complete);
    }

    @Test
    void anEnclosedEntityWithoutAUsableHeaderBlockFails() {
        assertThat(failure(single("no header block at all"))).contains("no enclosed header block");
        assertThat(failure(single("\r\n\r\nabc"))).isEqualTo("an enclosed header line that is not 'Name: value'");
        assertThat(failure(single("Content-Type: audio/wav\r\nno colon\r\nContent-Length: 3\r\n\r\nabc")))
                .isEqualTo("an enclosed header line that is not 'Name: value'");
        assertThat(failure(single("Content-Type: audio/wav\r\nBad Name: x\r\nContent-Length: 3\r\n\r\nabc")))
                .contains("not 'Name: value'");
        assertThat(failure(single("Content-Type: audio/wav\nContent-Length: 3\r\n\r\nabc"))).as("a bare LF inside the block")
                .contains("not 'Name: value'");
        assertThat(failure(single("Content-Length: 3\r\n\r\nabc"))).contains("has 0 and 1");
        assertThat(failure(single("Content-Type: audio/wav\r\n\r\nabc"))).contains("has 1 and 0");
        assertThat(failure(single("Content-Type: a/b\r\nContent-Type: a/b\r\nContent-Length: 3\r\n\r\nabc"))).contains("has 2 and 1");
        assertThat(failure(single("Content-Type: audio/wav\r\nContent-Length: three\r\n\r\nabc")))
                .isEqualTo("Content-Length three but 3 bytes");
        assertThat(failure(reassembly().offer(1, 1, new byte[] {'X', ':', (byte) 0xFF, '\r', '\n', '\r', '\n'})))
                .isEqualTo("the enclosed header block is not UTF-8");
    }

    @Test
    void aContentLengthThatIsNotTheJoinedContentsLengthFails() {
        assertThat(failure(single("Content-Type: audio/wav\r\nContent-Length: 9\r\n\r\nabc")))
                .isEqualTo("Content-Length 9 but 3 bytes");
        assertThat(failure(single("Content-Type: audio/wav\r\nContent-Length: 2\r\n\r\nabc")))
                .isEqualTo("Content-Length 2 but 3 bytes");
        assertThat(single("Content-Type: audio/wav\r\nContent-Length: 3\r\n\r\nabc")).isInstanceOf(Reassembly.Complete.class);
    }

    @Test
    void theHeaderBlockMayBeAsLongAsTheLimitAndNoLonger() {
        String start = "Content-Type: audio/wav\r\nContent-Length: 0\r\nX: ";
        String longest = start + "y".repeat(Reassembly.MAX_HEADER_BYTES - start.length() - 4) + "\r\n\r\n";
        assertThat(longest).hasSize(Reassembly.MAX_HEADER_BYTES);

        assertThat(single(longest)).isInstanceOf(Reassembly.Complete.class);
        assertThat(failure(single(longest.replace("X: ", "X: y")))).contains("within " + Reassembly.MAX_HEADER_BYTES + " bytes");
    }

    @Test
    void theContentIsBinaryAndNeverDecoded() {
        byte[] content = {0, (byte) 0xFF, '\r', '\n', '\r', '\n', (byte) 0xC3, 0x28};
        List<PartialMessage.Part> parts = PartialMessage.split("b", "application/octet-stream", List.of(), content, 5);

        assertThat(offerAll(new Reassembly("b", 1000, 100), parts)).isInstanceOfSatisfying(Reassembly.Complete.class,
                complete -> assertThat(complete.entity().content()).containsExactly(content));
    }

    @Test
    void theEntityCopiesItsContentAndComparesByIt() {
        Reassembly.Entity entity = new Reassembly.Entity("a/b", List.of(Map.entry("Content-Type", "a/b")), new byte[] {1, 2});
        entity.content()[0] = 9;

        assertThat(entity.content()).containsExactly(1, 2);
        assertThat(entity).isEqualTo(new Reassembly.Entity("a/b", List.of(Map.entry("Content-Type", "a/b")), new byte[] {1, 2}))
                .hasSameHashCodeAs(new Reassembly.Entity("a/b", List.of(Map.entry("Content-Type", "a/b")), new byte[] {1, 2}))
                .isNotEqualTo(new Reassembly.Entity("a/b", List.of(Map.entry("Content-Type", "a/b")), new byte[] {1, 3}))
                .hasToString("Entity[a/b, 1 headers, 2 bytes]");
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> new Reassembly(ID, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reassembly(ID, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
