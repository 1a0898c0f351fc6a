package io.peerswitch.wire.trunk;

import java.time.Instant;
import java.util.List;

/** An external SIP device as the server reports it (FIG. 15): everything but its credentials. */
public record TrunkView(String name, String description, boolean enabled, boolean allUsers, List<String> users,
                        List<String> addresses, String realm, Instant createdAt, Instant updatedAt) {

    public TrunkView {
        users = List.copyOf(users);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
