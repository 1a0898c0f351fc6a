package io.peerswitch.server.trunk;

import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.trunk.AddressRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * What the redirect server checks an INVITE against (FIG. 15): a trunk's HA1 per digest algorithm for its
 * realm (RFC 8760 section 2), whether it is enabled, whom it may reach, and the source addresses it is
 * trusted from without a challenge.
 */
public record TrunkCredentials(String name, String realm, String ha1Md5, String ha1Sha256, boolean enabled,
                               boolean allUsers, Set<String> users, List<AddressRange> addresses) {

    public TrunkCredentials {
        users = Set.copyOf(users);
        addresses = List.copyOf(addresses);
    }

    /** Whether INVITEs from {@code source} are this trunk's without a challenge (an IP trunk). */
    public boolean trusts(InetAddress source) {
        return addresses.stream().anyMatch(range -> range.contains(source));
    }

    /** The HA1 to verify a response computed with {@code algorithm}. */
    public String ha1(DigestAlgorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> ha1Md5;
            case SHA_256 -> ha1Sha256;
        };
    }

    /** Whether this trunk may reach {@code userId}. */
    public boolean mayReach(String userId) {
        return allUsers || users.contains(userId);
    }
}
