package io.peerswitch.endpoint.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One item of an SDES chunk (RFC 3550 section 6.5): a type octet and up to 255 octets of UTF-8 text.
 *
 * @param type  1 to 255; 0 ends an item list and is not an item
 * @param text  the value, at most {@link #MAX_LENGTH} octets once UTF-8 encoded
 */
public record SdesItem(int type, String text) {

    /** Canonical end-point identifier (RFC 3550 section 6.5.1). */
    public static final int CNAME = 1;
    /** Application or tool name (RFC 3550 section 6.5.6). */
    public static final int TOOL = 6;
    /** The item length is one octet. */
    public static final int MAX_LENGTH = 255;

    /** Checks the type and the encoded length. */
    public SdesItem {
        if (type < 1 || type > 0xFF) {
            throw new IllegalArgumentException("SDES item type must be 1 to 255, was " + type);
        }
        Objects.requireNonNull(text, "text");
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException("SDES item text must be at most " + MAX_LENGTH + " UTF-8 octets");
        }
    }

    /** A CNAME item, the one item every compound packet carries (RFC 3550 section 6.1). */
    public static SdesItem cname(String cname) {
        return new SdesItem(CNAME, cname);
    }
}
