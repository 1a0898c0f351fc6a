package io.peerswitch.endpoint.sip.jain;

import java.net.InetSocketAddress;

/** A UDP datagram received on the SIP socket that is not SIP (STUN, later reflector traffic), copied out. */
public record Datagram(byte[] data, InetSocketAddress source) {

    public Datagram {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
