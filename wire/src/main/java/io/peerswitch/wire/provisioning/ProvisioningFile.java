package io.peerswitch.wire.provisioning;

import io.peerswitch.wire.Fields;
import java.util.List;

/** A provisioning document: {@code {"accounts": [...]}}. */
public record ProvisioningFile(List<ProvisionedAccount> accounts) {

    public ProvisioningFile {
        accounts = Fields.list(accounts, "accounts");
    }
}
