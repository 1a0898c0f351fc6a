package io.peerswitch.endpoint.voicemail;

import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The voicemails kept on this endpoint (claim 3) and the recordings not yet left on the server: one WAV
 * and one JSON file per voicemail in {@code <data.dir>/voicemail}, each written to a temporary file, forced
 * to disk and renamed, so a crash leaves the old version or the new one, never half of either. Thread-safe;
 * its blocking file work runs off the softswitch's loop.
 */
public final class VoicemailBox {

    private static final Logger LOG = Logger.getLogger(VoicemailBox.class.getName());
    /** The identifiers the box accepts as file names: the server's IDs and our deposit IDs. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * A recording not yet complete on the access server, kept to be left there at the next chance: {@code sealed} when
     * the outbox holds it sealed for the callee (then its digest, and so an interrupted upload, stays the same), else
     * (null or false) its WAV, to be sealed once the callee's keys can be fetched.
     */
    public record Unsent(String to, String depositId, long durationMillis, Instant recordedAt, Boolean sealed) {

        /** The same recording, now kept sealed. */
        public Unsent asSealed() {
            return new Unsent(to, depositId, durationMillis, recordedAt, true);
        }

        /** Whether the outbox holds its envelope rather than its WAV. */
        public boolean isSealed() {
            return Boolean.TRUE.equals(sealed);
        }
    }

    private final Path dir;
    private final Path outbox;

    private VoicemailBox(Path dir) {
        this.dir = dir;
        this.outbox = dir.resolve("outbox");
    }

    /** The box in {@code dir}, created when missing. */
    public static VoicemailBox open(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("outbox"));
        return new VoicemailBox(dir);
    }

    /** Whether the box knows the voicemail {@code id} (kept or deleted here). */
    public synchronized boolean knows(String id) {
        return valid(id) && Files.exists(dir.resolve(id + ".json"));
    }

    /** The voicemail {@code id}, when the box knows it. */
    public synchronized Optional<LocalVoicemail> get(String id) {
        if (!valid(id)) {
            return Optional.empty();
        }
        return read(dir.resolve(id + ".json"));
    }

    /** Every voicemail the box knows, deleted ones included, oldest first. */
    public synchronized List<LocalVoicemail> all() {
        List<LocalVoicemail> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                read(file).ifPresent(all::add);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "voicemail box " + dir + " not readable", e);
        }
        all.sort(Comparator.comparing(LocalVoicemail::createdAt).thenComparing(LocalVoicemail::id));
        return all;
    }

    /** Keeps a voicemail and its audio; the audio is on disk before the entry that names it. */
    public synchronized void keep(LocalVoicemail voicemail, byte[] audio) throws IOException {
        check(voicemail.id());
        write(dir.resolve(voicemail.id() + ".wav"), audio);
        write(dir.resolve(voicemail.id() + ".json"), WireJson.encode(voicemail));
    }

    /** Replaces a voicemail's entry (state, server copy). */
    public synchronized void update(LocalVoicemail voicemail) throws IOException {
        check(voicemail.id());
        write(dir.resolve(voicemail.id() + ".json"), WireJson.encode(voicemail));
    }

    /** The audio of voicemail {@code id}. */
    public synchronized byte[] audio(String id) throws IOException {
        check(id);
        return Files.readAllBytes(dir.resolve(id + ".wav"));
    }

    /** Where the audio of voicemail {@code id} is (for players and exports). */
    public Path audioFile(String id) {
        check(id);
        return dir.resolve(id + ".wav");
    }

    /** Deletes the audio of {@code voicemail} and keeps it as {@link LocalVoicemail.State#DELETED} until the server confirms. */
    public synchronized LocalVoicemail delete(LocalVoicemail voicemail) throws IOException {
        check(voicemail.id());
        LocalVoicemail deleted = voicemail.withState(LocalVoicemail.State.DELETED);
        if (deleted.serverCopy()) {
            update(deleted);
        }
        Files.deleteIfExists(dir.resolve(voicemail.id() + ".wav"));
        if (!deleted.serverCopy()) {
            Files.deleteIfExists(dir.resolve(voicemail.id() + ".json"));
        }
        return deleted;
    }

    /** Forgets a deleted voicemail once the server's copy is gone too. */
    public synchronized void forget(String id) throws IOException {
        check(id);
        Files.deleteIfExists(dir.resolve(id + ".wav"));
        Files.deleteIfExists(dir.resolve(id + ".json"));
    }

    /** Keeps a recording until it is complete on the server; its deposit ID makes the later upload idempotent. */
    public synchronized void stash(Unsent unsent, byte[] audio) throws IOException {
        check(unsent.depositId());
        write(outbox.resolve(unsent.depositId() + ".wav"), audio);
        write(outbox.resolve(unsent.depositId() + ".json"), WireJson.encode(unsent));
    }

    /** The recordings waiting to be left on the server, oldest first. */
    public synchronized List<Unsent> unsent() {
        List<Unsent> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(outbox, "*.json")) {
            for (Path file : files) {
                try {
                    all.add(WireJson.decode(Files.readAllBytes(file), Unsent.class));
                } catch (MalformedJsonException | IOException e) {
                    LOG.log(Level.WARNING, "unsent voicemail " + file + " not readable; left where it is", e);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "voicemail outbox " + outbox + " not readable", e);
        }
        all.sort(Comparator.comparing(Unsent::recordedAt).thenComparing(Unsent::depositId));
        return all;
    }

    /** The audio of an unsent recording. */
    public synchronized byte[] unsentAudio(String depositId) throws IOException {
        check(depositId);
        return Files.readAllBytes(outbox.resolve(depositId + ".wav"));
    }

    /** Drops an unsent recording: it is complete on the server now (or refused for good). */
    public synchronized void sent(String depositId) throws IOException {
        check(depositId);
        Files.deleteIfExists(outbox.resolve(depositId + ".json"));
        Files.deleteIfExists(outbox.resolve(depositId + ".wav"));
    }

    private Optional<LocalVoicemail> read(Path file) {
        try {
            return Optional.of(WireJson.decode(Files.readAllBytes(file), LocalVoicemail.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (MalformedJsonException | IOException e) {
            LOG.log(Level.WARNING, "voicemail entry " + file + " not readable; skipped", e);
            return Optional.empty();
        }
    }

    private static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static void check(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("not a voicemail ID: " + id);
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, forces it to disk and renames it over {@code target}. */
    private static void write(Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
