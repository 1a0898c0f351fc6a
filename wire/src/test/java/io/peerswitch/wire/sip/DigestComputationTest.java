package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Digest computations against the published examples of RFC 7616 section 3.9.1 and RFC 2617 section 3.5. */
class DigestComputationTest {

    private static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void rfc7616Section391ExamplesForMd5AndSha256() {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            String ha1 = Digests.ha1(a, "Mufasa", "http-auth@example.org", "Circle of Life");
            String response = Digests.response(a, ha1, NONCE_7616, "00000001", CNONCE_7616, "auth", "GET", "/dir/index.html");
            assertThat(response).as(a.token()).isEqualTo(switch (a) {
                case MD5 -> "8ca523f5e9506fed4657c9700eebdbec";
                case SHA_256 -> "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
            });
        }
    }

    @Test
    void rfc2617Section35Example() {
        String ha1 = Digests.ha1(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        assertThat(Digests.response(DigestAlgorithm.MD5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b",
                "auth", "GET", "/dir/index.html")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void withoutQopTheRfc2069FormIsUsed() throws Exception {
        String ha1 = Digests.ha1(DigestAlgorithm.SHA_256, "pbx", "peerswitch", "secret");
        String ha2 = hex(MessageDigest.getInstance("SHA-256").digest("INVITE:sip:alice@example.com".getBytes(StandardCharsets.UTF_8)));
        String expected = hex(MessageDigest.getInstance("SHA-256").digest((ha1 + ":n0nce:" + ha2).getBytes(StandardCharsets.UTF_8)));

        assertThat(Digests.response(DigestAlgorithm.SHA_256, ha1, "n0nce", null, null, null, "INVITE", "sip:alice@example.com"))
                .isEqualTo(expected);
    }

    @Test
    void verifyAcceptsTheRightAnswerInEitherCaseAndNothingElse() {
        String ha1 = Digests.ha1(DigestAlgorithm.MD5, "pbx", "peerswitch", "secret");
        String right = Digests.response(DigestAlgorithm.MD5, ha1, "n", "00000001", "c", "auth", "INVITE", "sip:a@b");

        assertThat(Digests.verify(DigestAlgorithm.MD5, ha1, credentials(right, "auth"), "INVITE")).isTrue();
        assertThat(Digests.verify(DigestAlgorithm.MD5, ha1, credentials(right.toUpperCase(), "auth"), "INVITE")).isTrue();
        assertThat(Digests.verify(DigestAlgorithm.MD5, ha1, credentials(right, "auth"), "OPTIONS")).as("other method").isFalse();
        assertThat(Digests.verify(DigestAlgorithm.MD5, Digests.ha1(DigestAlgorithm.MD5, "pbx", "peerswitch", "guess"),
                credentials(right, "auth"), "INVITE")).as("other password").isFalse();
        assertThat(Digests.verify(DigestAlgorithm.MD5, ha1, credentials(right, "auth-int"), "INVITE")).isFalse();
        assertThat(Digests.verify(DigestAlgorithm.SHA_256, ha1, credentials(right, "auth"), "INVITE")).isFalse();
        String upper = Digests.response(DigestAlgorithm.MD5, ha1, "n", "00000001", "c", "AUTH", "INVITE", "sip:a@b");
        assertThat(Digests.verify(DigestAlgorithm.MD5, ha1, credentials(upper, "AUTH"), "INVITE")).as("qop hashed as sent").isTrue();
    }

    @Test
    void algorithmTokens() {
        assertThat(DigestAlgorithm.of("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.of("MD5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.of(null)).as("absent means MD5").contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.of("MD5-sess")).isEmpty();
        assertThat(DigestAlgorithm.of("SHA-512-256")).isEmpty();
    }

    private static DigestCredentials credentials(String response, String qop) {
        return new DigestCredentials("pbx", "peerswitch", "n", "sip:a@b", response, "MD5", "c", qop, "00000001", null);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
