package io.peerswitch.wire.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value encodings of the attributes of RFC 8489 section 14, RFC 3489 section 11.2, RFC 5780 section 7
 * and RFC 8445 section 16.1.
 */
final class AttributeCodec {

    private static final int FAMILY_IPV4 = 0x01;
    private static final int FAMILY_IPV6 = 0x02;
    private static final int IPV4_VALUE_LENGTH = 4 + 4;
    private static final int IPV6_VALUE_LENGTH = 4 + 16;

    private AttributeCodec() {
    }

    /** Whether {@code type} has a record of its own in this package. */
    static boolean isKnown(int type) {
        return knownName(type) != null;
    }

    /** The RFC name of {@code type}, or its number when this codec does not know it. */
    static String name(int type) {
        String name = knownName(type);
        return name != null ? name : String.format("attribute 0x%04X", type);
    }

    private static String knownName(int type) {
        return switch (type) {
            case MappedAddress.TYPE -> "MAPPED-ADDRESS";
            case XorMappedAddress.TYPE -> "XOR-MAPPED-ADDRESS";
            case Username.TYPE -> "USERNAME";
            case MessageIntegrity.TYPE -> "MESSAGE-INTEGRITY";
            case Fingerprint.TYPE -> "FINGERPRINT";
            case ErrorCode.TYPE -> "ERROR-CODE";
            case UnknownAttributes.TYPE -> "UNKNOWN-ATTRIBUTES";
            case Realm.TYPE -> "REALM";
            case Nonce.TYPE -> "NONCE";
            case Software.TYPE -> "SOFTWARE";
            case ChangeRequest.TYPE -> "CHANGE-REQUEST";
            case ResponseOrigin.TYPE -> "RESPONSE-ORIGIN";
            case OtherAddress.TYPE -> "OTHER-ADDRESS";
            case ChangedAddress.TYPE -> "CHANGED-ADDRESS";
            case SourceAddress.TYPE -> "SOURCE-ADDRESS";
            case Priority.TYPE -> "PRIORITY";
            case IceControlled.TYPE -> "ICE-CONTROLLED";
            case IceControlling.TYPE -> "ICE-CONTROLLING";
            default -> null;
        };
    }

    /**
     * Decodes the value {@code raw[offset, offset + length)} of an attribute of {@code type}; {@code xorMask}
     * is the magic cookie followed by the transaction ID, as the header carries them.
     */
    static StunAttribute decode(int type, byte[] raw, int offset, int length, byte[] xorMask) throws MalformedStunException {
        try {
            return switch (type) {
                case MappedAddress.TYPE -> new MappedAddress(address(raw, offset, length, null));
                case XorMappedAddress.TYPE -> new XorMappedAddress(address(raw, offset, length, xorMask));
                case ResponseOrigin.TYPE -> new ResponseOrigin(address(raw, offset, length, null));
                case OtherAddress.TYPE -> new OtherAddress(address(raw, offset, length, null));
                case ChangedAddress.TYPE -> new ChangedAddress(address(raw, offset, length, null));
                case SourceAddress.TYPE -> new SourceAddress(address(raw, offset, length, null));
                case Username.TYPE -> new Username(StunText.decode(raw, offset, length, "USERNAME"));
                case Realm.TYPE -> new Realm(StunText.decode(raw, offset, length, "REALM"));
                case Nonce.TYPE -> new Nonce(StunText.decode(raw, offset, length, "NONCE"));
                case Software.TYPE -> new Software(StunText.decode(raw, offset, length, "SOFTWARE"));
                case MessageIntegrity.TYPE -> new MessageIntegrity(
                        Arrays.copyOfRange(raw, offset, offset + exactly(length, MessageIntegrity.LENGTH)));
                case Fingerprint.TYPE -> new Fingerprint(ByteBuffer.wrap(raw, offset, exactly(length, 4)).getInt());
                case ErrorCode.TYPE -> errorCode(raw, offset, length);
                case UnknownAttributes.TYPE -> unknownAttributes(raw, offset, length);
                case ChangeRequest.TYPE -> changeRequest(raw, offset, length);
                case Priority.TYPE -> new Priority(
                        Integer.toUnsignedLong(ByteBuffer.wrap(raw, offset, exactly(length, 4)).getInt()));
                case IceControlled.TYPE -> new IceControlled(ByteBuffer.wrap(raw, offset, exactly(length, 8)).getLong());
                case IceControlling.TYPE -> new IceControlling(ByteBuffer.wrap(raw, offset, exactly(length, 8)).getLong());
                default -> new UnknownAttribute(type, Arrays.copyOfRange(raw, offset, offset + length));
            };
        } catch (IllegalArgumentException e) {
            // A record refused a value the bytes spelled correctly, e.g. a SOFTWARE of 200 characters.
            throw new MalformedStunException(e.getMessage());
        }
    }

