package io.peerswitch.endpoint.call.sdp;

/** Which side of an exchange this endpoint was (RFC 3264 section 3): it decides whose description is remote. */
public enum Role {
    /** This endpoint sent the offer. */
    OFFERER,
    /** This endpoint sent the answer. */
    ANSWERER
}
