package dev.chaoskv.bench.checker;

import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.cli.CheckerMain;
import dev.chaoskv.common.DurationParser;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.convergence.ConvergenceChecker;
import dev.chaoskv.checker.convergence.TimeToConverge;
import dev.chaoskv.checker.durability.DurabilityChecker;
import dev.chaoskv.checker.gen.GeneratedRun;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.gen.StaleReadPlanter;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryReader;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.state.StateFiles;
import dev.chaoskv.checker.verdict.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "checker", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = CheckerMain.EXIT_USAGE,
        exitCodeOnExecutionException = CheckerMain.EXIT_BAD_INPUT,
        description = {"Measure the checker on generated histories (correct register store, 1%% crashes).",
                "Scenarios:",
                "  100k        100,000 ops, 100 keys, 20 processes",
                "  1m          1,000,000 ops, 1,000 keys, 64 processes (JAVA_OPTS=-Xmx2g)",
                "  onekey      5,000 ops, 1 key, 32 processes, 20 crashed writes unobserved",
                "  hotkey      100,000 ops, 1 key, 32 processes (one long key history)",
                "  durability  durability + convergence on 1,000,000 ops in memory",
                "  stale20k    20,000 ops, 2 keys, 64 processes, no crashes, 9 planted stale reads",
                "  stale300k   300,000 ops, 2 keys, 64 processes, no crashes, 9 planted stale reads",
                "  stale1m     the 1m history with 9 planted stale reads (JAVA_OPTS=-Xmx2g)",
                "End-to-end figures include reading history.jsonl and final.json."},
        footer = {"", "Exit codes:", "  0   done", "  3   the benchmark failed (the error on stderr)", "  64  bad usage"})
public final class CheckerBench implements Callable<Integer> {
    /** Stale reads planted by the stale* scenarios (the count of the case reported in issue 12). */
    private static final int STALE_READS = 9;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",", defaultValue = "100k,onekey,durability",
            description = "Comma-separated: 100k, 1m, onekey, hotkey, durability, stale20k, stale300k, stale1m"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Measured runs per scenario (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", description = "Unmeasured warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s", converter = DurationParser.class,
            description = "Time limit passed to each check (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Write each scenario's history.jsonl and final.json to DIR/<scenario>/ and keep them"
                    + " (e.g. to time a cold `bin/checker check` on them); default: a temporary folder, removed.")
    Path keep;