    /** The value bytes of {@code attribute}, without padding. */
    static byte[] encode(StunAttribute attribute, byte[] xorMask) {
        return switch (attribute) {
            case MappedAddress a -> address(a.address(), null);
            case XorMappedAddress a -> address(a.address(), xorMask);
            case ResponseOrigin a -> address(a.address(), null);
            case OtherAddress a -> address(a.address(), null);
            case ChangedAddress a -> address(a.address(), null);
            case SourceAddress a -> address(a.address(), null);
            case Username u -> StunText.utf8(u.value(), "USERNAME");
            case Realm r -> StunText.utf8(r.value(), "REALM");
            case Nonce n -> StunText.utf8(n.value(), "NONCE");
            case Software s -> StunText.utf8(s.value(), "SOFTWARE");
            case MessageIntegrity m -> m.hmac();
            case Fingerprint f -> ByteBuffer.allocate(4).putInt(f.value()).array();
            case ErrorCode e -> errorCode(e);
            case UnknownAttributes u -> unknownAttributes(u);
            case ChangeRequest c -> ByteBuffer.allocate(4)
                    .putInt((c.changeIp() ? ChangeRequest.CHANGE_IP : 0) | (c.changePort() ? ChangeRequest.CHANGE_PORT : 0))
                    .array();
            case Priority p -> ByteBuffer.allocate(4).putInt((int) p.priority()).array();
            case IceControlled c -> ByteBuffer.allocate(8).putLong(c.tieBreaker()).array();
            case IceControlling c -> ByteBuffer.allocate(8).putLong(c.tieBreaker()).array();
            case UnknownAttribute u -> u.value();
        };
    }

    private static int exactly(int length, int expected) throws MalformedStunException {
        if (length != expected) {
            throw new MalformedStunException("value is " + length + " bytes, not " + expected);
        }
        return length;
    }

    /** MAPPED-ADDRESS format (RFC 8489 section 14.1), XOR'ed as in section 14.2 when {@code xorMask} is given. */
    private static InetSocketAddress address(byte[] raw, int offset, int length, byte[] xorMask) throws MalformedStunException {
        if (length < 4) {
            throw new MalformedStunException("value is " + length + " bytes, shorter than family and port");
        }
        int family = raw[offset + 1] & 0xFF;
        int expected = switch (family) {
            case FAMILY_IPV4 -> IPV4_VALUE_LENGTH;
            case FAMILY_IPV6 -> IPV6_VALUE_LENGTH;
            default -> throw new MalformedStunException(
                    String.format("address family 0x%02X is neither IPv4 (0x01) nor IPv6 (0x02)", family));
        };
        if (length != expected) {
            throw new MalformedStunException("value is " + length + " bytes; an " + (family == FAMILY_IPV4 ? "IPv4" : "IPv6")
                    + " address takes " + expected);
        }
        int port = ((raw[offset + 2] & 0xFF) << 8) | (raw[offset + 3] & 0xFF);
        byte[] ip = Arrays.copyOfRange(raw, offset + 4, offset + length);
        if (xorMask != null) {
            port ^= ((xorMask[0] & 0xFF) << 8) | (xorMask[1] & 0xFF);
            xor(ip, xorMask);
        }
        return new InetSocketAddress(inetAddress(ip), port);
    }

