package io.peerswitch.endpoint.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 2046 section 5.2.2 message/partial: splitting, the Content-Type parameters, and putting pieces back together. */
class PartialMessageTest {

    private static final byte[] CONTENT = random(10_000, 7);

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Reassembly.Result join(List<PartialMessage.Part> parts) {
        Reassembly reassembly = new Reassembly("vm1", 1_000_000, 10_000);
        Reassembly.Result result = null;
        for (PartialMessage.Part part : parts) {
            PartialMessageParseResult.Parsed p = (PartialMessageParseResult.Parsed) PartialMessage.parseContentType(part.contentType());
            result = reassembly.offer(p.number(), p.total(), part.body());
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 97, 700, 1200, 20_000})
    void splitThenJoinGivesTheContentAndItsHeadersBack(int size) {
        List<PartialMessage.Part> parts = PartialMessage.split("vm1", "audio/wav", List.of(Map.entry("Digest", "sha-256=abc")), CONTENT, size);
        assertThat(parts).allSatisfy(p -> assertThat(p.body().length).isLessThanOrEqualTo(size));
        assertThat(parts.getLast().total()).isEqualTo(parts.size());
        List<PartialMessage.Part> shuffled = new ArrayList<>(parts);
        Collections.shuffle(shuffled, new Random(size));
        assertThat(join(shuffled)).isInstanceOfSatisfying(Reassembly.Complete.class, c -> {
            assertThat(c.entity().contentType()).isEqualTo("audio/wav");
            assertThat(c.entity().header("digest")).contains("sha-256=abc");
            assertThat(c.entity().content()).isEqualTo(CONTENT);
        });
    }

    @Test
    void contentTypeParametersInAnyOrderQuotedOrNot() {
        assertThat(PartialMessage.parseContentType("Message/Partial;NUMBER=2 ; total=40; id=\"abc@host; x\""))
                .isEqualTo(new PartialMessageParseResult.Parsed("abc@host; x", 2, 40));
        assertThat(PartialMessage.parseContentType("message/partial; id=abc; number=3"))
                .isEqualTo(new PartialMessageParseResult.Parsed("abc", 3, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain; id=a; number=1", "message/partial; number=1", "message/partial; id=a",
        "message/partial; id=a; number=0", "message/partial; id=a; number=x", "message/partial; id=a; number=3; total=2",
        "message/partial; id=a; number=1; total=9999999", "message/partial; id; number=1"})
    void malformedContentTypesAreRefused(String value) {
        assertThat(PartialMessage.parseContentType(value)).isInstanceOf(PartialMessageParseResult.Malformed.class);
    }

    @Test
    void exactDuplicatesAreIgnoredAndAMissingPieceKeepsItIncomplete() {
        List<PartialMessage.Part> parts = PartialMessage.split("vm1", "audio/wav", List.of(), CONTENT, 4000);
        Reassembly reassembly = new Reassembly("vm1", 1_000_000, 1000);
        assertThat(reassembly.offer(1, 3, parts.get(0).body())).isEqualTo(new Reassembly.Incomplete(1, 3));
        assertThat(reassembly.offer(1, 3, parts.get(0).body())).isEqualTo(new Reassembly.Incomplete(1, 3));
        assertThat(reassembly.offer(3, 3, parts.get(2).body())).isEqualTo(new Reassembly.Incomplete(2, 3));
        assertThat(reassembly.offer(2, 3, parts.get(1).body())).isInstanceOf(Reassembly.Complete.class);
    }

    @Test
    void inconsistentPiecesFailForGood() {
        byte[] piece = {1, 2, 3};
        Reassembly conflicting = new Reassembly("a", 100, 10);
        conflicting.offer(1, 2, piece);
        assertThat(conflicting.offer(1, 2, new byte[] {9})).isEqualTo(new Reassembly.Failed("piece 1 twice, different"));
        assertThat(conflicting.offer(2, 2, piece)).isInstanceOf(Reassembly.Failed.class);

        Reassembly totals = new Reassembly("a", 100, 10);
        totals.offer(1, 2, piece);
        assertThat(totals.offer(2, 3, piece)).isInstanceOf(Reassembly.Failed.class);

        assertThat(new Reassembly("a", 100, 10).offer(11, null, piece)).isInstanceOf(Reassembly.Failed.class);
        assertThat(new Reassembly("a", 5, 10).offer(1, 2, new byte[6])).isEqualTo(new Reassembly.Failed("more than 5 bytes"));
    }

    @Test
    void aBadEnclosedEntityFails() {
        assertThat(new Reassembly("a", 100, 10).offer(1, 1, "no header block".getBytes()))
                .isInstanceOfSatisfying(Reassembly.Failed.class, f -> assertThat(f.reason()).contains("header block"));
        assertThat(new Reassembly("a", 100, 10).offer(1, 1, "Content-Type: audio/wav\r\nContent-Length: 9\r\n\r\nabc".getBytes()))
                .isEqualTo(new Reassembly.Failed("Content-Length 9 but 3 bytes"));
        assertThat(new Reassembly("a", 100, 10).offer(1, 1, "Content-Length: 3\r\n\r\nabc".getBytes()))
                .isInstanceOf(Reassembly.Failed.class);
    }
}
