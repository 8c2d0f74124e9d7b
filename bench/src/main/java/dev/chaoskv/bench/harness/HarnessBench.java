package dev.chaoskv.bench.harness;

import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.history.HistoryReader;
import dev.chaoskv.checker.history.Operation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bin/bench harness}: what the chaos runner costs the system under test. Runs
 * {@code chaos run} with no faults and no rate limit, alternately with {@code --direct} (clients
 * and nodes connected directly) and through the embedded Toxiproxy, and compares the
 * acknowledged operations per second after a warm-up, read back from each run's history.
 * The order within a round flips every round, so that drift in background load hits both alike.
 */
@Command(name = "harness", mixinStandardHelpOptions = true,
        description = {"Throughput of `chaos run` through the embedded Toxiproxy vs. --direct, alternating,",
                "with the CPU time of the runner JVM and of the node JVMs per operation acknowledged in the window."})
public final class HarnessBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Pairs of runs (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16", description = "Closed-loop clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3", description = "Seconds of each run not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20", description = "Seconds counted after the warm-up (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--chaos-jar", paramLabel = "JAR",
            description = "The runner to measure (default: chaos-runner/target/chaos.jar of this checkout).")
    Path chaosJar;

    @Option(names = "--client-links", paramLabel = "proxy|direct",
            description = "How the clients of the runs through Toxiproxy reach the nodes (chaos run --client-links; default: the runner's, direct).")
    String clientLinks;

    @Option(names = "--runner-jvm-opt", paramLabel = "OPT", description = "A JVM option of the runner (repeatable).")
    List<String> runnerJvmOpts = new ArrayList<>();

    @Option(names = "--node-jvm-opt", paramLabel = "OPT",
            description = "A JVM option of the nodes (repeatable; default: -XX:+UseParallelGC -Xmx1g, as in docs/BENCHMARKS.md).")
    List<String> nodeJvmOpts;

    /** One run's figures. */
    record Result(boolean direct, double okPerSecond, double runnerCpuSeconds, double nodeCpuSeconds, long okInWindow,
                  String load) {
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || clients < 1 || warmup < 0 || duration < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rounds, --clients and --duration must be positive and --warmup not negative");
        }
        Path jar = chaosJar != null ? chaosJar : defaultChaosJar();
        if (!Files.isRegularFile(jar)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no runner jar at " + jar
                    + " (build it: ./mvnw -q -pl chaos-runner -am package -DskipTests, or pass --chaos-jar)");
        }
        List<String> nodeOpts = nodeJvmOpts != null ? nodeJvmOpts : List.of("-XX:+UseParallelGC", "-Xmx1g");
        System.out.printf(Locale.ROOT, "runner %s; %d clients, --workload set, ok/s counted from %d s to %d s%n",
                jar, clients, warmup, warmup + duration);
        List<Result> direct = new ArrayList<>();
        List<Result> proxied = new ArrayList<>();
        Path work = Files.createTempDirectory("bench-harness");
        try {
            for (int r = 1; r <= rounds; r++) {
                boolean directFirst = r % 2 == 1;
                for (boolean d : new boolean[] {directFirst, !directFirst}) {
                    Result res = runOnce(jar, nodeOpts, d, work.resolve("r" + r + (d ? "-direct" : "-proxy")));
                    (d ? direct : proxied).add(res);
                    System.out.printf(Locale.ROOT,
                            "round %d %-7s %8.1f ok/s   runner CPU %6.1f µs/op   node CPU %6.1f µs/op   (load %s)%n",
                            r, d ? "direct" : "proxy", res.okPerSecond(), perOp(res.runnerCpuSeconds(), res),
                            perOp(res.nodeCpuSeconds(), res), res.load());
                }
            }
        } finally {
            deleteTree(work);
        }
        double d = median(direct.stream().mapToDouble(Result::okPerSecond).toArray());
        double p = median(proxied.stream().mapToDouble(Result::okPerSecond).toArray());
        System.out.printf(Locale.ROOT, "median: direct %.1f ok/s, proxy %.1f ok/s: the proxy costs %.1f %%%n",
                d, p, 100 * (1 - p / d));
        System.out.printf(Locale.ROOT, "per round (proxy vs. the direct run of the same round): %s%n",
                String.join(", ", perRound(direct, proxied)));
        return 0;
    }

    private Result runOnce(Path jar, List<String> nodeOpts, boolean direct, Path results)
            throws IOException, InterruptedException, CheckerInputException {
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        List<String> cmd = new ArrayList<>(List.of(javaBinary()));
        cmd.addAll(runnerJvmOpts);
        cmd.addAll(List.of("-cp", jar.toString(), "dev.chaoskv.chaos.cli.ChaosMain", "run", "--nemesis", "none",
                "--rate", "0", "--concurrency", String.valueOf(clients), "--workload", "set",
                "--time-limit", (warmup + duration) + "s", "--results-dir", results.toString()));
        if (direct) {
            cmd.add("--direct");
        } else if (clientLinks != null) {
            cmd.add("--client-links=" + clientLinks);
        }
        nodeOpts.forEach(o -> cmd.add("--node-jvm-opt=" + o));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(results.resolveSibling(results.getFileName() + ".log").toFile()).start();
        // The load starts when the runner creates history.jsonl; CPU is read (while the processes
        // live: afterwards it is gone) at the start and the end of the counted window.
        long loadStart = -1;
        double[] atWindowStart = null;
        double[] atWindowEnd = null;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            if (loadStart < 0 && findHistory(results) != null) {
                loadStart = now;
            }
            if (loadStart >= 0 && atWindowStart == null && now - loadStart >= warmup * 1_000_000_000L) {
                atWindowStart = cpuSeconds(p);
            }
            if (loadStart >= 0 && atWindowEnd == null && now - loadStart >= (warmup + duration) * 1_000_000_000L) {
                atWindowEnd = cpuSeconds(p);
            }
        }
        if (p.exitValue() != 0) {
            throw new IOException("chaos run exited " + p.exitValue() + "; see " + results + ".log");
        }
        Path history = findHistory(results);
        if (history == null || atWindowStart == null || atWindowEnd == null) {
            throw new IOException("the run ended before its counted window did; see " + results + ".log");
        }
        long from = warmup * 1_000_000_000L;
        long to = (warmup + duration) * 1_000_000_000L;
        List<Operation> ops = HistoryReader.read(history).operations();
        long ok = ops.stream().filter(o -> o.isOk() && o.completeTime() >= from && o.completeTime() < to).count();
        return new Result(direct, ok / (double) duration, atWindowEnd[0] - atWindowStart[0],
                atWindowEnd[1] - atWindowStart[1], ok, load);
    }

    /** {runner JVM, node JVMs} CPU seconds so far. */
    private static double[] cpuSeconds(Process runner) {
        double own = runner.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        double nodes = runner.toHandle().descendants()
                .mapToDouble(h -> h.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
        return new double[] {own, nodes};
    }

    private static Path findHistory(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            return null;
        }
        try (Stream<Path> runs = Files.list(results)) {
            return runs.filter(d -> Files.isDirectory(d) && !Files.isSymbolicLink(d)).map(d -> d.resolve("history.jsonl"))
                    .filter(Files::isRegularFile).findFirst().orElse(null);
        }
    }

    /** CPU in the counted window per operation acknowledged in it, in µs. */
    private static double perOp(double cpuSeconds, Result r) {
        return r.okInWindow() == 0 ? 0 : cpuSeconds * 1e6 / r.okInWindow();
    }

    private static List<String> perRound(List<Result> direct, List<Result> proxied) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < direct.size(); i++) {
            out.add(String.format(Locale.ROOT, "%.1f %%", 100 * (1 - proxied.get(i).okPerSecond() / direct.get(i).okPerSecond())));
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** chaos-runner/target/chaos.jar beside the module this class was loaded from (bench/target/bench.jar). */
    private static Path defaultChaosJar() throws URISyntaxException {
        Path here = Path.of(HarnessBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path moduleTarget = here.getParent(); // of target/classes or target/bench.jar
        return moduleTarget.getParent().getParent().resolve("chaos-runner").resolve("target").resolve("chaos.jar");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
