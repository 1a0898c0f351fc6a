package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Authorization / Proxy-Authorization values of the Digest scheme (RFC 3261 section 22.4, RFC 2617 section 3.2.2) and challenges. */
class DigestCredentialsTest {

    private static final String SIPP = "Digest username=\"pbx-bench\",realm=\"peerswitch\",cnonce=\"6b8b4567\",nc=00000001,"
            + "qop=auth,uri=\"sip:127.0.0.1:15060\",nonce=\"awLBV2sCwCs3HdqZfCCQ0HiEKFmiJBwd\","
            + "response=\"f8f9e1616831e8233d40515830df097c\",algorithm=MD5";

    private static DigestCredentials parsed(String value) {
        DigestParseResult result = DigestCredentials.parse(value);
        assertThat(result).as(value).isInstanceOf(DigestParseResult.Parsed.class);
        return ((DigestParseResult.Parsed) result).credentials();
    }

    private static String malformed(String value) {
        DigestParseResult result = DigestCredentials.parse(value);
        assertThat(result).as(value).isInstanceOf(DigestParseResult.Malformed.class);
        return ((DigestParseResult.Malformed) result).reason();
    }

    @Test
    void whatSippSendsParses() {
        DigestCredentials c = parsed(SIPP);

        assertThat(c.username()).isEqualTo("pbx-bench");
        assertThat(c.realm()).isEqualTo("peerswitch");
        assertThat(c.uri()).isEqualTo("sip:127.0.0.1:15060");
        assertThat(c.qop()).isEqualTo("auth");
        assertThat(c.nonceCount()).isEqualTo("00000001");
        assertThat(c.cnonce()).isEqualTo("6b8b4567");
        assertThat(c.algorithm()).isEqualTo("MD5");
        assertThat(c.opaque()).isNull();
        assertThat(c.toString()).doesNotContain("f8f9e1616831e8233d40515830df097c");
    }

    @Test
    void spacingCaseQuotingAndEmptyItemsAreTolerated() {
        DigestCredentials c = parsed("digest  USERNAME = \"a\\\"b\" ,, Realm=\"r\" , nonce=\"n\", uri=\"sip:x@y\","
                + " response=\"ABCDEF0123\", qop=\"auth\", nc=0000000a, cnonce=\"c\", algorithm=SHA-256, opaque=\"o\", extra=1");

        assertThat(c.username()).isEqualTo("a\"b");
        assertThat(c.algorithm()).isEqualTo("SHA-256");
        assertThat(c.opaque()).isEqualTo("o");
    }

    @Test
    void rfc2069StyleWithoutQopOrAlgorithmMeansMd5() {
        DigestCredentials c = parsed("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x@y\", response=\"00ff\"");

        assertThat(c.algorithm()).isEqualTo("MD5");
        assertThat(c.qop()).isNull();
    }

