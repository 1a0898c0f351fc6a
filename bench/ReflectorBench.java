import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorPacket;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import io.peerswitch.wire.stun.XorMappedAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reflector benchmark (FIG. 24-25) on loopback: the shipped reflector process (reflector/bin/reflector with a
 * key file) and a minimal C forwarder (bench/forwarder.c) get the same load from the same sender threads,
 * and a sink counts what arrives. Prints STUN Binding responses per second of our STUN server and of coturn
 * (Debian's STUN/TURN server, STUN only, one relay thread) under the same requests, reflected packets per
 * second for 100- and 1,200-byte payloads, the server process's CPU per packet, and the ratios ours/coturn
 * and ours/C. Run by bench/reflector-bench.sh, which builds the reflector and the forwarder, installs coturn
 * if it can, and sets the class path; without coturn the row says why, and the rest still runs.
 *
 * <p>Every reflector packet is genuine and unique, as the reflector demands: each sender seals a template
 * with a real token and packet key, renews its timestamp every second, and changes the payload's last
 * eight bytes per packet, recomputing the MAC from a saved HMAC state, so that sealing costs the sender
 * far less than checking costs the reflector.
 */
public class ReflectorBench {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    /** USER_HZ, the unit of the CPU times in /proc/PID/stat: 100 on every Linux architecture Java runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final String OUR_STUN = "Peerswitch STUN Binding answers";
    private static final String COTURN_STUN = "coturn STUN Binding answers";

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        Path forwarder = Path.of(args[1]);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int senders = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Duration measure = Duration.ofSeconds(seconds);
        // Set by the script: turnserver's path, or why there is none; the directory coturn may write in.
        String turnserver = System.getProperty("bench.coturn", "");
        String coturnMissing = System.getProperty("bench.coturn-missing", "turnserver not found");
        Path coturnDir = Path.of(System.getProperty("bench.coturn-dir", System.getProperty("java.io.tmpdir")));

        Path keyFile = Files.createTempFile("reflector-bench", ".keys", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, ReflectorKeys.generate(1, new SecureRandom()));
        ReflectorKeys keys = ReflectorKeys.read(keyFile);
        ReflectorToken.Issued token = ReflectorToken.issue(keys.current(), LOOPBACK, Instant.now().plus(Duration.ofHours(1)), new SecureRandom());
        // The sink's reach token (docs/reflector.md): what the access server gives a buddy of whoever is at the sink's address.
        byte[] reach = ReflectorToken.issueReach(keys.current(), LOOPBACK, Instant.now().plus(Duration.ofHours(1)), new SecureRandom()).encoded();
        int header = ReflectorPacket.headerLength(4, token.token().encoded().length, reach.length);

        System.out.printf(Locale.ROOT, "load               %d sender threads (one socket each), one sink thread; %d s warm-up, %d s measured per row%n",
                senders, WARM_UP.toSeconds(), seconds);
        List<Row> rows = new ArrayList<>();
        try (Sink sink = new Sink()) {
            Server ours = Server.start(List.of(launcher.toString(), "--stun-bind", "127.0.0.1:0", "--key-file", keyFile.toString(),
                    "--rate-limit", "500000000"), Pattern.compile("STUN server listening on 127\\.0\\.0\\.1:(\\d+)"));
            try {
                rows.add(stun(OUR_STUN, ours, senders, measure));
                if (!turnserver.isEmpty()) {
                    try {
                        rows.add(coturn(turnserver, coturnDir, senders, measure));
                        coturnMissing = null;
                    } catch (NotStarted e) {
                        coturnMissing = "turnserver did not start: " + e.lastWords();
                    }
                }
                if (coturnMissing != null) {
                    System.out.println("measured   coturn: not available (" + coturnMissing + ")");
                }
                for (int payload : new int[] {100, 1_200}) {
                    rows.add(measure("Peerswitch reflector, " + payload + " B", ours, senders, measure, sink,
                            () -> new SealedLoad(token, reach, ours.address, sink.address(), payload)));
                    for (int batch : new int[] {1, 64}) {
                        Server c = Server.start(List.of(forwarder.toString(), "127.0.0.1", Integer.toString(header), "127.0.0.1",
                                Integer.toString(sink.address().getPort()), Integer.toString(batch)), Pattern.compile("^(\\d+)$"));
                        try {
                            rows.add(measure("C forwarder, " + payload + " B, " + (batch == 1 ? "recvfrom/sendto" : "recvmmsg/sendmmsg x" + batch),
                                    c, senders, measure, sink, () -> new SealedLoad(token, reach, c.address, sink.address(), payload)));
                        } finally {
                            c.stop();
                        }
                    }
                }
            } finally {
                ours.stop();
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%-50s %11s %11s %7s %10s %12s%n", "", "offered/s", "delivered/s", "CPU", "us/packet", "per core/s");
            for (Row row : rows) {
                System.out.println(row.format());
                if (row.name.equals(OUR_STUN) && coturnMissing != null) {
                    System.out.println("coturn: not available (" + coturnMissing + ")");
                }
            }
            System.out.println();
            Row ourStun = find(rows, OUR_STUN);
            rows.stream().filter(r -> r.name.equals(COTURN_STUN)).findFirst().ifPresentOrElse(
                    coturn -> System.out.printf(Locale.ROOT, "ours/coturn, STUN Binding:  delivered %.2f; per core %.2f%n",
                            ourStun.delivered / coturn.delivered, ourStun.perCore() / coturn.perCore()),
                    () -> System.out.println("ours/coturn, STUN Binding:  not measured, coturn not available"));
            for (int payload : new int[] {100, 1_200}) {
                Row ourRow = find(rows, "Peerswitch reflector, " + payload + " B");
                Row plain = find(rows, "C forwarder, " + payload + " B, recvfrom");
                Row batched = find(rows, "C forwarder, " + payload + " B, recvmmsg");
                System.out.printf(Locale.ROOT, "ours/C, %,5d B payload: delivered %.2f (recvfrom/sendto) %.2f (recvmmsg/sendmmsg); per core %.2f %.2f%n",
                        payload, ourRow.delivered / plain.delivered, ourRow.delivered / batched.delivered,
                        ourRow.perCore() / plain.perCore(), ourRow.perCore() / batched.perCore());
            }
            System.out.println();
            ours.lines().stream().filter(l -> l.contains("stopped;")).forEach(l -> System.out.println("reflector process: " + l.replaceFirst("^.*?: ", "")));
        } finally {
            Files.deleteIfExists(keyFile);
            for (Server server : Server.STARTED) {
                Files.deleteIfExists(server.output);
            }
        }
    }

    /** One measured row; {@code cpu} is the server process's CPU seconds per second. */
    record Row(String name, double offered, double delivered, double cpu) {

        /** Packets per second one core of the server would handle at this cost. */
        double perCore() {
            return delivered / cpu;
        }

        String format() {
            return String.format(Locale.ROOT, "%-50s %,11.0f %,11.0f %6.0f%% %10.2f %,12.0f", name, offered, delivered, cpu * 100,
                    cpu * 1e6 / delivered, perCore());
        }
    }

    private static Row find(List<Row> rows, String prefix) {
        return rows.stream().filter(r -> r.name.startsWith(prefix)).findFirst().orElseThrow();
    }

    /**
     * STUN Binding requests from every sender; the answers are checked and counted on the senders' own sockets,
     * and only Binding success responses to the request count as delivered.
     */
    private static Row stun(String name, Server server, int senders, Duration measure) throws Exception {
        BindingCheck check = new BindingCheck(TransactionId.random());
        LongAdder answers = new LongAdder();
        LongAdder wrong = new LongAdder();
        List<Sender> running = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Sender sender = new Sender(server.address, () -> () -> check.request);
            sender.countAnswers(check, answers, wrong);
            running.add(sender);
        }
        Row row = run(name, server, running, measure, answers);
        if (wrong.sum() > 0) {
            System.out.printf(Locale.ROOT, "           %,d answers were not Binding success responses and were not counted%n", wrong.sum());
        }
        return row;
    }

    /**
     * The STUN row of coturn, Debian's STUN/TURN server: STUN only, UDP only, on 127.0.0.1 alone, one relay thread,
     * no configuration file, CLI, TLS or DTLS, its pid file and user database in {@code dir}; stopped at the end of
     * its row whatever happens (and by the script's trap should this JVM die first).
     *
     * @throws NotStarted when coturn does not start
     */
    private static Row coturn(String turnserver, Path dir, int senders, Duration measure) throws Exception {
        Path pidFile = dir.resolve("turnserver.pid");
        Path userDb = dir.resolve("turndb");
        Server coturn;
        try {
            coturn = Server.start(List.of(turnserver, "-n", "--stun-only", "--no-cli", "--listening-ip", "127.0.0.1",
                            "--listening-port", Integer.toString(freeUdpPort()), "--no-tcp", "--no-tls", "--no-dtls", "--relay-threads", "1",
                            "--pidfile", pidFile.toString(), "--userdb", userDb.toString(), "--log-file", "stdout", "--simple-log", "-v"),
                    Pattern.compile("UDP listener opened on: ?127\\.0\\.0\\.1:(\\d+)"));
        } catch (IOException | NotStarted e) {
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(userDb);
            throw e instanceof NotStarted notStarted ? notStarted : new NotStarted(turnserver, e.toString());
        }
        try {
            return stun(COTURN_STUN, coturn, senders, measure);
        } finally {
            coturn.stop();
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(userDb);
        }
    }

    /** A UDP port on 127.0.0.1 free a moment ago, for a server that cannot be told to take any free port. */
    private static int freeUdpPort() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0))) {
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    /**
     * A Binding request and the check of its answers: every answer must have the header of a Binding success
     * response (type 0x0101, the magic cookie, the request's transaction ID, a length that fits the datagram,
     * RFC 8489 section 5); one in {@link #DECODED_EVERY} is also decoded whole and must carry the sender's own
     * address in XOR-MAPPED-ADDRESS (section 14.2).
     */
    static final class BindingCheck {
        static final int DECODED_EVERY = 64;
        private static final int BINDING_SUCCESS = 0x0101;
        final byte[] request;
        private final TransactionId transactionId;

        BindingCheck(TransactionId transactionId) {
            this.transactionId = transactionId;
            this.request = StunCodec.encode(new StunMessage(StunClass.REQUEST, StunMethod.BINDING, transactionId, List.of()));
        }

        /** Whether {@code answer}, from its position to its limit, is a Binding success response for {@code sender}. */
        boolean accepts(ByteBuffer answer, InetSocketAddress sender, boolean decodeWhole) {
            int start = answer.position();
            int length = answer.remaining();
            if (length < StunCodec.HEADER_SIZE
                    || (answer.getShort(start) & 0xFFFF) != BINDING_SUCCESS
                    || (answer.getShort(start + 2) & 0xFFFF) != length - StunCodec.HEADER_SIZE
                    || answer.getInt(start + 4) != StunCodec.MAGIC_COOKIE
                    || !answer.slice(start + 8, TransactionId.LENGTH).equals(ByteBuffer.wrap(transactionId.bytes()))) {
                return false;
            }
            if (!decodeWhole) {
                return true;
            }
            return StunCodec.decode(answer) instanceof StunDecodeResult.Decoded(StunMessage m)
                    && m.messageClass() == StunClass.SUCCESS_RESPONSE && m.method().equals(StunMethod.BINDING)
                    && Arrays.equals(m.transactionId().bytes(), transactionId.bytes())
                    && m.attribute(XorMappedAddress.class).map(XorMappedAddress::address).filter(sender::equals).isPresent();
        }
    }

    private static Row measure(String name, Server server, int senders, Duration measure, Sink sink, Supplier<Load> load) throws Exception {
        List<Sender> running = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            running.add(new Sender(server.address, load));
        }
        return run(name, server, running, measure, sink.received);
    }

    private static Row run(String name, Server server, List<Sender> senders, Duration measure, LongAdder delivered) throws Exception {
        senders.forEach(Sender::start);
        Thread.sleep(WARM_UP);
        long delivered0 = delivered.sum();
        long offered0 = senders.stream().mapToLong(s -> s.sent.sum()).sum();
        long cpu0 = server.cpuTicks();
        long t0 = System.nanoTime();
        Thread.sleep(measure);
        long delivered1 = delivered.sum();
        long offered1 = senders.stream().mapToLong(s -> s.sent.sum()).sum();
        long cpu1 = server.cpuTicks();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        for (Sender sender : senders) {
            sender.close();
        }
        Row row = new Row(name, (offered1 - offered0) / elapsed, (delivered1 - delivered0) / elapsed,
                (cpu1 - cpu0) / (double) CLOCK_TICKS_PER_SECOND / elapsed);
        System.out.println("measured   " + row.format());
        return row;
    }

    /** What one sender sends, packet after packet; used by one thread only. */
    interface Load {
        byte[] next();
    }

    /**
     * Genuine, unique reflector packets: a template sealed with the packet key whose last eight payload bytes
     * count up, the MAC finished from a saved HMAC state over everything before them; a new template every second.
     */
    static final class SealedLoad implements Load {
        private final ReflectorToken.Issued token;
        private final InetSocketAddress presentAs;
        private final InetSocketAddress destination;
        private final byte[] reach;
        private final byte[] payload;
        private final int nonce = new SecureRandom().nextInt();
        private final byte[] mac = new byte[32];
        private byte[] packet;
        private Mac prefix;
        private int macOffset;
        private long counter;
        private long renewAt;

        SealedLoad(ReflectorToken.Issued token, byte[] reach, InetSocketAddress presentAs, InetSocketAddress destination, int payloadLength) {
            this.token = token;
            this.reach = reach;
            this.presentAs = presentAs;
            this.destination = destination;
            this.payload = new byte[payloadLength];
            new SecureRandom().nextBytes(payload);
        }

        @Override
        public byte[] next() {
            try {
                if ((counter & 1023) == 0 && System.nanoTime() >= renewAt) {
                    renew();
                }
                counter++;
                int tail = packet.length - Long.BYTES;
                ByteBuffer.wrap(packet, tail, Long.BYTES).putLong(counter);
                Mac m = (Mac) prefix.clone();
                m.update(packet, tail, Long.BYTES);
                m.doFinal(mac, 0);
                System.arraycopy(mac, 0, packet, macOffset, ReflectorPacket.MAC_BYTES);
                return packet;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private void renew() throws Exception {
            packet = ReflectorPacket.encode(Instant.now(), nonce, presentAs, destination, token.token().encoded(), reach, token.packetKey(),
                    payload, 0, payload.length);
            int header = packet.length - payload.length;
            macOffset = header - ReflectorPacket.MAC_BYTES;
            prefix = Mac.getInstance("HmacSHA256");
            prefix.init(new SecretKeySpec(token.packetKey(), "HmacSHA256"));
            prefix.update(packet, 0, macOffset);
            prefix.update(packet, header, payload.length - Long.BYTES);
            renewAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
    }

    /** A thread sending as fast as it can on its own connected socket. */
    static final class Sender implements AutoCloseable {
        final LongAdder sent = new LongAdder();
        private final DatagramChannel channel;
        private final Supplier<Load> load;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Sender(InetSocketAddress target, Supplier<Load> load) throws IOException {
            this.channel = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0)).connect(target);
            this.load = load;
            threads.add(Thread.ofPlatform().name("sender").unstarted(this::send));
        }

        /** Counts in {@code answers} the datagrams coming back that {@code check} accepts, the others in {@code wrong}. */
        void countAnswers(BindingCheck check, LongAdder answers, LongAdder wrong) throws IOException {
            InetSocketAddress self = (InetSocketAddress) channel.getLocalAddress();
            threads.add(Thread.ofPlatform().name("answers").unstarted(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
                long received = 0;
                while (running) {
                    buffer.clear();
                    try {
                        channel.receive(buffer);
                    } catch (IOException e) {
                        return;
                    }
                    buffer.flip();
                    (check.accepts(buffer, self, received++ % BindingCheck.DECODED_EVERY == 0) ? answers : wrong).increment();
                }
            }));
        }

        void start() {
            threads.forEach(Thread::start);
        }

        private void send() {
            Load packets = load.get();
            while (running) {
                try {
                    channel.write(ByteBuffer.wrap(packets.next()));
                    sent.increment();
                } catch (IOException e) {
                    if (!channel.isOpen()) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            channel.close();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** The peer reflected packets go to: one socket, one thread counting datagrams. */
    static final class Sink implements AutoCloseable {
        final LongAdder received = new LongAdder();
        private final DatagramChannel channel;
        private final Thread thread;

        Sink() throws IOException {
            channel = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(LOOPBACK, 0));
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            thread = Thread.ofPlatform().name("sink").start(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
                while (true) {
                    buffer.clear();
                    try {
                        channel.receive(buffer);
                        received.increment();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join();
        }
    }

    /** A server process that exited, or did not say it was ready within 30 s, with what it wrote. */
    static final class NotStarted extends IllegalStateException {
        private final String output;

        NotStarted(String program, String output) {
            super(program + " did not start: " + output);
            this.output = output;
        }

        /** The last line it wrote, without coturn's "0: : " prefix. */
        String lastWords() {
            return output.lines().map(l -> l.replaceFirst("^\\d+: : ", "").strip()).filter(l -> !l.isEmpty())
                    .reduce((first, second) -> second).orElse("no output");
        }
    }

    /**
     * A server process under test, its address found in its output, its CPU time read from /proc. The output
     * goes to a file: a pipe read while the process ends can lose its last lines, the ones with the counters.
     */
    static final class Server {
        final Process process;
        final InetSocketAddress address;
        static final List<Server> STARTED = new CopyOnWriteArrayList<>();
        private final Path output;

        private Server(Process process, InetSocketAddress address, Path output) {
            this.process = process;
            this.address = address;
            this.output = output;
            STARTED.add(this);
        }

        static Server start(List<String> command, Pattern ready) throws Exception {
            List<String> pinned = new ArrayList<>();
            String cpu = System.getProperty("bench.server-cpu", "");
            if (!cpu.isEmpty()) {
                pinned.addAll(List.of("taskset", "-c", cpu));
            }
            pinned.addAll(command);
            Path output = Files.createTempFile("reflector-bench", ".log");
            Process process = new ProcessBuilder(pinned).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(output)) {
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                        return new Server(process, new InetSocketAddress(LOOPBACK, Integer.parseInt(m.group(1))), output);
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            process.destroyForcibly().waitFor();
            String said = Files.readString(output);
            Files.deleteIfExists(output);
            throw new NotStarted(command.getFirst(), said);
        }

        /** What the process wrote so far. */
        List<String> lines() throws IOException {
            return Files.readAllLines(output);
        }

        /** User plus system CPU time of the process so far, in clock ticks (proc(5)). */
        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        /** SIGTERM, and the output up to the end. */
        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
