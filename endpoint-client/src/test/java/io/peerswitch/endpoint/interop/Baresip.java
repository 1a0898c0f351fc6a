package io.peerswitch.endpoint.interop;

import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.WavFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * baresip 1.0 (Debian) as a real peer: its own SIP stack and G.711, a WAV file as its microphone, no
 * sound card (the aubridge module as player), and the sndfile module recording the audio it decoded,
 * so the test can check by frequency what baresip heard.
 */
public final class Baresip implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final Path log;

    private Baresip(Process process, Path dir, Path log) {
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    /** Starts baresip as {@code user} on 127.0.0.1:{@code port}, dialing {@code dial} if given. */
    public static Baresip start(Path dir, String user, int port, Path microphone, String dial) throws IOException {
        return start(dir, user, port, microphone, dial, null);
    }

    /**
     * Starts baresip as {@code user} on 127.0.0.1:{@code port}, dialing {@code dial} if given, with the media
     * encryption {@code mediaenc} (baresip's account parameter, e.g. {@code dtls_srtp}) if given.
     */
    public static Baresip start(Path dir, String user, int port, Path microphone, String dial, String mediaenc) throws IOException {
        return start(dir, user, port, microphone, dial, mediaenc, List.of());
    }

    /** As above, with {@code extra} lines in baresip's config (e.g. {@code sip_certificate} for SIP over TLS on port + 1). */
    public static Baresip start(Path dir, String user, int port, Path microphone, String dial, String mediaenc, List<String> extra)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + port,
                // Media on loopback too: by default baresip offers its default interface's address.
                "net_interface 127.0.0.1",
                "audio_player aubridge,nil",
                "audio_source aufile," + microphone.toAbsolutePath(),
                "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module srtp.so",
                "module dtls_srtp.so",
                "module_app account.so",
                "module_app menu.so",
                "snd_path " + dir.toAbsolutePath(),
                String.join("\n", extra),
                ""));
        Files.writeString(dir.resolve("accounts"),
                "<sip:" + user + "@127.0.0.1:" + port + ">;regint=0;answermode=auto;audio_codecs=PCMU,PCMA"
                        + (mediaenc == null ? "" : ";mediaenc=" + mediaenc) + "\n");
        List<String> command = new ArrayList<>(List.of("baresip", "-f", dir.toAbsolutePath().toString(), "-t", "40"));
        if (dial != null) {
            command.addAll(List.of("-e", "/dial " + dial));
        }
        Path log = dir.resolve("baresip.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end && !Files.readString(log).contains("baresip is ready")) {
            if (!p.isAlive()) {
                throw new IOException("baresip exited: " + Files.readString(log));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return new Baresip(p, dir, log);
    }

    /** Skips the calling test (or fails it, when interop is required) unless baresip is installed. */
    public static void require() {
        Interop.require("baresip");
    }

    /** A free UDP port on loopback for baresip's SIP (its TLS takes the next one). */
    public static int freePort() throws IOException {
        return Interop.freePort();
    }

    /** What baresip printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The audio baresip decoded from the call (the sndfile module's "dec" recording), once written. */
    public Optional<PcmAudio> heard() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Optional<Path> dump = files.filter(f -> f.getFileName().toString().startsWith("dump-")
                    && f.getFileName().toString().endsWith("-dec.wav")).findFirst();
            if (dump.isEmpty() || Files.size(dump.get()) <= WavFile.HEADER_LENGTH) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(dump.get())) {
                return Optional.of(WavFile.read(in));
            }
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
