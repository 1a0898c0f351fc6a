package io.peerswitch.server.sip.redirect;

import io.peerswitch.server.trunk.TrunkCredentials;
import io.peerswitch.wire.nat.TransportAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the redirect server looks up (FIG. 15): trunks by digest username or trusted source address, and where a user is online now. */
public interface RedirectDirectory {

    /** An online location to redirect to: its public SIP address and the key its grant is made with. */
    record Target(String locationId, TransportAddress address, String secretHash) {
    }

    /** Where a user stands: no such user, a user with no live location, or its live locations. */
    sealed interface Reach {
        record Unknown() implements Reach {
        }

        record Offline() implements Reach {
        }

        record Online(List<Target> targets) implements Reach {
            public Online {
                targets = List.copyOf(targets);
            }
        }
    }

    /** The trunk whose digest username is {@code name}. */
    Optional<TrunkCredentials> trunk(String name);

    /** The enabled trunk that trusts INVITEs from {@code source} without a challenge (an IP trunk), if any. */
    Optional<TrunkCredentials> trunkAt(java.net.InetAddress source);

    /** Where {@code userId} (normalised) is online at {@code now}. */
    Reach locate(String userId, Instant now);
}
