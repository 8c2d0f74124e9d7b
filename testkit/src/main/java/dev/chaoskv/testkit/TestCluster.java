package dev.chaoskv.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.launch.KvnodeLauncher;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real kvnode processes (started by {@link KvnodeLauncher}, so from the class path of the test)
 * on free loopback ports, each with its own data dir and log file under one temp dir. {@link #close()} kills every process and deletes
 * the temp dir, so tests call it from {@code @AfterEach} and nothing leaks when a test fails.
 */
public final class TestCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KvnodeLauncher LAUNCHER = KvnodeLauncher.withJvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC"));

    private final Path dir;
    private final Map<String, NodeProc> nodes = new LinkedHashMap<>();
    private SSLContext clientTls;

    public record NodeProc(String name, int port, Path dataDir, Path logFile, List<String> args, Process[] process) {
        public boolean alive() {
            return process[0] != null && process[0].isAlive();
        }
    }

    public TestCluster() throws IOException {
        dir = Files.createTempDirectory("kvnode-it-");
    }

    public Path dir() {
        return dir;
    }

    /**
     * One node named "solo" on a free port, leading a cluster of itself, for tests of what a
     * single node does; returns its port.
     */
    public int startSoloLeader(String... extraArgs) throws Exception {
        int port = dev.chaoskv.common.FreePorts.one();
        start("solo", port, extraArgs);
        await("solo leads", Duration.ofSeconds(20), () -> "solo".equals(leader()));
        return port;
    }

    /** Starts a node with {@code --port port --data-dir <dir>/name} plus {@code extraArgs}. */
    public NodeProc start(String name, int port, String... extraArgs) throws IOException {
        Path data = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--data-dir", data.toString()));
        args.addAll(Arrays.asList(extraArgs));
        NodeProc n = new NodeProc(name, port, data, dir.resolve(name + ".log"), args, new Process[1]);
        nodes.put(name, n);
        launch(n);
        return n;
    }

    private void launch(NodeProc n) throws IOException {
        n.process()[0] = LAUNCHER.start(n.args(), n.logFile());
    }

    /** kill -9: no shutdown hook runs, nothing unsynced survives. */
    public void kill(String name) throws InterruptedException {
        NodeProc n = nodes.get(name);
        Process p = n.process()[0];
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    public void restart(String name) throws IOException {
        NodeProc n = nodes.get(name);
        if (n.alive()) throw new IllegalStateException(name + " is still running");
        launch(n);
    }

    public NodeProc node(String name) {
        return nodes.get(name);
    }

    public String log(String name) throws IOException {
        Path f = nodes.get(name).logFile();
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** Clients of {@link #client}, {@link #status} and {@link #leader} speak TLS with {@code tls} from now on (null: plaintext). */
    public void clientTls(SSLContext tls) {
        this.clientTls = tls;
    }

    public KvClient client(String name) {
        return new KvClient(new InetSocketAddress("127.0.0.1", nodes.get(name).port()), Map.of(),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 3, clientTls);
    }

    /** STATUS of a node, or null if it does not answer. */
    public JsonNode status(String name) {
        try (KvClient c = client(name)) {
            return JSON.readTree(c.status());
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs {@code bin/kv --port <port> args...}; returns exit code and output. */
    public CliResult kv(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(RepoRoot.path().resolve("bin/kv").toString(), "--port", String.valueOf(nodes.get(name).port())));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/kv " + String.join(" ", args) + " did not finish");
        }
        return new CliResult(p.exitValue(), out.trim());
    }

    public record CliResult(int exit, String output) {
    }

    /** Waits until {@code condition} holds, failing with {@code what} and the node logs after {@code timeout}. */
    public void await(String what, Duration timeout, BooleanSupplier condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(50);
        }
        StringBuilder logs = new StringBuilder();
        for (String n : nodes.keySet()) logs.append("\n--- ").append(n).append(" ---\n").append(tail(log(n), 4000));
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what + logs);
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }

    /** Name of the node that reports itself leader and is acknowledged by every other live node, or null. */
    public String leader() {
        String leader = null;
        for (String n : nodes.keySet()) {
            if (!nodes.get(n).alive()) continue;
            JsonNode s = status(n);
            if (s == null) return null;
            if ("leader".equals(s.path("role").asText())) {
                if (leader != null) return null;
                leader = n;
            }
        }
        return leader;
    }

    public String awaitLeader(Duration timeout) throws IOException, InterruptedException {
        String[] found = new String[1];
        await("a leader", timeout, () -> (found[0] = leader()) != null);
        return found[0];
    }

    @Override
    public void close() throws IOException {
        for (NodeProc n : nodes.values()) {
            Process p = n.process()[0];
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (Boolean.getBoolean("kvnode.it.keep")) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
