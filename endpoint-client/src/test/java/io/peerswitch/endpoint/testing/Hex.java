package io.peerswitch.endpoint.testing;

import java.util.HexFormat;

/** Annotated hex fixtures: whitespace is ignored and {@code #} starts a comment that runs to the end of the line. */
public final class Hex {

    private Hex() {
    }

    /** The bytes of an annotated hex fixture. */
    public static byte[] bytes(String annotated) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int comment = line.indexOf('#');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(digits);
    }
}
