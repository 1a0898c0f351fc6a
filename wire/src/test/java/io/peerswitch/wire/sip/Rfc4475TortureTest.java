package io.peerswitch.wire.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.sip.SipParseResult.Dropped;
import io.peerswitch.wire.sip.SipParseResult.Parsed;
import io.peerswitch.wire.sip.SipParseResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict of the codec, and of {@link UasChecks} for our endpoint, on every message of RFC 4475
 * section 3; expected values from /work/shared/conformance/rfc4475/EXPECTED.md.
 */
class Rfc4475TortureTest {

    enum Kind { PARSED, REJECTED, DROPPED }

    /** A parsed request that our endpoint may process. */
    private static final int NO_RESPONSE = 0;
    /** Not a parsed request, so UasChecks has no say. */
    private static final int NOT_APPLICABLE = -1;

    record Verdict(String section, String file, Kind kind, int status, int uasStatus, String sha256) {
        @Override
        public String toString() {
            return section + " " + file;
        }
    }

    private static Verdict verdict(String section, String file, Kind kind, int status, int uasStatus, String sha256) {
        return new Verdict(section, file, kind, status, uasStatus, sha256);
    }

    static List<Verdict> verdicts() {
        return List.of(
                verdict("3.1.1.1", "wsinv.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "d6f6cdee99cd0a1f8e3d9a0fdd67c877700e19ab86d8186dada06f61260e3e61"),
                verdict("3.1.1.2", "intmeth.dat", Kind.PARSED, 0, 501,
                        "b957a8292c1c0a9851fe94705b90f94320738f43aacde64998e401f742ef688d"),
                verdict("3.1.1.3", "esc01.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "be3a316d4ce5f69cad474646191e390dd4b50fc8371e44b5197fe1237781973e"),
                verdict("3.1.1.4", "escnull.dat", Kind.PARSED, 0, 405,
                        "263fe2ecd12a5ccbb6c67b3174e9211d11da9b600e7d69666a86d2ee42873e90"),
                verdict("3.1.1.5", "esc02.dat", Kind.PARSED, 0, 501,
                        "9a9c59449f00327b02071feafc8e5c2a261c98c818044167894cc17809a12199"),
                verdict("3.1.1.6", "lwsdisp.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "d1b36b6316c12824f6f04bf6b1fd1f021cade9b74871693b9c3474cd9fa7f4e6"),
                verdict("3.1.1.7", "longreq.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "185739292bc676760e5b1cca77c87705aa570240171c506ad76f8c35af0ecdaa"),
                verdict("3.1.1.8", "dblreq.dat", Kind.PARSED, 0, 405,
                        "a6be48426565c2a705389c4ce2ea17e57b891cb13f80490a2cb9392c797b46ef"),
                verdict("3.1.1.9", "semiuri.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "87bbaed6b4b354dbd3c5c7a20e66686303c63e43a0aa19b89de1ac75231611a2"),
                verdict("3.1.1.10", "transports.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "33b4553a3b9418121b099ff07882535151edd6a1e81898c63a916aad2cbf90bc"),
                verdict("3.1.1.11", "mpart01.dat", Kind.PARSED, 0, 415,
                        "92147c8e24997bac59629e1b163767697d0d6d499af87f89e325d69968bec3ba"),
                verdict("3.1.1.12", "unreason.dat", Kind.PARSED, 0, NOT_APPLICABLE,
                        "4f939d6ebf4817eea70f011d3209e83732872ffc20ffd304b244084dc392f4d7"),
                verdict("3.1.1.13", "noreason.dat", Kind.PARSED, 0, NOT_APPLICABLE,
                        "07e11e470a69fffa3674de805e5165d1351a9439a91045ee70c9570ea24ab4fe"),
                verdict("3.1.2.1", "badinv01.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "9ee2b88f2e0b5a9eeb9bf729b6177f0a0c7d0b5e6c84be593e0480d7962f3ab8"),
                verdict("3.1.2.2", "clerr.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "d9da629086a38df433438fb0fb19a8730f34516f049a5520dd0cac3285485290"),
                verdict("3.1.2.3", "ncl.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "7ea6538edc1f054fdb6cd1c821040460cffca3cb682fa2e8e2a502d92170b4c2"),
                verdict("3.1.2.4", "scalar02.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "53158177326568e9964bce5dcfac27a2bf8a90953bbc03f6c5e2775864a97e4b"),
                verdict("3.1.2.5", "scalarlg.dat", Kind.DROPPED, 0, NOT_APPLICABLE,
                        "0957eca31737e3592eb1418bb41e9f5219278a78ff420111620d7fb60175b551"),
                verdict("3.1.2.6", "quotbal.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "e61978a2ea359fc666f0336fe4dbc623447532280e3273ea98119b3d3f788c84"),
                verdict("3.1.2.7", "ltgtruri.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "bcacb2dc17610e8cc8f9b8b0e3d6ee65ab473f93787a03bbd33579e1cea473df"),
                verdict("3.1.2.8", "lwsruri.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "3e22ceeca585ad23cc180208e2dad94e0a5aa4bb877a61cac443aa927f758b9e"),
                verdict("3.1.2.9", "lwsstart.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "f884e5626c6c5b1210cfc4a3540b8a28bd52939cff092f3f0c5c971e032adb0e"),
                verdict("3.1.2.10", "trws.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "64ae20694026e28c10746b57386b7fd1276de02b6f8d42d418070e87d6f4499f"),
                verdict("3.1.2.11", "escruri.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "c3cf30af13a9d107829cc105effd79355f1139c6ecc683a048b4c27951f8f416"),
                verdict("3.1.2.12", "baddate.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "1208a6e3e0c8a8c33a06a1f3733d158413cb72e58c379d094c4ecea11e9d4c28"),
                verdict("3.1.2.13", "regbadct.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "575d27530275814c1c98be164808fac89a0e2b4fc899dadcd97e6ba499437bda"),
                verdict("3.1.2.14", "badaspec.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "f8f6e2f4247287b0be6adb5ac222a6db4759395e44d27d2ddb9b39393e94867e"),
                verdict("3.1.2.15", "baddn.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "9d9428e8017092f194ec11077ba6865c251308cdfd7fd9db6a993b28e5748951"),
                verdict("3.1.2.16", "badvers.dat", Kind.REJECTED, 505, NOT_APPLICABLE,
                        "037d702d19e934bfeebbd2609050d7d54928d590cf90c78f3914522771dd8e03"),
                verdict("3.1.2.17", "mismatch01.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "a2c285636e451e75420da0cc62ee55ca3e398827008418befbfb078726bf0793"),
                verdict("3.1.2.18", "mismatch02.dat", Kind.REJECTED, 501, NOT_APPLICABLE,
                        "01b287f9a9c492f7f57405c36c8a2af0e2393896ed2d25fb92b502f2a6722bc4"),
                verdict("3.1.2.19", "bigcode.dat", Kind.DROPPED, 0, NOT_APPLICABLE,
                        "f79450070975da54c3525c9a5cbe75bae3c9d8cb92eba609772c26f66f225c2e"),
                verdict("3.2.1", "badbranch.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "cb049c727f16b5ec49e822f9e8b7d0ee20ca2d20ffb50baecd0b411a5e64fa7d"),
                verdict("3.3.1", "insuf.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "1e3efd9f3b238c6351ba12bc7eb46d843f2761b5d4a6b82b63bffdf07f2c5aee"),
                verdict("3.3.2", "unkscm.dat", Kind.PARSED, 0, 416,
                        "81be1a6a566c7ab52fe1c58c4a75440dfd697ad04c5e09fa71340de7da7b8bbb"),
                verdict("3.3.3", "novelsc.dat", Kind.PARSED, 0, 416,
                        "9a50a7343fcf685e77c4d0f477138a28f32a41c75aa566d200f3df210b01e648"),
                verdict("3.3.4", "unksm2.dat", Kind.PARSED, 0, 405,
                        "f6914409ced613ef5eb56e264d2f096dac26ab9e397d6a638934d2027f1f6acb"),
                verdict("3.3.5", "bext01.dat", Kind.PARSED, 0, 420,
                        "57181987c02c4f5752b7aa8c2847311f6184216ce7621e40303015949e70761c"),
                verdict("3.3.6", "invut.dat", Kind.PARSED, 0, 415,
                        "9b39e824947df46f90f824cd308fb3c118f548d94637f581101e355b381a0d92"),
                verdict("3.3.7", "regaut01.dat", Kind.PARSED, 0, 405,
                        "885ba0488872cfc04a3c7622854b8381955a5ee890745d6010834e3731a73faa"),
                verdict("3.3.8", "multi01.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "d156ab12105b4bfd8a6498de6f7195087058162b8cda1606169855b722411791"),
                verdict("3.3.9", "mcl01.dat", Kind.REJECTED, 400, NOT_APPLICABLE,
                        "887191619bf003b7e87399200b5cf4c3b5397344dbf70288ad5e23bd157b7fe4"),
                verdict("3.3.10", "bcast.dat", Kind.PARSED, 0, NOT_APPLICABLE,
                        "073637c63597199179cf5fc91b980b2d530c066a0048ea3b908772def57b4c36"),
                verdict("3.3.11", "zeromf.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "50954ef47acca4f9f5263ded06246d06dee4e2ee508a8d284191795d7fddf365"),
                verdict("3.3.12", "cparam01.dat", Kind.PARSED, 0, 405,
                        "dfa6b5cdb289adc694b9b7e103ebfa7a2167335c46e5dc9de67055021910ae1c"),
                verdict("3.3.13", "cparam02.dat", Kind.PARSED, 0, 405,
                        "e93574215bd1d804bb46cc15ca6176b567def7ea1b15f72ab2c2dcf598af465a"),
                verdict("3.3.14", "regescrt.dat", Kind.PARSED, 0, 405,
                        "dab4087c133348b06fd7b3c4c7ef15094f8754e265e4e8c2137bb3ecda2ef477"),
                verdict("3.3.15", "sdp01.dat", Kind.PARSED, 0, 406,
                        "497c5f1ced6c7b579b48075e2dca919ce9b819a735964128a6e744a3a0b9e57f"),
                verdict("3.4.1", "inv2543.dat", Kind.PARSED, 0, NO_RESPONSE,
                        "76fac8afe22dee49ea696b511621946694897ac7030fc5d07f57c8b487ce0521"));
    }

    static List<Verdict> parsedRequests() {
        return verdicts().stream().filter(v -> v.uasStatus() != NOT_APPLICABLE).toList();
    }

    @Test
    void theTableCoversExactlyTheFortyNineDescribedMessages() {
        assertThat(verdicts()).extracting(Verdict::file).containsExactlyInAnyOrderElementsOf(TortureMessages.described());
        assertThat(TortureMessages.described()).hasSize(49);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void resourceIsTheByteExactPublishedMessage(Verdict verdict) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(TortureMessages.bytes(verdict.file()));
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(verdict.sha256());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void codecGivesTheExpectedVerdict(Verdict verdict) {
        SipParseResult result = TortureMessages.parse(verdict.file());
        switch (verdict.kind()) {
            case PARSED -> assertThat(result).isInstanceOf(Parsed.class);
            case DROPPED -> assertThat(result).isInstanceOf(Dropped.class);
            case REJECTED -> assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(verdict.status());
                String startLine = new String(TortureMessages.bytes(verdict.file()), StandardCharsets.UTF_8).lines()
                        .findFirst().orElseThrow();
                assertThat(startLine).startsWith(rejected.request().method() + " ");
                assertThat(rejected.request().headers("Via")).isNotEmpty();
                SipResponse reply = SipResponses.reply(rejected.request(), rejected.status(), rejected.reason());
                assertThat(reply.headers("Via")).isEqualTo(rejected.request().headers("Via"));
                assertThat(SipCodec.format(reply)).isNotEmpty();
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsedRequests")
    void endpointAnswersParsedRequestsAsExpected(Verdict verdict) {
        Optional<SipResponse> response = UasChecks.check(TortureMessages.parsedRequest(verdict.file()),
                TortureMessages.ENDPOINT);
        if (verdict.uasStatus() == NO_RESPONSE) {
            assertThat(response).isEmpty();
        } else {
            assertThat(response).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(verdict.uasStatus()));
        }
    }
}
