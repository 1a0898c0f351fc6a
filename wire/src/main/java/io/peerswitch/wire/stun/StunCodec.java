package io.peerswitch.wire.stun;

import io.peerswitch.wire.stun.StunDecodeResult.Decoded;
import io.peerswitch.wire.stun.StunDecodeResult.Malformed;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN message codec of RFC 8489 sections 5, 6.3 and 14: pure functions between bytes and
 * {@link StunMessage}s, MESSAGE-INTEGRITY (section 14.5) and FINGERPRINT (section 14.7) over raw
 * bytes, and the cheap demultiplexing test of RFC 7983 for a UDP port shared with SIP and RTP.
 */
public final class StunCodec {

    /** The fixed value of header bytes 4 to 7 (RFC 8489 section 5); RFC 3489 agents put random bits there. */
    public static final int MAGIC_COOKIE = 0x2112A442;

    /** Size of the header: type, length, magic cookie and transaction ID. */
    public static final int HEADER_SIZE = 20;

    /**
     * Largest message this codec decodes or encodes, in bytes. Peerswitch speaks STUN over UDP only,
     * where RFC 8489 section 6.1 keeps a message below the path MTU, and when that is unknown within
     * an IP packet of 576 bytes (IPv4) or 1280 (IPv6); 1500, an Ethernet MTU, leaves room for any
     * real message and bounds what one datagram can make a receiver parse.
     */
    public static final int MAX_MESSAGE_SIZE = 1500;

    /** SOFTWARE, REALM, NONCE and reason phrases hold "fewer than 128 characters" (RFC 8489 sections 14.8 to 14.14). */
    public static final int MAX_TEXT_CHARACTERS = 127;

    /**
     * Longest USERNAME in UTF-8 bytes: what RFC 8489 section 14.3 requires every agent to parse, for
     * RFC 5389 peers (a sender should stay below 509).
     */
    public static final int MAX_USERNAME_BYTES = 763;

    private static final int ATTRIBUTE_HEADER_SIZE = 4;
    private static final int INTEGRITY_ATTRIBUTE_SIZE = ATTRIBUTE_HEADER_SIZE + MessageIntegrity.LENGTH;
    private static final int FINGERPRINT_ATTRIBUTE_SIZE = ATTRIBUTE_HEADER_SIZE + 4;

    private StunCodec() {
    }

    /**
     * Whether a datagram can be STUN at all: at least a header, the two top bits 0 and the magic
     * cookie in bytes 4 to 7 (RFC 8489 section 5), without decoding anything. SIP starts with a letter
     * (top bits 01), RTP and RTCP with version 2 (top bits 10); a DTLS record starts with 20 to 63, top
     * bits 00 like STUN, and the cookie tells the two apart (RFC 7983 section 7 looks at the first byte only).
     */
    public static boolean looksLikeStun(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return length >= HEADER_SIZE
                && (buf[offset] & 0xC0) == 0
                && ByteBuffer.wrap(buf, offset + 4, 4).getInt() == MAGIC_COOKIE;
    }

    /** Decodes the bytes from the buffer's position to its limit, leaving the buffer untouched. */
    public static StunDecodeResult decode(ByteBuffer message) {
        ByteBuffer view = message.duplicate();
        if (view.remaining() > MAX_MESSAGE_SIZE) {
            return tooLong(view.remaining());
        }
        byte[] raw = new byte[view.remaining()];
        view.get(raw);
        return decode(raw);
    }

    /**
     * Decodes one whole message, checking what RFC 8489 section 6.3 asks of a receiver before any
     * processing: the header, every attribute's bounds and padding, the values of the attributes this
     * codec knows, the place of MESSAGE-INTEGRITY and FINGERPRINT, and the FINGERPRINT's value. Never
     * throws on bad input: it says what is wrong in {@link Malformed}.
     *
     * <p>Two deliberate refusals: a message without the magic cookie (an RFC 3489 agent's) is
     * malformed, and so is one with any attribute but FINGERPRINT after MESSAGE-INTEGRITY, where
     * section 14.5 would ignore the attribute; that way no unauthenticated attribute ever reaches a
     * caller. MESSAGE-INTEGRITY-SHA256 (section 14.6) is not supported.
     */
    public static StunDecodeResult decode(byte[] message) {
        if (message.length > MAX_MESSAGE_SIZE) {
            return tooLong(message.length);
        }
        try {
            return new Decoded(parse(message));
        } catch (MalformedStunException e) {
            return new Malformed(e.getMessage());
        }
    }

