package io.peerswitch.reflector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.reflector.ReflectorKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReflectorOptionsTest {

    @Test
    void defaultsToLoopbackOnTheStunPort() throws Exception {
        assertThat(ReflectorOptions.parse().stunBind())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 3478));
    }

    @Test
    void readsStunBindInBothSpellings() throws Exception {
        assertThat(ReflectorOptions.parse("--stun-bind", "0.0.0.0:0").stunBind())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        assertThat(ReflectorOptions.parse("--stun-bind=[::1]:3479").stunBind())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 3479));
    }

    @Test
    void recognisesHelpAnywhere() {
        assertThat(ReflectorOptions.wantsHelp("--stun-bind", "x", "--help")).isTrue();
        assertThat(ReflectorOptions.wantsHelp("-h")).isTrue();
        assertThat(ReflectorOptions.wantsHelp("--stun-bind", "127.0.0.1:1")).isFalse();
        assertThat(ReflectorOptions.USAGE).contains("--stun-bind HOST:PORT", "127.0.0.1:3478", "--key-file PATH", "--rate-limit PPS",
                "(default 1000)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1           | is not HOST:PORT",
            "::1:3478            | put an IPv6 address in brackets",
            ":3478               | has no host",
            "127.0.0.1:stun      | has no numeric port",
            "127.0.0.1:65536     | port must be 0 to 65535",
            "127.0.0.1:-1        | port must be 0 to 65535",
    })
    void refusesBadAddresses(String stunBind, String reason) {
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind", stunBind))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesUnknownArgumentsAndAMissingValue() {
        assertThatThrownBy(() -> ReflectorOptions.parse("--sip-bind", "x")).hasMessageContaining("unknown argument --sip-bind");
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind")).hasMessageContaining("--stun-bind needs HOST:PORT");
    }

    @Test
    void readsAnAlternateAddressForNatDiscovery() throws Exception {
        ReflectorOptions options = ReflectorOptions.parse("--stun-bind", "198.19.0.10:3478", "--stun-alternate=198.19.0.11:3479");
        assertThat(options.stunAlternate()).contains(new InetSocketAddress(InetAddress.getByName("198.19.0.11"), 3479));
        assertThat(options.stunAddresses().slots()).hasSize(4);
        assertThat(ReflectorOptions.parse().stunAlternate()).isEmpty();
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind", "198.19.0.10:3478", "--stun-alternate", "198.19.0.10:3479"))
                .hasMessageContaining("--stun-alternate").hasMessageContaining("must differ");
        assertThatThrownBy(() -> ReflectorOptions.parse("--stun-bind", "1.2.3.4:1", "--stun-bind", "1.2.3.4:2"))
                .hasMessageContaining("given twice");
    }

    @Test
    void withoutAKeyFileTheReflectorIsOffAndTheRateIsTheDefault() {
        ReflectorOptions options = ReflectorOptions.parse();

        assertThat(options.keyFile()).isEmpty();
        assertThat(options.rateLimit()).isEqualTo(1_000);
        assertThat(options.rateLimiter().burst()).isEqualTo(2_000);
    }

    @Test
    void readsTheKeyFileAndTheRateLimit() {
        ReflectorOptions options = ReflectorOptions.parse("--key-file", "/etc/peerswitch/reflector.keys", "--rate-limit=250");

        assertThat(options.keyFile()).contains(Path.of("/etc/peerswitch/reflector.keys"));
        assertThat(options.rateLimit()).isEqualTo(250);
        assertThat(options.rateLimiter().packetsPerSecond()).isEqualTo(250);
        assertThat(options.rateLimiter().burst()).isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0          | --rate-limit must be 1 to 500000000",
            "-5         | --rate-limit must be 1 to 500000000",
            "500000001  | --rate-limit must be 1 to 500000000",
            "1k         | '1k' is not a whole number",
    })
    void refusesABadRateLimit(String rate, String reason) {
        assertThatThrownBy(() -> ReflectorOptions.parse("--rate-limit", rate)).hasMessageContaining(reason);
    }

    @Test
    void namesTheMissingValueOfEachOption() {
        assertThatThrownBy(() -> ReflectorOptions.parse("--key-file")).hasMessage("--key-file needs PATH");
        assertThatThrownBy(() -> ReflectorOptions.parse("--rate-limit")).hasMessage("--rate-limit needs PPS");
        assertThatThrownBy(() -> ReflectorOptions.parse("--key-file=")).hasMessage("--key-file needs PATH");
    }

    @Test
    void readsAKeyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reflector.keys");
        Files.writeString(file, ReflectorKeys.generate(4, new SecureRandom()));

        assertThat(ReflectorOptions.readKeys(file).current().id()).isEqualTo(4);
    }

    @Test
    void aBadKeyFileIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reflector.keys");
        Files.writeString(file, "# keys\n1 not-base64!\n");
        Path missing = dir.resolve("missing.keys");
        Path binary = dir.resolve("binary.keys");
        Files.write(binary, new byte[] {(byte) 0xC3, 0x28});

        assertThatThrownBy(() -> ReflectorOptions.readKeys(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--key-file " + file + ":2: the secret is not Base64");
        assertThatThrownBy(() -> ReflectorOptions.readKeys(missing)).hasMessage("--key-file: cannot read " + missing + ": no such file");
        assertThatThrownBy(() -> ReflectorOptions.readKeys(binary)).hasMessage("--key-file: cannot read " + binary + ": not UTF-8 text");
        assertThatThrownBy(() -> ReflectorOptions.readKeys(dir)).hasMessageStartingWith("--key-file: cannot read " + dir + ": ");
    }
}
