package io.peerswitch.endpoint.sip.jain;

import io.peerswitch.wire.nat.TransportAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The TLS connections peers opened to us, by the contact each advertises (RFC 5923 connection reuse, RFC 5626
 * section 4.5 flows): requests to that contact go back over the peer's own connection, because a stock client
 * behind a NAT, or one that accepts no TLS connections at all (linphone's belle-sip), can be reached no other way.
 * Only connections whose certificate the user authority issued are remembered, at most {@link #MAX_FLOWS}.
 */
final class TlsFlows {

    /** Contacts whose connection is remembered; least recently used forgotten. */
    static final int MAX_FLOWS = 1024;

    private final Predicate<InetSocketAddress> open;
    private final Map<InetSocketAddress, InetSocketAddress> flows = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, InetSocketAddress> eldest) {
            return size() > MAX_FLOWS;
        }
    };

    /** Flows whose connection {@code open} says is still open. */
    TlsFlows(Predicate<InetSocketAddress> open) {
        this.open = open;
    }

    /** The contact {@code host}:{@code port} of a SIP URI as a flow's key: an IP literal (brackets allowed), port 5061 if none. */
    static Optional<InetSocketAddress> contact(String host, int port) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return TransportAddress.isIpLiteral(literal)
                ? Optional.of(new InetSocketAddress(TransportAddress.literal(literal), port > 0 ? port : 5061)) : Optional.empty();
    }

    /** A verified peer advertising {@code contact} sent over the TLS connection from {@code source}. */
    synchronized void remember(InetSocketAddress contact, InetSocketAddress source) {
        flows.put(contact, source);
    }

    /** The connection to send to {@code contact} over, when its peer opened one that is still open. */
    synchronized Optional<InetSocketAddress> flowTo(InetSocketAddress contact) {
        InetSocketAddress source = flows.get(contact);
        if (source != null && !open.test(source)) {
            flows.remove(contact);
            return Optional.empty();
        }
        return Optional.ofNullable(source);
    }
}
