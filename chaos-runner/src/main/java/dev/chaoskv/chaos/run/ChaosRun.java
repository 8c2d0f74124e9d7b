package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.cluster.HostPort;
import dev.chaoskv.chaos.cluster.LocalCluster;
import dev.chaoskv.chaos.load.ClientWorker;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.load.LoadStats;
import dev.chaoskv.chaos.load.RateLimiter;
import dev.chaoskv.chaos.load.Workload;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.nemesis.Nemesis;
import dev.chaoskv.chaos.nemesis.NemesisSchedule;
import dev.chaoskv.chaos.nemesis.fault.Targets;
import dev.chaoskv.chaos.observe.LagSampler;
import dev.chaoskv.chaos.results.FinalStateCollector;
import dev.chaoskv.chaos.network.DirectLinks;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.results.ResultsFolder;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.verdict.Summary;
import dev.chaoskv.checker.verdict.Verdict;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One chaos run, start to finish: Toxiproxy, cluster, load, nemesis, heal, final state, check,
 * results folder. Every resource is released by {@link Teardown}, which also runs from a
 * shutdown hook (Ctrl-C) and on errors, so a run never leaves a toxic, a paused node or an
 * orphaned process behind.
 */
public final class ChaosRun {
    public static final int EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_UNKNOWN = 2, EXIT_HARNESS = 3;

    private final RunConfig cfg;
    private final PrintStream out;
    private final PrintStream err;

    public ChaosRun(RunConfig cfg, PrintStream out, PrintStream err) {
        this.cfg = cfg;
        this.out = out;
        this.err = err;
    }

    /** A failure of the harness itself (exit 3), with a message for the operator. */
    public static final class HarnessException extends Exception {
        public HarnessException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public NemesisSchedule schedule(ClusterPlan plan) {
        return NemesisSchedule.generate(cfg.schedulePlan(plan.nodeIds()));
    }

    /** {@code --dry-run}: the cluster plan and the fault schedule for the seed; runs nothing. */
    public int dryRun() {
        ClusterPlan plan = ClusterPlan.of(cfg.nodes().count());
        out.printf("cluster: %s, Toxiproxy %s%n", LocalCluster.describe(plan),
                cfg.network().toxiproxyUrl() == null ? "embedded" : cfg.network().toxiproxyUrl());
        for (String id : plan.nodeIds()) {
            out.printf("  %s: --peers through %s; clients through %s%n", id,
                    String.join(", ", plan.nodeIds().stream().filter(p -> !p.equals(id)).map(p -> ClusterPlan.peerProxy(id, p)).toList()),
                    ClusterPlan.clientProxy(id));
        }
        if (!cfg.nodes().kvnodeArgs().isEmpty()) out.println("  extra kvnode flags: " + String.join(" ", cfg.nodes().kvnodeArgs()));
        out.printf("proxies: %d (%d peer links, %d client)%n", plan.proxies().size(), plan.peerProxies().size(), plan.size());
        out.printf("load: %s workload, %d keys, concurrency %d, rate %s, %d s%n", cfg.load().workload().name().toLowerCase(),
                cfg.load().keys(), cfg.load().concurrency(), cfg.load().rate() <= 0 ? "unlimited" : String.format("%.0f/s", cfg.load().rate()),
                cfg.load().timeLimit().toSeconds());
        out.printf("schedule (seed %d, interval %.1f s, max faulty %d):%n", cfg.identity().seed(),
                cfg.faults().interval().toMillis() / 1000.0, cfg.faults().maxFaulty());
        out.print(schedule(plan).render());
        return EXIT_VALID;
    }

