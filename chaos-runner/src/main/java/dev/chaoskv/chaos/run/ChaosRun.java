package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.load.LoadStats;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.nemesis.Nemesis;
import dev.chaoskv.chaos.nemesis.NemesisSchedule;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.nemesis.fault.Targets;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.observe.LagSampler;
import dev.chaoskv.chaos.results.FinalStateCollector;
import dev.chaoskv.chaos.results.Outcome;
import dev.chaoskv.chaos.results.ResultsFolder;
import dev.chaoskv.chaos.results.RunEnvironment;
import dev.chaoskv.chaos.results.html.IndexPage;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.verdict.Summary;
import dev.chaoskv.checker.verdict.Verdict;

import dev.chaoskv.common.tls.TlsSetupException;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chaos run, start to finish: Toxiproxy, cluster, load, nemesis, heal, final state, check,
 * results folder. Every resource is handed to a {@link Teardown} as soon as it exists, which
 * releases it on the normal path, on errors and from a shutdown hook (Ctrl-C).
 */
public final class ChaosRun {
    public static final int EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_UNKNOWN = 2, EXIT_HARNESS = 3;

    private final RunConfig cfg;
    private final ConsoleLog console;
    private final PrintStream out;
    private final PrintStream err;
    private final Deployment deployment;
    /** The run's folder once it exists. */
    private volatile Path runDir;

    public ChaosRun(RunConfig cfg, PrintStream out, PrintStream err) {
        this(cfg, new LocalDeployment(cfg), out, err);
    }

    /** A run on the given deployment (local processes, or an inventory's hosts). */
    public ChaosRun(RunConfig cfg, Deployment deployment, PrintStream out, PrintStream err) {
        this.cfg = cfg;
        this.deployment = deployment;
        this.console = new ConsoleLog(out, err);
        this.out = console.out();
        this.err = console.err();
    }

    /** A failure of the harness itself (exit 3), with a message for the operator. */
    public static final class HarnessException extends Exception {
        public HarnessException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The run's results folder, once {@link #run} has created it (empty if it failed before). */
    public java.util.Optional<Path> runDir() {
        return java.util.Optional.ofNullable(runDir);
    }

    public int run() {
        Teardown teardown = new Teardown(err);
        Thread hook = new Thread(() -> teardown.interrupted(), "chaos-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return execute(teardown);
        } catch (HarnessException e) {
            if (teardown.signalled()) return EXIT_HARNESS;
            err.println("error: " + e.getMessage());
            teardown.abort("harness failure: " + e.getMessage());
            return EXIT_HARNESS;
        } catch (InterruptedException e) {
            teardown.abort("interrupted");
            return EXIT_HARNESS;
        } catch (IOException | RuntimeException e) {
            if (teardown.signalled()) return EXIT_HARNESS;
            err.println("error: the harness failed: " + e);
            e.printStackTrace(err);
            teardown.abort("harness failure: " + e);
            return EXIT_HARNESS;
        } finally {
            console.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down: the hook is running
            }
        }
    }

    private int execute(Teardown td) throws HarnessException, IOException, InterruptedException {
        Instant startedAt = Instant.now();
        // 1. TLS material and the network first: a bad store or a wrong --toxiproxy-url must fail before anything is started.
        SSLContext tls = clientTls();
        NetworkFaults network = deployment.openNetwork();
        td.network = network;

        // 2. The run folder and the ledger (before any fault can exist).
        Path resultsDir = cfg.output().resultsDir();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        Path runDir;
        FaultLedger ledger;
        try {
            Files.createDirectories(resultsDir);
            // Absolute: node command lines name it, which is how `chaos heal` recognises the run's processes.
            runDir = ResultsFolder.create(resultsDir.toAbsolutePath(), stamp + "-" + cfg.identity().name());
            ledger = new FaultLedger(runDir, resultsDir);
        } catch (IOException e) {
            throw new HarnessException("cannot write the results folder " + resultsDir.toAbsolutePath() + ": "
                    + ResultsFolder.whyUnwritable(resultsDir, e), e);
        }
        td.runDir = runDir;
        this.runDir = runDir;
        td.ledger = ledger;
        console.attach(runDir.resolve("console.log"));
        Map<String, Object> record = new LinkedHashMap<>(Map.of("runnerPid", ProcessHandle.current().pid(),
                "runDir", runDir.toAbsolutePath().toString()));
        record.putAll(deployment.ledgerRecord(network));
        ledger.append("run", record);
        out.println("results: " + runDir);

        // 3. Links, then nodes whose peers are the links.
        ClusterPlan plan = deployment.plan(cfg.nodes().count());
        Path nodesDir = runDir.resolve("nodes");
        Cluster cluster = deployment.cluster(plan, nodesDir, ledger);
        td.cluster = cluster;
        Map<String, HostPort> links;
        try {
            links = network.wire(plan, cluster.addresses(), names -> ledger.append("proxies", Map.of("names", names)));
        } catch (IOException e) {
            throw new HarnessException(e.getMessage(), e);
        }
        String firstLeader = ClusterStart.launch(cluster, network, links, nodesDir, out, tls);
        FinalStateCollector collector = new FinalStateCollector(cluster.addresses(), tls);
        out.printf("cluster: %d nodes up, leader %s; %s%n", plan.size(), firstLeader, network.describe());

        // 4. Load, sampler, nemesis, status line.
        long start = System.nanoTime();
        HistoryWriter history = new HistoryWriter(runDir.resolve(Checker.HISTORY), start, 100);
        td.history = history;
        LagSampler sampler = new LagSampler(runDir.resolve(Checker.LAG), cluster.addresses(),
                cfg.observation().sampleInterval(), history::now, tls);
        td.sampler = sampler;
        sampler.start();
        LoadStats stats = new LoadStats();
        LoadDriver load = new LoadDriver(cfg.load(), cfg.identity().seed(), clientDirectory(plan, links, cluster.addresses()), history, stats, tls);
        td.load = load;
        List<FaultKind.Skipped> unsupported = NetworkSupport.unsupported(cfg.faults().kinds(), network);
        NemesisSchedule schedule = NemesisSchedule.generate(NetworkSupport.without(cfg.schedulePlan(plan.nodeIds()), unsupported));
        Nemesis nemesis = new Nemesis(schedule, new Targets(plan, sampler::leaderId, cfg.identity().seed()), cluster, network,
                ledger, history);
        td.nemesis = nemesis;
        cfg.skippedFaults(plan.nodeIds()).forEach(nemesis::skip);
        deployment.skippedFaults().forEach(nemesis::skip);
        unsupported.forEach(nemesis::skip);
        Thread nemesisThread = new Thread(nemesis, "nemesis");
        nemesisThread.setDaemon(true);
        td.nemesisThread = nemesisThread;
        load.start();
        nemesisThread.start();
        out.printf("running %s workload for %d s: concurrency %d, rate %s, %d fault windows (seed %d)%n",
                cfg.load().workloadName(), cfg.load().timeLimit().toSeconds(), cfg.load().concurrency(),
                cfg.load().rateText(), schedule.windows().size(), cfg.identity().seed());
        for (FaultKind.Skipped s : nemesis.skipped()) out.println("skipped fault " + s.fault() + ": " + s.reason());
        StatusLine status = new StatusLine(out, stats, sampler, nemesis, history::now);
        long end = start + cfg.load().timeLimit().toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            if (!cfg.output().quiet()) status.print();
        }

