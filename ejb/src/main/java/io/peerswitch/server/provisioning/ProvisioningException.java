package io.peerswitch.server.provisioning;

import io.peerswitch.wire.problem.InvalidParam;
import jakarta.ejb.ApplicationException;
import java.io.Serial;
import java.util.List;

/** A provisioning file was refused as a whole; {@link #violations()} names every offending record field. */
@ApplicationException(rollback = true)
public class ProvisioningException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Most violations reported in one answer; a file with more is wrong in some systematic way. */
    public static final int MAX_REPORTED = 100;

    private final boolean conflict;
    private final List<InvalidParam> violations;

    public ProvisioningException(boolean conflict, List<InvalidParam> violations) {
        super(violations.size() + " problem(s) in the provisioning file, first: "
                + violations.getFirst().name() + ": " + violations.getFirst().reason());
        this.conflict = conflict;
        this.violations = List.copyOf(violations.subList(0, Math.min(MAX_REPORTED, violations.size())));
    }

    /** True when the file is well-formed but collides with existing accounts (HTTP 409), false when it is invalid (400). */
    public boolean conflict() {
        return conflict;
    }

    /** The refused fields, at most {@link #MAX_REPORTED}. */
    public List<InvalidParam> violations() {
        return violations;
    }
}
