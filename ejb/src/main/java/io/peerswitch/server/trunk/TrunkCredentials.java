package io.peerswitch.server.trunk;

import io.peerswitch.wire.sip.DigestAlgorithm;
import java.util.Set;

/**
 * What the redirect server checks an INVITE against (FIG. 15): a trunk's HA1 per digest algorithm for its
 * realm (RFC 8760 section 2), whether it is enabled, and whom it may reach.
 */
public record TrunkCredentials(String name, String realm, String ha1Md5, String ha1Sha256, boolean enabled,
                               boolean allUsers, Set<String> users) {

    public TrunkCredentials {
        users = Set.copyOf(users);
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
