package io.peerswitch.wire.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

/** SEC 1 compressed points of P-256 keys: both parities of y round-trip, a point off the curve is refused. */
class EcKeysTest {

    @Test
    void compressedPointsRoundTripForBothParities() {
        boolean[] seen = new boolean[2];
        for (int i = 0; i < 40; i++) {
            ECPublicKey key = (ECPublicKey) EcKeys.generate().getPublic();
            byte[] point = EcKeys.point(key);
            seen[point[0] - 2] = true;
            assertThat(EcKeys.fromPoint(point)).isEqualTo(key);
        }
        assertThat(seen).containsExactly(true, true);
    }

    @Test
    void malformedPointsAreRefused() {
        byte[] point = EcKeys.point((ECPublicKey) EcKeys.generate().getPublic());
        byte[] uncompressed = point.clone();
        uncompressed[0] = 0x04;
        byte[] tooLarge = point.clone();
        java.util.Arrays.fill(tooLarge, 1, tooLarge.length, (byte) 0xFF);

        assertThatThrownBy(() -> EcKeys.fromPoint(uncompressed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcKeys.fromPoint(tooLarge)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EcKeys.fromPoint(new byte[5])).isInstanceOf(IllegalArgumentException.class);
        int offCurve = 0;
        for (int b = 0; b < 20; b++) {
            byte[] x = point.clone();
            x[32] = (byte) b;
            try {
                EcKeys.fromPoint(x);
            } catch (IllegalArgumentException e) {
                offCurve++;
            }
        }
        assertThat(offCurve).as("about half of all x are not on the curve").isGreaterThan(0);
    }
}
