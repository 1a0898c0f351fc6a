package io.peerswitch.wire.trunk;

import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.nat.TransportAddress;
import java.net.InetAddress;

/**
 * A block of source addresses in CIDR notation (RFC 4632 section 3.1; RFC 4291 section 2.3 for IPv6), such as
 * {@code 198.18.0.0/15} or a single {@code 2001:db8::7}, from which a trunk's INVITEs are trusted without a
 * digest challenge (an "IP trunk").
 */
public record AddressRange(InetAddress network, int prefix) {

    /** Requires the host bits beyond the prefix to be zero. */
    public AddressRange {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix must be 0 to " + bits);
        }
        byte[] raw = network.getAddress();
        for (int i = prefix; i < bits; i++) {
            if ((raw[i / 8] & (0x80 >>> (i % 8))) != 0) {
                throw new IllegalArgumentException("host bits set beyond /" + prefix);
            }
        }
    }

    /** Parses {@code ip} or {@code ip/prefix}; failures name {@code field}. */
    public static AddressRange parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException(field, "must be an IP address or CIDR block");
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        String ip = slash < 0 ? s : s.substring(0, slash);
        InetAddress address;
        try {
            address = TransportAddress.literal(ip);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(field, text + " is not an IP address or CIDR block");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > bits) {
                throw new InvalidFieldException(field, text + ": the prefix must be 0 to " + bits);
            }
            prefix = Integer.parseInt(p);
        }
        try {
            return new AddressRange(address, prefix);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, text + ": " + e.getMessage());
        }
    }

    /** Whether {@code address} lies in this block (an IPv4 address never lies in an IPv6 block, and vice versa). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
