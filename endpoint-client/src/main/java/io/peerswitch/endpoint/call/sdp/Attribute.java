package io.peerswitch.endpoint.call.sdp;

/**
 * One {@code a=} line (RFC 8866 section 5.13): a property attribute ({@code a=sendrecv}, value
 * {@code null}) or a value attribute ({@code a=rtpmap:0 PCMU/8000}).
 */
public record Attribute(String name, String value) {

    /** Checks that the name is a token without ':' and the value has no line breaks. */
    public Attribute {
        Tokens.token(name, "attribute name");
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("attribute name must not contain ':': " + name);
        }
        Tokens.text(value, "attribute value");
    }

    /** A property attribute, without a value. */
    public static Attribute property(String name) {
        return new Attribute(name, null);
    }

    /** What follows {@code a=}. */
    @Override
    public String toString() {
        return value == null ? name : name + ":" + value;
    }
}
