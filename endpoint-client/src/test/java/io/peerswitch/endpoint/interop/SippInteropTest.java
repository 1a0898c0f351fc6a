package io.peerswitch.endpoint.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.media.audio.ToneGenerator;
import io.peerswitch.endpoint.media.codec.Pcmu;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls with SIPp 3.6 (Debian) as UAC and as UAS. As UAC it streams a 1000 Hz PCMU tone the endpoint
 * must hear; as UAS it echoes every RTP packet (-rtp_echo), so the endpoint must hear its own 440 Hz
 * come back: audio through SIPp in both directions, judged by frequency.
 */
class SippInteropTest {

    @TempDir
    Path dir;

    private Path scenario(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + name)) {
            String xml = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                    .replace("[$tone]", muLawTone(1000, 10).toAbsolutePath().toString());
            Path file = dir.resolve(name);
            Files.writeString(file, xml, StandardCharsets.ISO_8859_1);
            return file;
        }
    }

    /** A µ-law WAV file (format 7), the kind SIPp's rtp_stream plays as PCMU. */
    private Path muLawTone(double hertz, int seconds) throws IOException {
        byte[] data = Pcmu.INSTANCE.encode(ToneGenerator.sine(hertz, 0.3, 8000, 8000 * seconds));
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 7).putShort((short) 1)
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        Path wav = dir.resolve("tone-" + (int) hertz + ".wav");
        Files.write(wav, b.array());
        return wav;
    }

    private Process sipp(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sipp", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-m", "1",
                "-timeout", "40s", "-timeout_error", "-nostdin", "-trace_err",
                "-error_file", dir.resolve("sipp-errors.log").toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
    }

    private String output() throws IOException {
        Path errors = dir.resolve("sipp-errors.log");
        return Files.readString(dir.resolve("sipp.out")) + (Files.exists(errors) ? Files.readString(errors) : "");
    }

    private static int evenFreePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = Interop.freePort();
            if (p % 2 == 0 && p < 65_000) {
                return p;
            }
        }
        throw new IOException("no even free port");
    }

    @Test
    void sippCallsTheEndpointAndItHearsSippsTone() throws Exception {
        Interop.require("sipp");
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "sipp", null, 440, true)) {
            InetSocketAddress sip = alice.sip.localAddress();
            Process sipp = sipp(List.of("-sf", scenario("uac-tone.xml").toString(), "-s", "alice",
                    "-p", Integer.toString(Interop.freePort()), "-mp", Integer.toString(evenFreePort()),
                    "127.0.0.1:" + sip.getPort()));

            CallView active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
            assertThat(active.verified()).as("SIPp cannot sign: an outside device").isFalse();
            assertThat(active.peer()).isEqualTo("sipp");
            CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(20));
            assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sipp.exitValue()).as(output()).isZero();
            assertThat(ended.endReason()).isEqualTo("hung up by sipp");
            assertThat(ended.heardHertz()).as("the endpoint heard SIPp's 1000 Hz").isEqualTo(1000.0);
        }
    }

    @Test
    void theEndpointCallsSippWhichEchoesItsAudioBack() throws Exception {
        Interop.require("sipp");
        int port = Interop.freePort();
        Process sipp = sipp(List.of("-sf", scenario("uas-echo.xml").toString(), "-p", Integer.toString(port),
                "-mp", Integer.toString(evenFreePort()), "-rtp_echo"));
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "sipp", new InetSocketAddress("127.0.0.1", port), 440, false)) {
            Thread.sleep(500); // let SIPp bind its port before the INVITE
            String id = alice.onLoop(() -> alice.calls.dial("sipp").join());
            alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
            alice.awaitMedia(id, 150);
            alice.onLoop(() -> {
                alice.calls.hangup(id);
                return null;
            });
            CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));
            assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sipp.exitValue()).as(output()).isZero();
            assertThat(ended.endReason()).isEqualTo("hung up");
            assertThat(ended.heardHertz()).as("the endpoint heard its own 440 Hz echoed by SIPp").isEqualTo(440.0);
        } finally {
            sipp.destroy();
        }
    }
}
