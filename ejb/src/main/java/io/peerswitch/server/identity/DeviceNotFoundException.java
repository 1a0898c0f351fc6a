package io.peerswitch.server.identity;

/** No device of the caller by that ID. */
public class DeviceNotFoundException extends Exception {

    public DeviceNotFoundException(String deviceId) {
        super("no device " + deviceId);
    }
}
