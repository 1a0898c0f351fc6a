package io.peerswitch.wire.stun;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 rules of the STUN text attributes (RFC 8489 sections 14.3, 14.8, 14.9, 14.10 and 14.14): strict in
 * both directions.
 */
final class StunText {

    private StunText() {
    }

    /** The UTF-8 bytes of {@code value}, refusing unpaired surrogates rather than sending '?' in their place. */
    static byte[] utf8(String value, String attribute) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(attribute + " is not valid Unicode text (unpaired surrogate)");
        }
    }

    /** Decodes UTF-8, refusing malformed sequences instead of replacing them. */
    static String decode(byte[] raw, int offset, int length, String attribute) throws MalformedStunException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedStunException(attribute + " is not valid UTF-8");
        }
    }

    /**
     * Checks a SOFTWARE, REALM, NONCE or ERROR-CODE reason phrase: valid Unicode of fewer than 128
     * characters, which in UTF-8 is at most 508 bytes, within the 509 bytes a sender may use.
     */
    static String checkPhrase(String value, String attribute) {
        if (value == null) {
            throw new IllegalArgumentException(attribute + " needs a value");
        }
        utf8(value, attribute);
        int characters = value.codePointCount(0, value.length());
        if (characters > StunCodec.MAX_TEXT_CHARACTERS) {
            throw new IllegalArgumentException(attribute + " has " + characters + " characters; at most "
                    + StunCodec.MAX_TEXT_CHARACTERS + " are allowed");
        }
        return value;
    }
}
