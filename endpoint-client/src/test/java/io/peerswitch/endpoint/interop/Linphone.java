package io.peerswitch.endpoint.interop;

import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.WavFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * linphone 5.1 (Debian's {@code linphonec}) as a real peer: its own SIP stack (belle-sip) and media stack
 * (mediastreamer2, its own DTLS-SRTP), driven over its standard input; WAV files as microphone and speaker
 * ({@code soundcard use files}), everything bound to 127.0.0.1, its home and database in the test's directory.
 */
final class Linphone implements AutoCloseable {

    private final Process process;
    private final OutputStream commands;
    private final Path log;
    private final Path coreLog;
    private final Path heard;

    private Linphone(Process process, Path log, Path coreLog, Path heard) {
        this.process = process;
        this.commands = process.getOutputStream();
        this.log = log;
        this.coreLog = coreLog;
        this.heard = heard;
    }

    /**
     * Starts linphonec as {@code user} on 127.0.0.1:{@code port} with {@code microphone} as its audio source;
     * {@code dtls} makes it insist on DTLS-SRTP (RFC 5763), and it answers calls by itself.
     */
    static Linphone start(Path dir, String user, int port, int rtpPort, Path microphone, boolean dtls) throws IOException {
        return start(dir, user, port, rtpPort, microphone, dtls, null);
    }

    /** A device certificate for SIP over TLS: linphone's client_cert_chain and client_cert_key, and root_ca. */
    record Tls(Path certificate, Path key, Path authority, int port) {
    }

    /** As above; with {@code tls}, SIP over TLS on {@code tls.port()} presenting its device certificate. */
    static Linphone start(Path dir, String user, int port, int rtpPort, Path microphone, boolean dtls, Tls tls) throws IOException {
        Files.createDirectories(dir.resolve(".local/share/linphone"));
        Path config = dir.resolve("linphonerc");
        Files.writeString(config, String.join("\n",
                "[sip]",
                "sip_port=" + port,
                "sip_tcp_port=0",
                "sip_tls_port=" + (tls == null ? 0 : tls.port()),
                "ipv6=0",
                "use_ipv6=0",
                "bind_address=127.0.0.1",
                "guess_hostname=0",
                "auto_net_state_mon=0",
                "default_proxy=-1",
                "contact=\"" + user + "\" <sip:" + user + "@127.0.0.1:" + port + ">",
                "media_encryption=" + (dtls ? "dtls" : "none"),
                "media_encryption_mandatory=" + (dtls ? 1 : 0),
                tls == null ? "" : String.join("\n", "client_cert_chain=" + tls.certificate().toAbsolutePath(),
                        "client_cert_key=" + tls.key().toAbsolutePath(), "root_ca=" + tls.authority().toAbsolutePath(),
                        // The endpoint is reached by IP address: its certificate names a user, not a host.
                        "verify_server_certs=1", "verify_server_cn=0"),
                "[rtp]",
                "audio_rtp_port=" + rtpPort,
                "bind_address=127.0.0.1",
                "[video]",
                "automatically_initiate=0",
                "automatically_accept=0",
                "[sound]",
                "echocancellation=0",
                ""));
        Path log = dir.resolve("linphonec.log");
        Path heard = dir.resolve("heard.wav");
        Path coreLog = dir.resolve("linphone-core.log");
        ProcessBuilder builder = new ProcessBuilder("linphonec", "-c", config.toAbsolutePath().toString(), "-a", "-d", "1",
                "-l", coreLog.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOME", dir.toAbsolutePath().toString());
        Linphone linphone = new Linphone(builder.start(), log, coreLog, heard);
        linphone.awaitLog("linphonec>", 10);
        linphone.command("soundcard use files");
        linphone.command("play " + microphone.toAbsolutePath());
        linphone.command("record " + heard.toAbsolutePath());
        return linphone;
    }

    /** Types {@code line} at linphonec's prompt. */
    void command(String line) throws IOException {
        commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }

    /** Waits up to {@code seconds} for {@code text} in what linphonec printed. */
    void awaitLog(String text, int seconds) throws IOException {
        await(text, seconds, false);
    }

    /** Waits up to {@code seconds} for {@code text} in what linphone's core logged. */
    void awaitCoreLog(String text, int seconds) throws IOException {
        await(text, seconds, true);
    }

    private void await(String text, int seconds, boolean core) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!(core ? coreLog() : log()).contains(text)) {
            if (!process.isAlive()) {
                throw new IOException("linphonec exited: " + log());
            }
            if (System.nanoTime() > end) {
                throw new IOException("linphone did not log \"" + text + "\" within " + seconds + " s:\n" + log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** What linphonec printed so far. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** What linphone's core (liblinphone, mediastreamer2) logged so far. */
    String coreLog() throws IOException {
        return Files.exists(coreLog) ? Files.readString(coreLog, StandardCharsets.ISO_8859_1) : "";
    }

    /** The audio linphone played out of the call (its record file), once written. */
    Optional<PcmAudio> heard() throws IOException {
        if (!Files.exists(heard) || Files.size(heard) <= WavFile.HEADER_LENGTH) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(heard)) {
            return Optional.of(WavFile.read(in));
        } catch (IOException e) {
            return Optional.empty(); // still being written: its header's sizes come at the end
        }
    }

    @Override
    public void close() throws Exception {
        try {
            command("terminate");
            command("quit");
        } catch (IOException e) {
            // gone already
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
