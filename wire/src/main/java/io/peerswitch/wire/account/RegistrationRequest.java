package io.peerswitch.wire.account;

import io.peerswitch.wire.Fields;

/** A new user registers with user ID, password and e-mail address (FIG. 4 step 402). */
public record RegistrationRequest(String userId, String password, String email, String displayName) {

    /** Longest display name. */
    public static final int MAX_DISPLAY_NAME = 128;

    public RegistrationRequest {
        userId = UserIds.normalise(userId, "userId");
        password = Passwords.forNewAccount(password, "password");
        email = EmailAddresses.normalise(email, "email");
        displayName = Fields.optionalText(displayName, "displayName", MAX_DISPLAY_NAME);
        if (displayName != null && displayName.isBlank()) {
            displayName = null;
        }
    }

    @Override
    public String toString() {
        return "RegistrationRequest[userId=" + userId + ", email=" + email + ", displayName=" + displayName + ", password=***]";
    }
}