    /** Encodes {@code message} with its attributes as they are, padding with zero bytes as RFC 8489 section 14 asks. */
    public static byte[] encode(StunMessage message) {
        return encode(message, (byte) 0);
    }

    /**
     * Encodes {@code message} padding with {@code padding}: RFC 5389 section 15 let senders pad with
     * any value, and the RFC 5769 test vectors pad with spaces to check that receivers ignore it.
     */
    public static byte[] encode(StunMessage message, byte padding) {
        byte[] xorMask = xorMask(message.transactionId());
        List<byte[]> values = new ArrayList<>(message.attributes().size());
        int size = HEADER_SIZE;
        for (StunAttribute attribute : message.attributes()) {
            byte[] value = AttributeCodec.encode(attribute, xorMask);
            values.add(value);
            size += ATTRIBUTE_HEADER_SIZE + padded(value.length);
        }
        checkSize(size);
        ByteBuffer out = ByteBuffer.allocate(size)
                .putShort((short) messageType(message.messageClass(), message.method()))
                .putShort((short) (size - HEADER_SIZE))
                .putInt(MAGIC_COOKIE)
                .put(message.transactionId().bytes());
        for (int i = 0; i < values.size(); i++) {
            byte[] value = values.get(i);
            out.putShort((short) message.attributes().get(i).type()).putShort((short) value.length).put(value);
            for (int pad = value.length; pad < padded(value.length); pad++) {
                out.put(padding);
            }
        }
        return out.array();
    }

    /** Encodes {@code message} and appends FINGERPRINT. */
    public static byte[] encodeWithFingerprint(StunMessage message) {
        return appendFingerprint(encode(message));
    }

    /** Encodes {@code message} and appends MESSAGE-INTEGRITY keyed with {@code key}. */
    public static byte[] encodeWithIntegrity(StunMessage message, IntegrityKey key) {
        return appendIntegrity(encode(message), key);
    }

    /** Encodes {@code message} and appends MESSAGE-INTEGRITY keyed with {@code key}, then FINGERPRINT. */
    public static byte[] encodeWithIntegrityAndFingerprint(StunMessage message, IntegrityKey key) {
        return appendFingerprint(appendIntegrity(encode(message), key));
    }

    /**
     * Returns a copy of the encoded {@code message} with MESSAGE-INTEGRITY appended: the HMAC-SHA1 of
     * the message with its length field already counting the new attribute (RFC 8489 section 14.5).
     *
     * @throws IllegalArgumentException if {@code message} is not a well-formed message, already has
     *                                  MESSAGE-INTEGRITY or FINGERPRINT, or would grow too large
     */
    public static byte[] appendIntegrity(byte[] message, IntegrityKey key) {
        StunMessage decoded = requireWellFormed(message);
        if (decoded.attribute(MessageIntegrity.class).isPresent() || decoded.attribute(Fingerprint.class).isPresent()) {
            throw new IllegalArgumentException("the message already ends in MESSAGE-INTEGRITY or FINGERPRINT");
        }
        byte[] out = appendAttribute(message, MessageIntegrity.TYPE, MessageIntegrity.LENGTH);
        System.arraycopy(integrityOf(out, message.length, key), 0, out, message.length + ATTRIBUTE_HEADER_SIZE,
                MessageIntegrity.LENGTH);
        return out;
    }

    /**
     * Returns a copy of the encoded {@code message} with FINGERPRINT appended: the CRC-32 of the message
     * with its length field already counting the new attribute, XOR 0x5354554e (RFC 8489 section 14.7).
     *
     * @throws IllegalArgumentException if {@code message} is not a well-formed message, already has
     *                                  FINGERPRINT, or would grow too large
     */
    public static byte[] appendFingerprint(byte[] message) {
        if (requireWellFormed(message).attribute(Fingerprint.class).isPresent()) {
            throw new IllegalArgumentException("the message already ends in FINGERPRINT");
        }
        byte[] out = appendAttribute(message, Fingerprint.TYPE, 4);
        ByteBuffer.wrap(out, message.length + ATTRIBUTE_HEADER_SIZE, 4).putInt(fingerprintOf(out, message.length));
        return out;
    }