    public int run() {
        Teardown teardown = new Teardown(err);
        Thread hook = new Thread(() -> teardown.interrupted(), "chaos-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return execute(teardown);
        } catch (HarnessException e) {
            err.println("error: " + e.getMessage());
            teardown.abort("harness failure: " + e.getMessage());
            return EXIT_HARNESS;
        } catch (InterruptedException e) {
            teardown.abort("interrupted");
            return EXIT_HARNESS;
        } catch (IOException | RuntimeException e) {
            err.println("error: the harness failed: " + e);
            e.printStackTrace(err);
            teardown.abort("harness failure: " + e);
            return EXIT_HARNESS;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down: the hook is running
            }
        }
    }

    private int execute(Teardown td) throws HarnessException, IOException, InterruptedException {
        Instant startedAt = Instant.now();
        // 1. Toxiproxy first: a wrong --toxiproxy-url must fail before anything is started.
        NetworkFaults network = openNetwork();
        td.network = network;

        // 2. The run folder and the ledger (before any fault can exist).
        Files.createDirectories(cfg.output().resultsDir());
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        // Absolute: node command lines name it, which is how `chaos heal` recognises the run's processes.
        Path runDir = ResultsFolder.create(cfg.output().resultsDir().toAbsolutePath(), stamp + "-" + cfg.identity().name());
        td.runDir = runDir;
        FaultLedger ledger = new FaultLedger(runDir, cfg.output().resultsDir());
        td.ledger = ledger;
        ledger.append("run", Map.of("runnerPid", ProcessHandle.current().pid(), "toxiproxyUrl", network.url(),
                "embedded", cfg.network().toxiproxyUrl() == null, "runDir", runDir.toAbsolutePath().toString()));
        out.println("results: " + runDir);

        // 3. Proxies, then nodes whose peers are the proxies.
        ClusterPlan plan = ClusterPlan.of(cfg.nodes().count());
        Path nodesDir = runDir.resolve("nodes");
        Cluster cluster = LocalCluster.onFreePorts(plan, nodesDir, cfg.nodes().jvmOptions(), cfg.nodes().kvnodeArgs(),
                (id, pid) -> ledger.append("node-started", Map.of("node", id, "pid", pid)));
        td.cluster = cluster;
        Map<String, HostPort> nodeAddresses = cluster.addresses();
        Map<String, HostPort> listen;
        try {
            listen = network.wire(plan, nodeAddresses, names -> ledger.append("proxies", Map.of("names", names)));
        } catch (IOException e) {
            throw new HarnessException(e.getMessage(), e);
        }
        cluster.launch(listen);
        FinalStateCollector collector = new FinalStateCollector(nodeAddresses);
        String firstLeader = awaitLeader(collector, cluster, nodesDir);
        out.printf("cluster: %d nodes up, leader %s; %s%n", plan.size(), firstLeader, network.describe());

        // 4. Load, sampler, nemesis, status line.
        long start = System.nanoTime();
        HistoryWriter history = new HistoryWriter(runDir.resolve(Checker.HISTORY), start, 100);
        td.history = history;
        LagSampler sampler = new LagSampler(runDir.resolve(Checker.LAG), nodeAddresses, cfg.observation().sampleInterval(), history::now);
        td.sampler = sampler;
        sampler.start();
        LoadStats stats = new LoadStats();
        AtomicBoolean stop = new AtomicBoolean();
        td.stopLoad = stop;
        Map<String, InetSocketAddress> directory = new LinkedHashMap<>();
        for (String id : plan.nodeIds()) directory.put(id, listen.get(ClusterPlan.clientProxy(id)).socket());
        Set<String> addedKeys = ConcurrentHashMap.newKeySet();
        ClientWorker.Shared shared = new ClientWorker.Shared(new Workload(cfg.load().workload(), cfg.load().keys()), history, stats,
                new RateLimiter(cfg.load().rate()), new AtomicInteger(), new ConcurrentHashMap<>(), addedKeys, directory,
                cfg.load().opTimeout(), stop);
        List<Thread> workers = new ArrayList<>();
        List<InetSocketAddress> targets = new ArrayList<>(directory.values());
        for (int i = 0; i < cfg.load().concurrency(); i++) {
            Thread t = new Thread(new ClientWorker(shared, i, cfg.identity().seed(), targets.get(i % targets.size())), "client-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        NemesisSchedule schedule = schedule(plan);
        Nemesis nemesis = new Nemesis(schedule, new Targets(plan, sampler::leaderId, cfg.identity().seed()), cluster, network, ledger, history);
        td.nemesis = nemesis;
        Thread nemesisThread = new Thread(nemesis, "nemesis");
        nemesisThread.setDaemon(true);
        td.nemesisThread = nemesisThread;
        workers.forEach(Thread::start);
        nemesisThread.start();
        out.printf("running %s workload for %d s: concurrency %d, rate %s, %d fault windows (seed %d)%n",
                cfg.load().workload().name().toLowerCase(), cfg.load().timeLimit().toSeconds(), cfg.load().concurrency(),
                cfg.load().rate() <= 0 ? "unlimited" : String.format("%.0f/s", cfg.load().rate()), schedule.windows().size(), cfg.identity().seed());
        StatusLine status = new StatusLine(out, stats, sampler, nemesis, history::now);
        long end = start + cfg.load().timeLimit().toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            if (!cfg.output().quiet()) status.print();
        }

        // 5. Stop the load (operations in flight finish or time out), then heal.
        stop.set(true);
        for (Thread t : workers) t.join(cfg.load().opTimeout().toMillis() + 5000);
        long loadEnd = history.now();
        List<String> healProblems = td.heal();
        out.println(healProblems.isEmpty() ? "healed: no toxic left, every proxy enabled, every node running and resumed"
                : "heal problems: " + healProblems);

        // 6. Convergence, final state.
        FinalStateCollector.Convergence conv = collector.awaitConvergence(cfg.observation().convergeTimeout(), history::now);
        out.println(conv.converged() ? String.format("converged %.2f s after heal (leader %s)", conv.nanos() / 1e9, conv.leader())
                : "did not converge within " + cfg.observation().convergeTimeout().toSeconds() + " s: " + conv.detail());
        Set<String> keys = new java.util.TreeSet<>(addedKeys);
        if (cfg.load().workload() != Workload.Kind.SET) for (int i = 0; i < cfg.load().keys(); i++) keys.add(Workload.registerKey(i));
        String finalLeader = collector.collect(runDir.resolve(Checker.FINAL), keys, history::now);
        sampler.close();
        history.close();
        long historyEvents = history.events();
        Map<String, org.HdrHistogram.Histogram> lag = sampler.lagHistograms();
        Instant endedAt = Instant.now();
        int faults = nemesis.injected();
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
        ResultsFolder.Outcome outcome = new ResultsFolder.Outcome(cfg, startedAt, endedAt, plan, nodeAddresses, listen,
                network.version(), cfg.network().toxiproxyUrl() == null && !cfg.network().direct(), network.url(), verdict, summary, stats, lag, sampler.points(),
                nemesis.spans(), loadEnd, conv, finalLeader, faults, historyEvents, healProblems);
        ResultsFolder.write(runDir, outcome);
        ResultsFolder.pointLatest(cfg.output().resultsDir(), runDir);
        if (verdict.exitCode() == EXIT_VALID) cluster.discardData();
        ledger.finished();
        ledger.close();
        td.done();
        out.println();
        out.print(summary);
        out.print(ResultsFolder.keyNumbers(outcome));
        out.println("results: " + runDir.toAbsolutePath());
        return verdict.exitCode();
    }

    /** Toxiproxy (embedded unless --toxiproxy-url), or no network at all with --direct. */
    private NetworkFaults openNetwork() throws IOException, HarnessException {
        if (cfg.network().direct()) return new DirectLinks();
        try {
            return ToxiproxyFaults.open(cfg.network().toxiproxyUrl());
        } catch (ToxiproxyFaults.UnreachableException e) {
            throw new HarnessException(e.getMessage() + (cfg.network().toxiproxyUrl() != null
                    ? "; start Toxiproxy there, or leave out --toxiproxy-url to use the embedded one" : ""), e);
        }
    }

    private String awaitLeader(FinalStateCollector collector, Cluster cluster, Path nodesDir)
            throws HarnessException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String id : cluster.nodeIds()) {
                if (!cluster.running(id)) {
                    throw new HarnessException("node " + id + " exited at start-up with code " + cluster.exitCode(id)
                            + "; see " + cluster.logFile(id), null);
                }
            }
            var leader = collector.statuses(() -> 0).values().stream().filter(s -> s.isLeader()).findFirst();
            if (leader.isPresent()) return leader.get().node();
            Thread.sleep(100);
        }
        throw new HarnessException("no leader elected within 60 s; see the node logs under " + nodesDir, null);
    }

    /** Releases everything a run holds, once, from the normal path, an error, or Ctrl-C. */
    static final class Teardown {
        private final PrintStream err;
        volatile NetworkFaults network;
        volatile Path runDir;
        volatile FaultLedger ledger;
        volatile Cluster cluster;
        volatile HistoryWriter history;
        volatile LagSampler sampler;
        volatile AtomicBoolean stopLoad;
        volatile Nemesis nemesis;
        volatile Thread nemesisThread;
        private boolean healed, stopped, finished;

        Teardown(PrintStream err) {
            this.err = err;
        }

        /** Stops the nemesis and undoes every fault; records "heal" in the history and the ledger. */
        synchronized List<String> heal() throws InterruptedException {
            if (healed) return List.of();
            healed = true;
            List<String> problems = new ArrayList<>();
            if (nemesis != null) {
                nemesis.stop();
                if (nemesisThread != null) nemesisThread.join(15_000);
                nemesis.undo();
            }
            if (network != null) problems.addAll(network.healAll());
            if (cluster != null) problems.addAll(cluster.heal());
            // Verify rather than trust: no toxic, every proxy enabled, every node alive and not stopped.
            if (network != null) problems.addAll(network.verifyHealed());
            if (cluster != null) {
                for (String id : cluster.nodeIds()) {
                    if (!cluster.running(id)) problems.add(id + " not running");
                    else if (cluster.stopped(id)) problems.add(id + " still stopped");
                }
            }
            if (history != null) {
                try {
                    history.nemesis("heal", Map.of("problems", problems));
                } catch (RuntimeException e) {
                    // the history is closed (Ctrl-C after the load phase)
                }
            }
            if (ledger != null) ledger.append("heal", Map.of("problems", problems));
            return problems;
        }

        /** Stops nodes and Toxiproxy (after heal). */
        synchronized void stopEverything() {
            if (stopped) return;
            stopped = true;
            if (sampler != null) sampler.close();
            if (cluster != null) cluster.close();
            if (network != null) network.close();
        }

        synchronized void done() {
            finished = true;
        }

        /** Error path: heal, stop, keep what was recorded. */
        synchronized void abort(String why) {
            if (finished) return;
            finished = true;
            if (stopLoad != null) stopLoad.set(true);
            try {
                List<String> problems = heal();
                if (!problems.isEmpty()) err.println("heal problems: " + problems);
            } catch (InterruptedException | RuntimeException e) {
                err.println("heal failed: " + e);
            }
            stopEverything();
            if (history != null) {
                try {
                    history.close();
                } catch (IOException ignored) {
                    // keep going: the prefix on disk is what we have
                }
            }
            if (ledger != null) {
                try {
                    ledger.append("aborted", Map.of("reason", why));
                } catch (RuntimeException e) {
                    // already closed: the run had finished writing it
                }
                ledger.finished();
                ledger.close();
            }
            if (runDir != null) err.println("the run stopped early (" + why + "); what was recorded is in " + runDir);
        }

        /** Shutdown hook (Ctrl-C, SIGTERM): same as abort unless the run already finished. */
        void interrupted() {
            abort("interrupted by a signal");
        }
    }
}
