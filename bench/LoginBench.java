import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Login benchmark of the access server (issue 2): provisions N accounts with B buddies each, logs in
 * half of them from C concurrent clients, and prints logins per second, latency, server CPU per login
 * with the Argon2id share apart, and heap per online location. JDK only: run with `java LoginBench.java`.
 *
 * Arguments: baseUrl adminPassword serverPid accounts buddies concurrency
 */
public class LoginBench {

    private static final String PASSWORD = "bench-password-1";
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        String adminAuth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        long pid = Long.parseLong(args[2]);
        int accounts = Integer.parseInt(args[3]);
        int buddies = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        HttpClient http = trustingClient();

        // One account through the API yields a real Argon2id hash of PASSWORD, reused for all accounts
        // so that provisioning does not spend minutes hashing the same password again.
        send(http, post(base.resolve("admin/accounts/import"), "{\"accounts\":[{\"userId\":\"bench.seed\","
                + "\"email\":\"bench.seed@example.com\",\"password\":\"" + PASSWORD + "\"}]}", adminAuth), 200);
        String export = send(http, get(base.resolve("admin/accounts/export"), adminAuth), 200);
        Matcher hash = Pattern.compile("\"userId\":\"bench.seed\"[^}]*?\"passwordHash\":\"([^\"]+)\"").matcher(export);
        if (!hash.find()) {
            throw new IllegalStateException("no hash for bench.seed in the export");
        }
        String phc = hash.group(1);

        // Accounts u0..u(N-1); each has the B/2 accounts on either side as buddies (mutual, ring).
        StringBuilder file = new StringBuilder("{\"accounts\":[");
        for (int i = 0; i < accounts; i++) {
            file.append(i == 0 ? "" : ",").append("{\"userId\":\"u").append(i).append("\",\"email\":\"u").append(i)
                    .append("@bench.example.com\",\"passwordHash\":\"").append(phc).append("\",\"buddies\":[");
            for (int k = 1; k <= buddies / 2; k++) {
                file.append(k == 1 ? "" : ",").append("{\"userId\":\"u").append((i + k) % accounts).append("\"}");
            }
            file.append("]}");
        }
        file.append("]}");
        long t0 = System.nanoTime();
        String report = send(http, post(base.resolve("admin/accounts/import"), file.toString(), adminAuth), 200);
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "provisioned        %d accounts x %d buddies in %.1f s (%d MB JSON): %s%n",
                accounts, buddies, importSeconds, file.length() >> 20, report);

        // Warm up the JIT on logins of accounts that will not be online during the measurement.
        List<Integer> warmup = new ArrayList<>();
        for (int i = 1; i < Math.min(accounts, 801); i += 2) {
            warmup.add(i);
        }
        List<String> warmTokens = loginAll(http, base, warmup, concurrency, new long[warmup.size()]);
        for (String token : warmTokens) {
            send(http, HttpRequest.newBuilder(base.resolve("sessions/current")).DELETE()
                    .header("Authorization", "Bearer " + token).build(), 204);
        }

        long heapBefore = heapAfterGc(pid);
        String metricsBefore = send(http, get(base.resolve("admin/metrics"), adminAuth), 200);
        long cpuBefore = processCpuTicks(pid);

        // Half the accounts log in: the even ones, so each online user has half its buddies online.
        List<Integer> online = new ArrayList<>();
        for (int i = 0; i < accounts; i += 2) {
            online.add(i);
        }
        long[] latencies = new long[online.size()];
        long start = System.nanoTime();
        List<String> tokens = loginAll(http, base, online, concurrency, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;

        long cpuAfter = processCpuTicks(pid);
        String metricsAfter = send(http, get(base.resolve("admin/metrics"), adminAuth), 200);
        long heapAfter = heapAfterGc(pid);

        int n = tokens.size();
        double cpuMsPerLogin = (cpuAfter - cpuBefore) * 1000.0 / TICKS_PER_SECOND / n;
        long hashNanos = metric(metricsAfter, "passwordHashCpuNanos") - metric(metricsBefore, "passwordHashCpuNanos");
        long hashes = metric(metricsAfter, "passwordHashes") - metric(metricsBefore, "passwordHashes");
        double hashMsPerLogin = hashNanos / 1e6 / hashes;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "logins             %d from %d concurrent clients in %.1f s%n", n, concurrency, seconds);
        System.out.printf(Locale.ROOT, "logins per second  %.1f%n", n / seconds);
        System.out.printf(Locale.ROOT, "latency            p50 %.1f ms, p99 %.1f ms%n",
                latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6);
        System.out.printf(Locale.ROOT, "server CPU/login   %.1f ms total, of which Argon2id %.1f ms, the rest %.1f ms%n",
                cpuMsPerLogin, hashMsPerLogin, cpuMsPerLogin - hashMsPerLogin);
        System.out.printf(Locale.ROOT, "heap per location  %.0f bytes (%d online locations, heap after full GC %d -> %d KiB)%n",
                (heapAfter - heapBefore) / (double) n, n, heapBefore >> 10, heapAfter >> 10);
    }

    private static List<String> loginAll(HttpClient http, URI base, List<Integer> users, int concurrency, long[] latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        Pattern token = Pattern.compile("\"token\":\"([^\"]+)\"");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < users.size(); i = next.getAndIncrement()) {
                        int user = users.get(i);
                        String body = "{\"userId\":\"u" + user + "\",\"password\":\"" + PASSWORD + "\",\"instanceId\":\"bench-"
                                + user + "\",\"publicAddress\":{\"ip\":\"198.18." + (user >> 8 & 0xff) + "." + (user & 0xff)
                                + "\",\"port\":" + (10000 + user % 50000) + "},\"natType\":\"PORT_RESTRICTED_CONE\",\"expires\":3600}";
                        long t = System.nanoTime();
                        String answer = send(http, post(base.resolve("sessions"), body, null), 201);
                        latencies[i] = System.nanoTime() - t;
                        Matcher m = token.matcher(answer);
                        if (!m.find()) {
                            throw new IllegalStateException("no token in " + answer);
                        }
                        tokens.add(m.group(1));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        return tokens;
    }

    private static long metric(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** utime + stime of the server process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long processCpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Heap in use after a full GC of the server, via jcmd. */
    private static long heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = Pattern.compile("total (?:reserved )?\\d+K, (?:committed \\d+K, )?used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read heap use from: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static HttpRequest post(URI uri, String json, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static HttpRequest get(URI uri, String authorization) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Authorization", authorization).GET().build();
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode()
                    + " " + response.body());
        }
        return response.body();
    }

    /** The benchmark talks to its own server on loopback, whose certificate is self-signed. */
    private static HttpClient trustingClient() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