    private static byte[] address(InetSocketAddress address, byte[] xorMask) {
        byte[] ip = address.getAddress().getAddress();
        int port = address.getPort();
        if (xorMask != null) {
            port ^= ((xorMask[0] & 0xFF) << 8) | (xorMask[1] & 0xFF);
            xor(ip, xorMask);
        }
        return ByteBuffer.allocate(4 + ip.length)
                .put((byte) 0)
                .put((byte) (address.getAddress() instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6))
                .putShort((short) port)
                .put(ip)
                .array();
    }

    private static void xor(byte[] ip, byte[] xorMask) {
        for (int i = 0; i < ip.length; i++) {
            ip[i] ^= xorMask[i];
        }
    }

    private static InetAddress inetAddress(byte[] ip) {
        try {
            // IPv6 bytes stay IPv6 even when they spell an IPv4-mapped address, so a round trip keeps the family;
            // scope -1 means none (0 would print as "%0"). Raw bytes are never resolved.
            return ip.length == 4 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always accepted", e);
        }
    }

    /** ERROR-CODE (RFC 8489 section 14.8): 21 reserved bits, the class (hundreds digit) in 3 bits, the number in 8. */
    private static ErrorCode errorCode(byte[] raw, int offset, int length) throws MalformedStunException {
        if (length < 4) {
            throw new MalformedStunException("value is " + length + " bytes, shorter than class and number");
        }
        int errorClass = raw[offset + 2] & 0x07;
        int number = raw[offset + 3] & 0xFF;
        if (errorClass < 3 || errorClass > 6) {
            throw new MalformedStunException("class " + errorClass + " is not 3 to 6");
        }
        if (number > 99) {
            throw new MalformedStunException("number " + number + " is not 0 to 99");
        }
        return new ErrorCode(errorClass * 100 + number, StunText.decode(raw, offset + 4, length - 4, "ERROR-CODE reason phrase"));
    }

    private static byte[] errorCode(ErrorCode error) {
        byte[] reason = StunText.utf8(error.reason(), "ERROR-CODE reason phrase");
        return ByteBuffer.allocate(4 + reason.length)
                .putShort((short) 0)
                .put((byte) (error.code() / 100))
                .put((byte) (error.code() % 100))
                .put(reason)
                .array();
    }

    /** UNKNOWN-ATTRIBUTES (RFC 8489 section 14.13): 16-bit types, padded like any attribute (not RFC 3489's repeat). */
    private static UnknownAttributes unknownAttributes(byte[] raw, int offset, int length) throws MalformedStunException {
        if (length % 2 != 0) {
            throw new MalformedStunException("value is " + length + " bytes, not a whole number of 16-bit types");
        }
        List<Integer> types = new ArrayList<>(length / 2);
        for (int i = offset; i < offset + length; i += 2) {
            types.add(((raw[i] & 0xFF) << 8) | (raw[i + 1] & 0xFF));
        }
        return new UnknownAttributes(types);
    }

    private static byte[] unknownAttributes(UnknownAttributes unknown) {
        ByteBuffer value = ByteBuffer.allocate(2 * unknown.types().size());
        for (int type : unknown.types()) {
            value.putShort((short) type);
        }
        return value.array();
    }

    /** CHANGE-REQUEST (RFC 5780 section 7.2): 32 bits of which only A (change IP) and B (change port) mean anything. */
    private static ChangeRequest changeRequest(byte[] raw, int offset, int length) throws MalformedStunException {
        int flags = raw[offset + exactly(length, 4) - 1];
        return new ChangeRequest((flags & ChangeRequest.CHANGE_IP) != 0, (flags & ChangeRequest.CHANGE_PORT) != 0);
    }
}
