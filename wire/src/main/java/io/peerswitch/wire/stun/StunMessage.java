package io.peerswitch.wire.stun;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One STUN message: class, method, transaction ID and attributes in wire order (RFC 8489 section 5),
 * where only FINGERPRINT may follow MESSAGE-INTEGRITY and nothing FINGERPRINT (sections 14.5 and 14.7).
 */
public record StunMessage(StunClass messageClass, StunMethod method, TransactionId transactionId,
                          List<StunAttribute> attributes) {

    /** Copies the attribute list and checks where MESSAGE-INTEGRITY and FINGERPRINT stand. */
    public StunMessage {
        Objects.requireNonNull(messageClass, "messageClass");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(transactionId, "transactionId");
        attributes = List.copyOf(Objects.requireNonNull(attributes, "attributes"));
        for (int i = 0; i < attributes.size() - 1; i++) {
            StunAttribute attribute = attributes.get(i);
            StunAttribute next = attributes.get(i + 1);
            if (attribute instanceof Fingerprint) {
                throw new IllegalArgumentException("FINGERPRINT must be the last attribute");
            }
            if (attribute instanceof MessageIntegrity && !(next instanceof Fingerprint)) {
                throw new IllegalArgumentException("only FINGERPRINT may follow MESSAGE-INTEGRITY");
            }
        }
    }

    /** The first attribute of record type {@code type}: only the first occurrence counts (RFC 8489 section 14). */
    public <T extends StunAttribute> Optional<T> attribute(Class<T> type) {
        for (StunAttribute attribute : attributes) {
            if (type.isInstance(attribute)) {
                return Optional.of(type.cast(attribute));
            }
        }
        return Optional.empty();
    }

    /**
     * The distinct comprehension-required types among the attributes this codec does not understand,
     * in order of appearance: what a server lists in UNKNOWN-ATTRIBUTES with error 420 (section 6.3.1).
     */
    public List<Integer> unknownComprehensionRequired() {
        List<Integer> types = new ArrayList<>();
        for (StunAttribute attribute : attributes) {
            if (attribute instanceof UnknownAttribute unknown && unknown.comprehensionRequired()
                    && !types.contains(unknown.type())) {
                types.add(unknown.type());
            }
        }
        return List.copyOf(types);
    }
}
