package io.peerswitch.server.identity;

/** The user holds as many unexpired device certificates as the server issues; revoke one, or wait for one to expire. */
public class DeviceLimitException extends Exception {

    public DeviceLimitException(int max) {
        super("at most " + max + " devices with an unexpired certificate; revoke one first (DELETE /api/v1/devices/{deviceId})");
    }
}
