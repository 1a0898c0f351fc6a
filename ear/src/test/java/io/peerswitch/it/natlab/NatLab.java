package io.peerswitch.it.natlab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One NAT lab of {@code bin/natlab}: network namespaces with a router of each requested NAT type (see
 * docs/nat-traversal.md, "The NAT lab"), and Java processes of ours started inside them. Closing it stops
 * the processes and removes every namespace.
 */
public final class NatLab implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NatLab.class.getName());

    /** The lab's NAT types, in the script's words, with the project's names. */
    public enum Nat {
        NONE("none", "No NAT"), FULL("full", "Full cone"), RESTRICTED("restricted", "Restricted"),
        PORT("port", "Port restricted"), SYMMETRIC("symmetric", "Symmetric");

        final String word;
        final String title;

        Nat(String word, String title) {
            this.word = word;
            this.title = title;
        }

        /** The name of table 2300's row and column. */
        public String title() {
            return title;
        }

        /** The {@link io.peerswitch.wire.nat.NatType} an endpoint behind this NAT should discover. */
        public io.peerswitch.wire.nat.NatType type() {
            return switch (this) {
                case NONE -> io.peerswitch.wire.nat.NatType.NO_NAT;
                case FULL -> io.peerswitch.wire.nat.NatType.FULL_CONE;
                case RESTRICTED -> io.peerswitch.wire.nat.NatType.RESTRICTED_CONE;
                case PORT -> io.peerswitch.wire.nat.NatType.PORT_RESTRICTED_CONE;
                case SYMMETRIC -> io.peerswitch.wire.nat.NatType.SYMMETRIC;
            };
        }
    }

    /** The server addresses inside every lab. */
    public static final String SERVER = "198.19.0.2";
    public static final String STUN = "198.19.0.10";
    public static final String STUN_ALTERNATE = "198.19.0.11";

    private final String prefix;
    private final List<Nat> lans;
    private final Path workDir;
    private final List<Process> processes = new ArrayList<>();

    private NatLab(String prefix, List<Nat> lans, Path workDir) {
        this.prefix = prefix;
        this.lans = List.copyOf(lans);
        this.workDir = workDir;
    }

    /** The lab script, from the build (system property {@code peerswitch.it.natlab}). */
    static Path script() {
        return Path.of(System.getProperty("peerswitch.it.natlab", "../bin/natlab"));
    }

    /**
     * Skips the calling test when this machine cannot build labs (not root, no nftables), unless
     * {@code -Dpeerswitch.natlab.required=true} (CI) makes that a failure.
     */
    public static void assumeAvailable() throws Exception {
        Process check = new ProcessBuilder(script().toString(), "check").redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean available = check.waitFor() == 0;
        if (!available && Boolean.getBoolean("peerswitch.natlab.required")) {
            throw new AssertionError("the NAT lab is required here but cannot run: " + out);
        }
        assumeTrue(available, out);
    }

    /** Builds a lab named {@code prefix} with one LAN per entry of {@code lans} (LAN i+1 behind {@code lans.get(i)}). */
    public static NatLab up(String prefix, List<Nat> lans, Path workDir) throws Exception {
        List<String> command = new ArrayList<>(List.of(script().toString(), "up", prefix));
        lans.forEach(n -> command.add(n.word));
        Process up = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (up.waitFor() != 0) {
            throw new IOException("natlab up failed: " + out);
        }
        LOG.info(() -> "NAT lab " + prefix + ":\n" + out);
        return new NatLab(prefix, lans, workDir);
    }

    /** The namespace of a node: {@code inet}, {@code r1}, {@code h1}... */
    public String namespace(String node) {
        return prefix + "-" + node;
    }

    /** The LAN host's node name behind the {@code index}-th router (0-based). */
    public static String host(int index) {
        return "h" + (index + 1);
    }

    /** The address of the host of LAN {@code index} (0-based). */
    public static String hostAddress(int index) {
        return "198.18." + (index + 1) + ".2";
    }

    /** The NAT of LAN {@code index}. */
    public Nat nat(int index) {
        return lans.get(index);
    }

    /**
     * Starts {@code mainClass} of this build in {@code node} with the test's class path; its output goes to
     * {@code name}.log in the work directory. The process is stopped when the lab closes.
     */
    public Process java(String node, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node),
                ProcessHandle.current().info().command().orElse("java"),
                "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path log = workDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    /** Starts any command in {@code node}; its output goes to {@code name}.log. Stopped when the lab closes. */
    public Process command(String node, String name, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    /** Runs a process to its end (at most {@code seconds}) and returns its exit code; output in {@code name}.log. */
    public int run(Process process, long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** The output a process started under {@code name} wrote so far. */
    public String log(String name) throws IOException {
        Path log = workDir.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Writes a file in the work directory. */
    public Path file(String name, String text) throws IOException {
        return Files.writeString(workDir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        Process down = new ProcessBuilder(script().toString(), "down", prefix).redirectErrorStream(true).start();
        down.getInputStream().readAllBytes();
        down.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "NAT lab " + prefix + " " + lans.stream().map(n -> n.name().toLowerCase(Locale.ROOT)).toList();
    }
}
