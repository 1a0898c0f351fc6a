package io.peerswitch.wire.account;

import java.time.Instant;

/** What the server says about an account it has just created (FIG. 4: "will create a profile"). */
public record AccountView(String userId, String email, String displayName, Instant createdAt) {
}
