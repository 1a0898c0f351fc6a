package io.peerswitch.wire.provisioning;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.account.EmailAddresses;
import io.peerswitch.wire.account.Passwords;
import io.peerswitch.wire.account.RegistrationRequest;
import io.peerswitch.wire.account.UserIds;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.ProfileUpdate;
import java.util.List;

/**
 * One account in a provisioning file. Exactly one of {@code password} (hashed on import) and
 * {@code passwordHash} (an Argon2id PHC string, as exports carry it) is given when the account is
 * new; neither keeps the current password of an existing account.
 */
public record ProvisionedAccount(String userId, String email, String displayName, String password, String passwordHash,
                                 PresenceStatus status, String note, Boolean administrator,
                                 List<String> subscriptions, List<ProvisionedBuddy> buddies) {

    public ProvisionedAccount {
        userId = UserIds.normalise(userId, "userId");
        email = EmailAddresses.normalise(email, "email");
        displayName = Fields.optionalText(displayName, "displayName", RegistrationRequest.MAX_DISPLAY_NAME);
        if (displayName != null && displayName.isBlank()) {
            displayName = null;
        }
        if (password != null && passwordHash != null) {
            throw new InvalidFieldException("password", "give either password or passwordHash, not both");
        }
        if (password != null) {
            Passwords.forNewAccount(password, "password");
        }
        passwordHash = Fields.optionalText(passwordHash, "passwordHash", 255);
        note = Fields.optionalText(note, "note", ProfileUpdate.MAX_NOTE);
        subscriptions = Fields.list(subscriptions, "subscriptions");
        buddies = Fields.list(buddies, "buddies");
        for (int i = 0; i < buddies.size(); i++) {
            if (buddies.get(i).userId().equals(userId)) {
                throw new InvalidFieldException("buddies[" + i + "].userId", "an account cannot be its own buddy");
            }
        }
    }

    /** This account as an export writes it: with its stored hash and never a password. */
    public ProvisionedAccount withPasswordHash(String hash) {
        return new ProvisionedAccount(userId, email, displayName, null, hash, status, note, administrator,
                subscriptions, buddies);
    }

    @Override
    public String toString() {
        return "ProvisionedAccount[userId=" + userId + ", email=" + email + ", buddies=" + buddies.size()
                + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
