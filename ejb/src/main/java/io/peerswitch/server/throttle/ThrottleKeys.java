package io.peerswitch.server.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keys of the throttle cache. An IPv6 source is counted per /64, the smallest block one subscriber is
 * usually given (RFC 6177), so an attacker cannot escape the limit by rotating addresses inside it.
 */
final class ThrottleKeys {

    private ThrottleKeys() {
    }

    static String account(String userId) {
        return "account:" + userId;
    }

    /** The key of a source address as the servlet container reports it (always an IP literal). */
    static String address(String sourceAddress) {
        if (sourceAddress.indexOf(':') < 0) {
            return "address:" + sourceAddress;
        }
        try {
            // A literal containing ':' is parsed as IPv6, never looked up in DNS.
            byte[] bytes = InetAddress.getByName(sourceAddress).getAddress();
            if (bytes.length != 16) {
                return "address:" + InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder("address:");
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return "address:" + sourceAddress;
        }
    }
}
