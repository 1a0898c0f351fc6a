package io.peerswitch.endpoint.testing;

import java.util.Arrays;
import java.util.Random;

/** Seeded mutations of valid inputs for decoder fuzz loops: the same seed always gives the same inputs. */
public final class Mutations {

    /** Mutations per decoder. */
    public static final int ROUNDS = 10_000;

    private static final byte[] INTERESTING = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0x20, 0x3A};

    private Mutations() {
    }

    /** One to four random edits of {@code input}: bit flips, byte overwrites, truncation, extension, duplication. */
    public static byte[] mutate(byte[] input, Random random) {
        byte[] out = input.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            out = edit(out, random);
        }
        return out;
    }

    private static byte[] edit(byte[] in, Random random) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(in.length);
        byte[] out = in.clone();
        switch (random.nextInt(6)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = (byte) random.nextInt(256);
            case 2 -> out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            case 3 -> out = Arrays.copyOf(in, at);
            case 4 -> {
                out = Arrays.copyOf(in, in.length + 1 + random.nextInt(8));
                for (int i = in.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
            }
            default -> {
                int length = 1 + random.nextInt(Math.min(8, in.length - at));
                out = new byte[in.length + length];
                System.arraycopy(in, 0, out, 0, at + length);
                System.arraycopy(in, at, out, at + length, in.length - at);
            }
        }
        return out;
    }
}
