package io.peerswitch.wire.stun;

/**
 * One STUN attribute, a type-length-value after the header (RFC 8489 section 14): one record per
 * attribute type this codec understands, and {@link UnknownAttribute} for every other type.
 */
public sealed interface StunAttribute permits MappedAddress, XorMappedAddress, Username, MessageIntegrity,
        Fingerprint, ErrorCode, UnknownAttributes, Realm, Nonce, Software, ChangeRequest, ResponseOrigin,
        OtherAddress, ChangedAddress, SourceAddress, Priority, IceControlled, IceControlling, UnknownAttribute {

    /** Types 0x0000 to 0x7FFF are comprehension-required; 0x8000 and above comprehension-optional. */
    int FIRST_COMPREHENSION_OPTIONAL = 0x8000;

    /** The 16-bit attribute type (RFC 8489 section 18.3 and the IANA STUN attributes registry). */
    int type();

    /** Whether an agent that does not understand {@code type} cannot process the message (RFC 8489 section 14). */
    static boolean isComprehensionRequired(int type) {
        return type < FIRST_COMPREHENSION_OPTIONAL;
    }
}
