package io.peerswitch.server.account;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/** Self-registration is switched off ({@code peerswitch.registration.open=false}); an administrator provisions accounts. */
@ApplicationException(rollback = true)
public class RegistrationClosedException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public RegistrationClosedException() {
        super("self-registration is closed on this server; ask your administrator for an account");
    }
}
