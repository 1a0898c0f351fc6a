package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import java.util.List;

/**
 * The message key credentials of a buddy's installations that the access server keeps (docs/security.md,
 * "Messages end to end"): what a message or voicemail left on the server for it is sealed for. Each is a
 * {@code MessageKeyCredential} (base64url), checked by the sender against the user authority.
 */
public record RecipientKeys(String userId, List<String> credentials) {

    /** Most installations of one user whose keys the server keeps; the one unused longest gives way. */
    public static final int MAX_KEYS = 8;

    public RecipientKeys {
        Fields.required(userId, "userId");
        credentials = Fields.list(credentials, "credentials");
        if (credentials.size() > MAX_KEYS) {
            credentials = credentials.subList(0, MAX_KEYS);
        }
        for (int i = 0; i < credentials.size(); i++) {
            Fields.text(credentials.get(i), "credentials[" + i + "]", 512);
        }
    }
}
