package io.peerswitch.wire.nat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP literal and a UDP/TCP port, as STUN's MAPPED-ADDRESS carries it (RFC 8489 section 14.1);
 * never a host name, so reading one never causes a DNS look-up.
 */
public record TransportAddress(String ip, int port) {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** Validates and normalises the address ({@code 2001:DB8::1} becomes {@code 2001:db8:0:0:0:0:0:1}). */
    @JsonCreator
    public TransportAddress(@JsonProperty("ip") String ip, @JsonProperty("port") int port) {
        this.ip = normalise(Fields.text(ip, "ip", 45));
        this.port = Fields.range(port, "port", 1, 65_535);
    }

    /** The address of a bound or received-from socket. */
    public static TransportAddress of(InetSocketAddress address) {
        return new TransportAddress(address.getAddress().getHostAddress(), address.getPort());
    }

    /** This address as a socket address (no DNS: the IP is a literal). */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(literal(ip), port);
    }

    @Override
    public String toString() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    /** Whether {@code text} is an IPv4 or IPv6 literal (not a host name). */
    public static boolean isIpLiteral(String text) {
        if (text == null) {
            return false;
        }
        try {
            literal(text);
            return true;
        } catch (InvalidFieldException e) {
            return false;
        }
    }

    private static String normalise(String ip) {
        return literal(ip).getHostAddress();
    }

    /** The address of an IPv4 or IPv6 literal, never resolved; {@link InvalidFieldException} for anything else. */
    public static InetAddress literal(String ip) {
        boolean v4 = IPV4.matcher(ip).matches();
        boolean v6 = !v4 && ip.indexOf(':') >= 0 && IPV6.matcher(ip).matches();
        if (!v4 && !v6) {
            throw new InvalidFieldException("ip", "must be an IPv4 or IPv6 address literal");
        }
        try {
            // A literal that matched the patterns above is parsed, never resolved.
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new InvalidFieldException("ip", "must be an IPv4 or IPv6 address literal");
        }
    }
}
