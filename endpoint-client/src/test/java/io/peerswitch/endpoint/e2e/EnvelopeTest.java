package io.peerswitch.endpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.identity.EcKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CMS envelope of IM bodies (RFC 5083, RFC 5753) between installations' message keys. */
class EnvelopeTest {

    private static final KeyPair BOB_DESK = EcKeys.generate();
    private static final KeyPair BOB_PHONE = EcKeys.generate();
    private static final KeyPair MALLORY = EcKeys.generate();
    private static final byte[] TEXT = "Content-Type: text/plain;charset=UTF-8\r\n\r\nmeet at noon".getBytes(StandardCharsets.UTF_8);

    private static ECPublicKey key(KeyPair pair) {
        return (ECPublicKey) pair.getPublic();
    }

    @Test
    void eachRecipientOpensItAndNobodyElse() {
        byte[] sealed = Envelope.seal(TEXT, List.of(key(BOB_DESK), key(BOB_PHONE)));

        assertThat(Envelope.content(Envelope.open(sealed, BOB_DESK))).contains(TEXT);
        assertThat(Envelope.content(Envelope.open(sealed, BOB_PHONE))).contains(TEXT);
        assertThat(Envelope.open(sealed, MALLORY)).isEqualTo(new Envelope.Opened.Refused("not sealed for this installation's message key"));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).as("no plaintext on the wire").doesNotContain("noon");
        assertThat(Envelope.seal(TEXT, List.of(key(BOB_DESK))).length - TEXT.length).as("overhead for one recipient (docs/security.md)")
                .isBetween(250, 330);
        assertThat(Envelope.seal(TEXT, List.of(key(BOB_DESK)))).as("a fresh ephemeral key and content key each time")
                .isNotEqualTo(Envelope.seal(TEXT, List.of(key(BOB_DESK))));
    }

    @Test
    void aRecipientNamedForAnotherKeyCannotOpenIt() {
        // Mallory relabels the envelope with her key identifier: the unwrap fails, nothing is shown.
        byte[] sealed = Envelope.seal(TEXT, List.of(key(BOB_DESK)));
        byte[] bobId = Envelope.keyId(key(BOB_DESK));
        byte[] relabelled = replace(sealed, bobId, Envelope.keyId(key(MALLORY)));

        assertThat(Envelope.open(relabelled, MALLORY)).isInstanceOf(Envelope.Opened.Refused.class);
    }

    @Test
    void everyFlippedByteIsRefusedAndTheGenuineStillOpens() {
        byte[] sealed = Envelope.seal(TEXT, List.of(key(BOB_DESK)));
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            Envelope.Opened opened = Envelope.open(altered, BOB_DESK);
            if (opened instanceof Envelope.Opened.Content(byte[] bytes)) {
                // A few DER length or tag bits can be flipped without changing what is authenticated (none here so far);
                // what opens must still be the genuine text.
                assertThat(bytes).as("byte %d flipped", i).isEqualTo(TEXT);
            }
        }
        assertThat(Envelope.content(Envelope.open(sealed, BOB_DESK))).contains(TEXT);
        byte[] tagFlipped = sealed.clone();
        tagFlipped[tagFlipped.length - 1] ^= 0x01;
        assertThat(Envelope.open(tagFlipped, BOB_DESK)).as("the GCM tag").isInstanceOf(Envelope.Opened.Refused.class);
    }

    @Test
    void garbageNeverThrowsAndNeverOpens() {
        Random random = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            byte[] garbage = new byte[random.nextInt(400)];
            random.nextBytes(garbage);
            if (garbage.length > 2 && random.nextBoolean()) {
                garbage[0] = 0x30; // a DER SEQUENCE, to get past the first check
            }
            assertThat(Envelope.open(garbage, BOB_DESK)).isInstanceOf(Envelope.Opened.Refused.class);
        }
        assertThat(Envelope.open(new byte[Envelope.MAX_BYTES + 1], BOB_DESK)).isInstanceOf(Envelope.Opened.Refused.class);
        byte[] sealed = Envelope.seal(TEXT, List.of(key(BOB_DESK)));
        for (int n = 0; n < sealed.length; n += 7) {
            assertThat(Envelope.open(Arrays.copyOf(sealed, n), BOB_DESK)).as("first %d bytes", n).isInstanceOf(Envelope.Opened.Refused.class);
        }
    }

    private static byte[] replace(byte[] in, byte[] what, byte[] with) {
        byte[] out = in.clone();
        for (int i = 0; i + what.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                System.arraycopy(with, 0, out, i, with.length);
                return out;
            }
        }
        throw new AssertionError("not found");
    }
}