    /**
     * Whether {@code message}, as received, is well-formed and has a MESSAGE-INTEGRITY that is the
     * HMAC-SHA1 under {@code key} of the bytes before it, with the header's length field adjusted to end
     * after MESSAGE-INTEGRITY (RFC 8489 section 14.5). Compares in constant time.
     */
    public static boolean verifyIntegrity(byte[] message, IntegrityKey key) {
        if (!(decode(message) instanceof Decoded)) {
            return false;
        }
        int at = offsetOf(message, MessageIntegrity.TYPE);
        return at >= 0 && MessageDigest.isEqual(integrityOf(message, at, key),
                Arrays.copyOfRange(message, at + ATTRIBUTE_HEADER_SIZE, at + INTEGRITY_ATTRIBUTE_SIZE));
    }

    /**
     * Whether {@code message}, as received, is well-formed and ends in a FINGERPRINT whose value is the
     * CRC-32 of the bytes before it XOR 0x5354554e (RFC 8489 section 14.7); {@link #decode} checks the
     * value whenever the attribute is there, so this adds that it must be there.
     */
    public static boolean verifyFingerprint(byte[] message) {
        return decode(message) instanceof Decoded decoded && decoded.message().attribute(Fingerprint.class).isPresent();
    }

    private static StunMessage parse(byte[] raw) throws MalformedStunException {
        if (raw.length == 0) {
            throw new MalformedStunException("empty datagram");
        }
        if (raw.length < HEADER_SIZE) {
            throw new MalformedStunException("only " + raw.length + " bytes; the STUN header alone has " + HEADER_SIZE);
        }
        if ((raw[0] & 0xC0) != 0) {
            throw new MalformedStunException(String.format("first byte 0x%02X does not start with two zero bits", raw[0] & 0xFF));
        }
        ByteBuffer header = ByteBuffer.wrap(raw, 0, HEADER_SIZE);
        int type = header.getShort() & 0xFFFF;
        int length = header.getShort() & 0xFFFF;
        int cookie = header.getInt();
        if (cookie != MAGIC_COOKIE) {
            throw new MalformedStunException(String.format("magic cookie is 0x%08X, not 0x%08X (an RFC 3489 agent, or not STUN)",
                    cookie, MAGIC_COOKIE));
        }
        if (length % 4 != 0) {
            throw new MalformedStunException("length field " + length + " is not a multiple of 4");
        }
        if (length != raw.length - HEADER_SIZE) {
            throw new MalformedStunException("length field says " + length + " bytes of attributes but "
                    + (raw.length - HEADER_SIZE) + " follow the header");
        }
        byte[] xorMask = Arrays.copyOfRange(raw, 4, HEADER_SIZE);
        TransactionId transactionId = new TransactionId(Arrays.copyOfRange(raw, 8, HEADER_SIZE));
        List<StunAttribute> attributes = new ArrayList<>();
        StunAttribute previous = null;
        for (int at = HEADER_SIZE; at < raw.length; ) {
            int attributeType = ((raw[at] & 0xFF) << 8) | (raw[at + 1] & 0xFF);
            int valueLength = ((raw[at + 2] & 0xFF) << 8) | (raw[at + 3] & 0xFF);
            String name = AttributeCodec.name(attributeType);
            int remaining = raw.length - at - ATTRIBUTE_HEADER_SIZE;
            if (padded(valueLength) > remaining) {
                throw new MalformedStunException(name + " at offset " + at + " claims " + valueLength + " bytes ("
                        + padded(valueLength) + " padded) but only " + remaining + " remain");
            }
            if (previous instanceof Fingerprint) {
                throw new MalformedStunException(name + " at offset " + at + " follows FINGERPRINT, which must come last");
            }
            if (previous instanceof MessageIntegrity && attributeType != Fingerprint.TYPE) {
                throw new MalformedStunException(name + " at offset " + at
                        + " follows MESSAGE-INTEGRITY, which only FINGERPRINT may");
            }
            StunAttribute attribute;
            try {
                attribute = AttributeCodec.decode(attributeType, raw, at + ATTRIBUTE_HEADER_SIZE, valueLength, xorMask);
            } catch (MalformedStunException e) {
                throw new MalformedStunException(name + " at offset " + at + ": " + e.getMessage());
            }
            if (attribute instanceof Fingerprint fingerprint && fingerprint.value() != fingerprintOf(raw, at)) {
                throw new MalformedStunException(String.format("FINGERPRINT 0x%08x does not match the message (0x%08x)",
                        fingerprint.value(), fingerprintOf(raw, at)));
            }
            attributes.add(attribute);
            previous = attribute;
            at += ATTRIBUTE_HEADER_SIZE + padded(valueLength);
        }
        return new StunMessage(StunClass.ofBits(((type >> 4) & 0b01) | ((type >> 7) & 0b10)),
                new StunMethod((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80)),
                transactionId, attributes);
    }