    @Test
    void otherSchemesAreNamedNotRejected() {
        assertThat(DigestCredentials.parse("NoOneKnowsThisScheme opaque-data=here"))
                .isEqualTo(new DigestParseResult.OtherScheme("NoOneKnowsThisScheme")); // RFC 4475 section 3.3.7
        assertThat(DigestCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")).isEqualTo(new DigestParseResult.OtherScheme("Basic"));
    }

    @Test
    void malformedCredentialsSayWhy() {
        String all = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x@y\", response=\"00ff\"";
        for (String name : new String[] {"username", "realm", "nonce", "uri", "response"}) {
            assertThat(malformed(all.replaceFirst(name + "=\"[^\"]*\",? ?", ""))).isEqualTo("missing " + name);
        }
        assertThat(malformed(all + ", realm=\"again\"")).contains("twice");
        assertThat(malformed(all + ", qop=auth, cnonce=\"c\"")).isEqualTo("missing nc");
        assertThat(malformed(all + ", qop=auth, nc=00000001")).isEqualTo("missing cnonce");
        assertThat(malformed(all + ", qop=auth, cnonce=\"c\", nc=1")).contains("nc");
        assertThat(malformed(all.replace("00ff", "zz"))).contains("hexadecimal");
        assertThat(malformed(all.replace("00ff", "\u0661\uFF21"))).as("only ASCII hex digits").contains("hexadecimal");
        assertThat(malformed("Digest username=\"unterminated")).contains("malformed value");
        assertThat(malformed("Digest")).isEqualTo("no parameters");
        assertThat(malformed("=x")).isEqualTo("no auth scheme");
        assertThat(malformed("Digest username")).contains("no value");
        assertThat(malformed("Digest username=\"u\" realm=\"r\"")).contains("commas");
        assertThat(malformed("Digest " + "x".repeat(5000))).isEqualTo("too long");
    }

    @Test
    void noInputThrows() {
        Random random = new Random(4475);
        String alphabet = "Digest usernamrealmncoiqp=\",\\ \t0123456789abcdef:@;-";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(80);
            for (int j = 0; j < length; j++) {
                int kind = random.nextInt(20);
                s.append(kind == 0 ? (char) random.nextInt(0x80) : kind == 1 ? (char) random.nextInt(0x10000)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(DigestCredentials.parse(s.toString())).isNotNull();
        }
        for (int cut = 0; cut <= SIPP.length(); cut++) {
            assertThat(DigestCredentials.parse(SIPP.substring(0, cut))).isNotNull();
        }
    }

    @Test
    void aUacAnswersAChallengeAsTheServerVerifiesIt() {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            String challenge = new DigestChallenge("gw.example.com", "n0nce", "op4que", a, false).format();
            DigestOffer offer = DigestOffer.parse(challenge).orElseThrow();
            String answer = offer.answer("peer\"switch", "gw-secret", "INVITE", "sip:+4930@gw.example.com", "c1").orElseThrow();

            DigestCredentials c = parsed(answer);
            assertThat(offer.qopAuth()).isTrue();
            assertThat(c.username()).isEqualTo("peer\"switch");
            assertThat(c.opaque()).isEqualTo("op4que");
            assertThat(Digests.verify(a, Digests.ha1(a, "peer\"switch", "gw.example.com", "gw-secret"), c, "INVITE")).as(a.token()).isTrue();
        }
        DigestOffer old = DigestOffer.parse("Digest realm=\"asterisk\", nonce=\"1b2c\"").orElseThrow();
        assertThat(old.algorithm()).isEqualTo("MD5");
        assertThat(old.qopAuth()).isFalse();
        DigestCredentials c = parsed(old.answer("u", "p", "INVITE", "sip:x@y", "c").orElseThrow());
        assertThat(c.qop()).isNull();
        assertThat(Digests.verify(DigestAlgorithm.MD5, Digests.ha1(DigestAlgorithm.MD5, "u", "asterisk", "p"), c, "INVITE")).isTrue();
        assertThat(DigestOffer.parse("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess").orElseThrow()
                .answer("u", "p", "INVITE", "sip:x@y", "c")).isEmpty();
        assertThat(DigestOffer.parse("Basic realm=\"r\"")).isEmpty();
        assertThat(DigestOffer.parse("Digest nonce=\"n\"")).isEmpty();
    }

    @Test
    void challengesAreFormattedAsDevicesExpect() {
        assertThat(new DigestChallenge("peerswitch", "abc", null, DigestAlgorithm.SHA_256, false).format())
                .isEqualTo("Digest realm=\"peerswitch\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\"");
        assertThat(new DigestChallenge("peerswitch", "abc", "op", DigestAlgorithm.MD5, true).format())
                .isEqualTo("Digest realm=\"peerswitch\", nonce=\"abc\", opaque=\"op\", algorithm=MD5, qop=\"auth\", stale=TRUE");
        assertThatThrownBy(() -> new DigestChallenge("peerswitch", "a\"b", null, DigestAlgorithm.MD5, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