    @Override
    public Integer call() throws Exception {
        System.out.printf(Locale.ROOT, "checker bench: %d CPUs, max heap %d MiB, java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        for (String s : scenarios) {
            switch (s.trim()) {
                case "100k" -> endToEnd("100k", GeneratorConfig.of(100_000, 100, 20, 0.01, seed));
                case "1m" -> endToEnd("1m", GeneratorConfig.of(1_000_000, 1_000, 64, 0.01, seed));
                case "onekey" -> endToEnd("onekey", GeneratorConfig.of(5_000, 1, 32, 0, seed)
                        .withExactCrashedWrites(20, 0.0));
                case "hotkey" -> endToEnd("hotkey", GeneratorConfig.of(100_000, 1, 32, 0.01, seed));
                case "durability" -> durability(GeneratorConfig.of(1_000_000, 1_000, 64, 0.01, seed));
                case "stale20k" -> endToEnd("stale20k", GeneratorConfig.of(20_000, 2, 64, 0, seed), STALE_READS);
                case "stale300k" -> endToEnd("stale300k", GeneratorConfig.of(300_000, 2, 64, 0, seed), STALE_READS);
                case "stale1m" -> endToEnd("stale1m", GeneratorConfig.of(1_000_000, 1_000, 64, 0.01, seed), STALE_READS);
                default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "unknown scenario '" + s + "' (100k, 1m, onekey, hotkey, durability, stale20k, stale300k, stale1m)");
            }
        }
        return 0;
    }

    private void endToEnd(String name, GeneratorConfig config) throws IOException, CheckerInputException {
        endToEnd(name, config, 0);
    }

    /** Checks a generated history end to end; with {@code staleReads} > 0, that many reads are made stale first. */
    private void endToEnd(String name, GeneratorConfig config, int staleReads) throws IOException, CheckerInputException {
        Path dir = keep != null ? Files.createDirectories(keep.resolve(name))
                : Files.createTempDirectory("checker-bench-" + name);
        try {
            GeneratedRun run = RegisterHistoryGenerator.generate(config);
            History history = run.history();
            if (staleReads > 0) {
                StaleReadPlanter.Planted planted = StaleReadPlanter.plant(history.operations(), staleReads);
                history = History.of(planted.operations());
                System.out.printf(Locale.ROOT, "%n[%s] planted %d stale reads (operation ids %s)", name,
                        planted.staleReads().size(), planted.staleReads());
            }
            HistoryWriter.write(history, dir.resolve(Checker.HISTORY));
            StateFiles.writeFinal(run.finalState(), dir.resolve(Checker.FINAL));
            long crashed = history.operations().stream().filter(o -> o.isInfo()).count();
            System.out.printf(Locale.ROOT, "%n[%s] %,d ops, %d keys, %d processes, %d crashed (info); history %.1f MiB%n",
                    name, config.operations(), config.keys(), config.processes(), crashed,
                    Files.size(dir.resolve(Checker.HISTORY)) / 1048576.0);
            run = null; // let the generated copies go before measuring
            history = null;
            CheckOptions options = CheckOptions.defaults().withTimeLimit(timeLimit);
            double[] totals = new double[runs];
            double[] linear = new double[runs];
            Verdict last = null;
            for (int i = 0; i < warmup + runs; i++) {
                System.gc();
                long t0 = System.nanoTime();
                Verdict v = new Checker().check(dir, options);
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    totals[i - warmup] = (t1 - t0) / 1e9;
                    linear[i - warmup] = v.linearizability().elapsedNanos() / 1e9;
                }
                last = v;
            }
            long p0 = System.nanoTime();
            int parsed = HistoryReader.read(dir.resolve(Checker.HISTORY)).operations().size();
            double parseSeconds = (System.nanoTime() - p0) / 1e9;
            System.out.printf(Locale.ROOT, "[%s] reading history.jsonl alone (%,d ops): %.3f s%n", name, parsed,
                    parseSeconds);
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "[%s] verdict %s; end-to-end (parse + all checks) median %.3f s, min %.3f s"
                            + " over %d runs; linearizability alone median %.3f s; %d of %d keys decided by the"
                            + " unique-value pass; %d search states explored; heap in use after %d MiB%n",
                    name, last.valid(), median(totals), Arrays.stream(totals).min().orElse(0), runs, median(linear),
                    last.linearizability().keysByUniqueValuePass(), last.linearizability().keys(),
                    last.linearizability().statesExplored(), (rt.totalMemory() - rt.freeMemory()) >> 20);
            System.out.println("[" + name + "] pre-pass: " + last.linearizability().prePass());
            last.linearizability().violations().stream().findFirst().ifPresent(c -> System.out.println(
                    "[" + name + "] first violation (" + c.kind() + "): " + c.sentence()));
            last.linearizability().unknownKeys().stream().findFirst().ifPresent(u -> System.out.println(
                    "[" + name + "] unknown: " + u.key() + " (" + u.operations() + " ops): " + u.reason()));
        } finally {
            if (keep != null) {
                System.out.println("[" + name + "] kept in " + dir);
            } else {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private void durability(GeneratorConfig config) {
        GeneratedRun run = RegisterHistoryGenerator.generate(config);
        var ops = run.history().operations();
        Map<String, String> data = run.finalState().authoritativeData().orElseThrow();
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            var d = new DurabilityChecker().check(ops, data, "generated");
            var c = new ConvergenceChecker().check(run.finalState(), TimeToConverge.compute(List.of(), OptionalLong.empty()));
            long t1 = System.nanoTime();
            if (!d.findings().isEmpty() || !c.mismatches().isEmpty()) {
                throw new IllegalStateException("generated run should be durable and converged: " + d.findings());
            }
            if (i >= warmup) {
                rates.add(ops.size() / ((t1 - t0) / 1e9));
            }
        }
        double[] r = rates.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "%n[durability] %,d ops, %d keys: durability + convergence checks (in memory, parse"
                + " excluded) median %,.0f ops/s over %d runs%n", ops.size(), config.keys(), median(r), runs);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }
}