    /**
     * The 14-bit message type: method bits M11..M0 with the class bits C1 and C0 between them (RFC 8489
     * section 5, figure 3).
     */
    private static int messageType(StunClass messageClass, StunMethod method) {
        int m = method.code();
        int c = messageClass.bits();
        return (m & 0x000F) | ((c & 0b01) << 4) | ((m & 0x0070) << 1) | ((c & 0b10) << 7) | ((m & 0x0F80) << 2);
    }

    private static Malformed tooLong(int length) {
        return new Malformed(length + " bytes, more than the " + MAX_MESSAGE_SIZE + " a STUN message may have here");
    }

    private static void checkSize(int size) {
        if (size > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("the message would be " + size + " bytes, more than " + MAX_MESSAGE_SIZE);
        }
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static byte[] xorMask(TransactionId transactionId) {
        return ByteBuffer.allocate(4 + TransactionId.LENGTH).putInt(MAGIC_COOKIE).put(transactionId.bytes()).array();
    }

    private static StunMessage requireWellFormed(byte[] message) {
        return switch (decode(message)) {
            case Decoded decoded -> decoded.message();
            case Malformed malformed -> throw new IllegalArgumentException("not a STUN message: " + malformed.reason());
        };
    }

    /**
     * A copy of {@code message} with the header of a {@code valueLength}-byte attribute appended and the
     * length field counting it.
     */
    private static byte[] appendAttribute(byte[] message, int type, int valueLength) {
        int size = message.length + ATTRIBUTE_HEADER_SIZE + valueLength;
        checkSize(size);
        byte[] out = Arrays.copyOf(message, size);
        ByteBuffer.wrap(out)
                .putShort(2, (short) (size - HEADER_SIZE))
                .putShort(message.length, (short) type)
                .putShort(message.length + 2, (short) valueLength);
        return out;
    }

    /** Offset of the first attribute of {@code type} in a message already known to be well-formed, or -1. */
    private static int offsetOf(byte[] message, int type) {
        for (int at = HEADER_SIZE; at < message.length; ) {
            if ((((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF)) == type) {
                return at;
            }
            at += ATTRIBUTE_HEADER_SIZE + padded(((message[at + 2] & 0xFF) << 8) | (message[at + 3] & 0xFF));
        }
        return -1;
    }

    /**
     * The header's length field as it must read for an attribute of {@code attributeSize} bytes at
     * {@code at} to end the message.
     */
    private static byte[] lengthEndingAfter(int at, int attributeSize) {
        return ByteBuffer.allocate(2).putShort((short) (at + attributeSize - HEADER_SIZE)).array();
    }

    /** HMAC-SHA1 of {@code message[0, at)} with the length field ending after a MESSAGE-INTEGRITY at {@code at}. */
    private static byte[] integrityOf(byte[] message, int at, IntegrityKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.bytes(), "HmacSHA1"));
            mac.update(message, 0, 2);
            mac.update(lengthEndingAfter(at, INTEGRITY_ATTRIBUTE_SIZE));
            mac.update(message, 4, at - 4);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has HmacSHA1 and takes any non-empty key", e);
        }
    }

    /**
     * CRC-32 XOR 0x5354554e of {@code message[0, at)} with the length field ending after a FINGERPRINT at
     * {@code at}.
     */
    private static int fingerprintOf(byte[] message, int at) {
        CRC32 crc = new CRC32();
        crc.update(message, 0, 2);
        crc.update(lengthEndingAfter(at, FINGERPRINT_ATTRIBUTE_SIZE));
        crc.update(message, 4, at - 4);
        return (int) crc.getValue() ^ Fingerprint.XOR_VALUE;
    }
}
