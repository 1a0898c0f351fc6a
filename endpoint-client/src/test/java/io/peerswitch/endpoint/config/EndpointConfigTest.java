package io.peerswitch.endpoint.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.config.EndpointConfig.ServerTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointConfigTest {

    @TempDir
    Path dir;

    private EndpointConfig parse(String text) throws ConfigException {
        return EndpointConfig.from(ConfigFile.parse(dir.resolve("alice.conf"), text), dir);
    }

    @Test
    void readsACommentedFile() throws Exception {
        EndpointConfig c = parse("""
                # Alice's endpoint
                user.id = Alice            # lower-cased
                user.password = correct horse battery
                server.url = https://localhost:8443/api/v1
                server.tls.pin-sha256 = D7:18:57:F3:08:44:71:E4:3A:9F:B1:1C:17:51:17:88:1D:7C:40:E3:E3:E7:97:33:B2:1D:EE:F8:6A:55:18:DB
                sip.bind = 127.0.0.1:5070
                stun.server = 127.0.0.1:3478
                audio.source = tone:440
                audio.sink = wav:received.wav
                call.no-answer-timeout = 20s
                call.max-calls = 2
                """);

        assertThat(c.userId()).isEqualTo("alice");
        assertThat(c.password()).isEqualTo("correct horse battery");
        assertThat(c.serverUrl().toString()).isEqualTo("https://localhost:8443/api/v1/");
        assertThat(c.trust()).isInstanceOf(ServerTrust.Pinned.class);
        assertThat(c.sipBind().getPort()).isEqualTo(5070);
        assertThat(c.stunServer()).isPresent();
        assertThat(c.audioSource()).isEqualTo(new AudioSpec.Tone(440));
        assertThat(c.audioSink()).isEqualTo(new AudioSpec.Wav(dir.resolve("received.wav")));
        assertThat(c.noAnswerTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.maxCalls()).isEqualTo(2);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data-alice"));
        assertThat(c.toString()).doesNotContain("correct horse");
    }

    @Test
    void readsThePasswordFromAFile() throws Exception {
        Files.writeString(dir.resolve("secret"), "from a file\n");
        EndpointConfig c = parse("user.id = bob\nuser.password-file = secret\nserver.url = https://h/api/v1\n");
        assertThat(c.password()).isEqualTo("from a file");
        assertThat(c.trust()).isInstanceOf(ServerTrust.System.class);
    }

    @Test
    void namesTheLineOfEveryMistake() {
        assertThatThrownBy(() -> parse("user.id = a1\nuser.pasword = x\n")).hasMessageContaining("alice.conf:2")
                .hasMessageContaining("unknown setting 'user.pasword'");
        assertThatThrownBy(() -> parse("user.id = a1\nuser.id = b2\n")).hasMessageContaining("set twice");
        assertThatThrownBy(() -> parse("just words\n")).hasMessageContaining("alice.conf:1");
        assertThatThrownBy(() -> parse("user.id = a1\nuser.password = x\nserver.url = http://h/\n"))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> parse("user.id = a1\nuser.password = x\nserver.url = https://h/\nsip.bind = nowhere\n"))
                .hasMessageContaining("sip.bind");
        assertThatThrownBy(() -> parse("user.id = a1\nuser.password = x\nserver.url = https://h/\nserver.tls.trust = pin\n"))
                .hasMessageContaining("server.tls.pin-sha256");
        assertThatThrownBy(() -> parse("user.id = a1\nuser.password = x\nserver.url = https://h/\naudio.sink = tone:440\n"))
                .hasMessageContaining("audio.sink");
        assertThatThrownBy(() -> parse("user.id = a1\nuser.password = x\nserver.url = https://h/\ncall.max-calls = 0\n"))
                .hasMessageContaining("call.max-calls");
        assertThatThrownBy(() -> parse("user.id = a1\nserver.url = https://h/\n")).hasMessageContaining("user.password");
    }

    @Test
    void theShippedSampleIsValid() throws Exception {
        Path sample = Path.of("conf/endpoint.conf");
        EndpointConfig c = EndpointConfig.load(sample);
        assertThat(c.userId()).isNotBlank();
    }
}
