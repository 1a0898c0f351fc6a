package io.peerswitch.wire.stun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Test helpers: the RFC 5769 vectors as resources and annotated hex dumps. */
final class Fixtures {

    static final String SAMPLE_REQUEST = "sample_request.bin";
    static final String SAMPLE_IPV4_RESPONSE = "sample_ipv4_response.bin";
    static final String SAMPLE_IPV6_RESPONSE = "sample_ipv6_response.bin";
    static final String SAMPLE_LONG_TERM_REQUEST = "sample_request_long_term_auth.bin";

    private Fixtures() {
    }

    /** The bytes of an RFC 5769 vector, as copied from /work/shared/conformance/rfc5769. */
    static byte[] vector(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/rfc5769/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource rfc5769/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes from a hex dump in which whitespace is ignored and '#' starts a comment that runs to the end of the line. */
    static byte[] hex(String annotated) {
        return HexFormat.of().parseHex(annotated.replaceAll("#[^\n]*", "").replaceAll("\\s+", ""));
    }
}
