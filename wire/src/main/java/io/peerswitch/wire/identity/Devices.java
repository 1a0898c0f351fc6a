package io.peerswitch.wire.identity;

import io.peerswitch.wire.Fields;
import java.util.List;

/** The caller's devices with an unexpired certificate, newest first. */
public record Devices(List<Device> devices) {

    public Devices {
        devices = Fields.list(devices, "devices");
    }
}
