package io.peerswitch.endpoint.routing;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.routing.RoutingEntry;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One location of a buddy: what the server's routing table said (public and private address, NAT type)
 * and, once the buddy has been heard directly, the address its packets came from and its SIP contact; and the
 * certified message key of its installation, which IMs to it are encrypted to (docs/security.md).
 */
public record PeerLocation(String userId, String locationId, TransportAddress publicAddress,
                           Optional<TransportAddress> privateAddress, NatType natType, Optional<String> contactUri,
                           Optional<InetSocketAddress> heardFrom, Instant since, Optional<String> messageKey) {

    /** The location as the access server's routing table describes it (FIG. 5 step 508). */
    public static PeerLocation fromServer(RoutingEntry entry) {
        return new PeerLocation(entry.userId(), entry.locationId(), entry.publicAddress(),
                Optional.ofNullable(entry.privateAddress()), entry.natType(), Optional.empty(), Optional.empty(),
                entry.since() == null ? Instant.EPOCH : entry.since(), Optional.ofNullable(entry.messageKey()));
    }

    /** The SIP URI to send requests to: the buddy's own contact once known, else its public address. */
    public String targetUri() {
        return contactUri.orElseGet(() -> {
            String host = publicAddress.ip().indexOf(':') >= 0 ? "[" + publicAddress.ip() + "]" : publicAddress.ip();
            return "sip:" + userId + "@" + host + ":" + publicAddress.port();
        });
    }

    /** This location after a direct message from the buddy (FIG. 4 step 410): its contact and source address. */
    public PeerLocation heard(String contact, InetSocketAddress source) {
        return new PeerLocation(userId, locationId, publicAddress, privateAddress, natType,
                Optional.ofNullable(contact).or(() -> contactUri), Optional.of(source), since, messageKey);
    }

    /** This location with {@code credential} as its installation's certified message key (heard in its signed presence). */
    public PeerLocation withMessageKey(String credential) {
        return new PeerLocation(userId, locationId, publicAddress, privateAddress, natType, contactUri, heardFrom, since,
                Optional.of(credential));
    }
}
