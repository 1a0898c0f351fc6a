package io.peerswitch.web.security;

import io.peerswitch.server.throttle.LoginThrottledException;
import java.io.Serial;

/** An administrator's login was throttled; unchecked so a filter can raise it, mapped like a throttled login. */
public class ThrottledAdministratorException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public ThrottledAdministratorException(LoginThrottledException cause) {
        super(cause.getMessage(), cause);
    }

    /** The throttling decision. */
    public LoginThrottledException throttled() {
        return (LoginThrottledException) getCause();
    }
}