        // 5. Stop the load (operations in flight finish or time out), then heal.
        load.stop();
        long loadEnd = history.now();
        List<String> healProblems = td.heal();
        out.println(healProblems.isEmpty() ? "healed: no toxic left, every proxy enabled, every node running and resumed"
                : "heal problems: " + healProblems);

        // 6. Convergence, final state.
        FinalStateCollector.Convergence conv = collector.awaitConvergence(cfg.observation().convergeTimeout(), history::now,
                sampler::record);
        // No figure here: time to converge is the checker's, from lag.jsonl, printed with the verdict.
        out.println(conv.converged() ? "converged after heal (leader " + conv.leader() + ")"
                : "did not converge within " + cfg.observation().convergeTimeout().toSeconds() + " s: " + conv.detail());
        String finalLeader = collector.collect(runDir.resolve(Checker.FINAL), load.touchedKeys(), history::now);
        sampler.close();
        history.close();
        Outcome.Operations operations = new Outcome.Operations(stats, loadEnd, history.events());
        Outcome.Lag lag = new Outcome.Lag(sampler.lagHistograms(), sampler.points());
        Instant endedAt = Instant.now();
        Outcome.Faults faults = new Outcome.Faults(nemesis.spans(), nemesis.injected(), nemesis.skipped(), healProblems);
        td.stopEverything();

        // 7. Check, write the results, print the verdict.
        Verdict verdict;
        try {
            verdict = new Checker().check(runDir, CheckOptions.defaults().withTimeLimit(cfg.observation().checkTimeLimit()));
        } catch (CheckerInputException e) {
            throw new HarnessException("the checker could not read the run: " + e.getMessage(), e);
        }
        Checker.writeResults(verdict, runDir);
        String summary = Summary.render(verdict);
        Outcome.Toxiproxy toxiproxy = new Outcome.Toxiproxy(network.url(), network.version(),
                cfg.network().toxiproxyUrl() == null && !cfg.network().direct());
        Outcome outcome = new Outcome(cfg, RunEnvironment.current(), new Outcome.Times(startedAt, endedAt),
                new Outcome.Layout(plan, cluster.addresses(), links), toxiproxy, operations, lag, faults,
                new Outcome.FinalState(conv, finalLeader), new Outcome.Check(verdict, summary));
        ResultsFolder.write(runDir, outcome, deployment.runJson());
        ResultsFolder.pointLatest(resultsDir, runDir);
        IndexPage.rebuild(resultsDir);
        if (verdict.exitCode() == EXIT_VALID) cluster.discardData();
        // A heal that left something behind keeps .active-run, so that `chaos heal` finds the run.
        if (healProblems.isEmpty()) ledger.finished();
        ledger.close();
        td.done();
        out.println();
        out.print(summary);
        out.print(ResultsFolder.keyNumbers(outcome));
        out.println("results: " + runDir.toAbsolutePath());
        return verdict.exitCode();
    }

    /** The runner's side of --tls-cert-store (its clients present the nodes' certificate); null without TLS. */
    private SSLContext clientTls() throws HarnessException {
        if (cfg.network().tls() == null) return null;
        try {
            return cfg.network().tls().context();
        } catch (TlsSetupException e) {
            throw new HarnessException(e.getMessage(), e);
        }
    }

    /** Node id -> where clients reach it: its client link, or the node itself if clients have no proxy. */
    private static Map<String, InetSocketAddress> clientDirectory(ClusterPlan plan, Map<String, HostPort> links, Map<String, HostPort> nodes) {
        Map<String, InetSocketAddress> directory = new LinkedHashMap<>();
        for (String id : plan.nodeIds()) {
            HostPort via = links.get(ClusterPlan.clientProxy(id));
            directory.put(id, (via != null ? via : nodes.get(id)).socket());
        }
        return directory;
    }
}
