package dev.chaoskv.chaos.cli;

import dev.chaoskv.common.DurationParser;
import dev.chaoskv.chaos.load.ClientBinding;
import dev.chaoskv.chaos.load.Workload;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.run.RunConfig;
import dev.chaoskv.common.tls.TlsStores;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The options of {@code chaos run} and {@code chaos smoke}. Every field is null unless given, so
 * each command applies its own defaults ({@link Defaults}); validation names the offending flag.
 */
public final class RunOptions {
    /** Per-command defaults. */
    public record Defaults(String command, int nodes, Duration timeLimit, int concurrency, double rate, String workload,
                           int keys, String nemesis, Duration interval, String name) {
    }

    @Option(names = "--nodes", paramLabel = "N", description = "Cluster size: 3 or 5 (any 1-9 works; ring partitions need 5+).")
    Integer nodes;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationParser.class, description = "Length of the load phase, e.g. 60s, 2m.")
    Duration timeLimit;

    @Option(names = "--concurrency", paramLabel = "N", description = "Logical client processes running at once, one operation each.")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "OPS", description = "Target operations per second over all clients; 0 = as fast as possible.")
    Double rate;

    @Option(names = "--workload", paramLabel = "KIND", description = "register (read/write/cas on --keys keys), set (adds of unique keys) or mixed (3/4 register, 1/4 set).")
    String workload;

    @Option(names = "--keys", paramLabel = "N", description = "Register keys (k0..k<N-1>).")
    Integer keys;

    @Option(names = "--client-binding", paramLabel = "MODE", description = "any (default): a client follows the leader and moves to another node after an unknown outcome. node: client i sends every operation to node i mod n first (following a NOT_LEADER hint for that operation only) and stays there, so clients of a node cut off from the others see what it answers alone (as Jepsen binds clients to nodes).")
    String clientBinding;

    @Option(names = "--nemesis", paramLabel = "FAULTS", split = ",", description = "Faults to draw from, comma-separated, or none. Groups: partition, kill, pause, all. Names: see docs/chaos-runner.md or the list below.")
    List<String> nemesis;

    @Option(names = "--nemesis-interval", paramLabel = "DURATION", converter = DurationParser.class, description = "Length of each fault window and of each recovery window.")
    Duration nemesisInterval;

    @Option(names = "--max-faulty", paramLabel = "N", description = "Most nodes one fault may take out (default: a minority, (nodes-1)/2).")
    Integer maxFaulty;

    @Option(names = "--partition-mode", paramLabel = "MODE", description = "blackhole (drop silently), disconnect (refuse/reset) or mixed (drawn per fault from the seed; default).")
    String partitionMode;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the fault schedule and the operation mix (default: random, printed).")
    Long seed;

    @Option(names = "--name", description = "Name of the run (suffix of its results folder).")
    String name;

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Where run folders go (default: results).")
    Path resultsDir;

    @Option(names = "--toxiproxy-url", paramLabel = "URL", description = "Use a real Toxiproxy at this URL (e.g. http://127.0.0.1:8474) instead of the embedded one.")
    String toxiproxyUrl;

    @Option(names = "--kvnode-arg", paramLabel = "FLAG", description = "Extra flag for every node (repeatable), e.g. --kvnode-arg=--quorum=1.")
    List<String> kvnodeArgs = new ArrayList<>();

    @Option(names = "--node-jvm-opt", paramLabel = "OPT", description = "JVM option for every node (repeatable; default: -Xmx256m -XX:+UseSerialGC).")
    List<String> nodeJvmOptions = new ArrayList<>();

    @Option(names = "--op-timeout", paramLabel = "DURATION", converter = DurationParser.class, description = "Client timeout per operation; a timeout is recorded as info (default: 2s).")
    Duration opTimeout;

    @Option(names = "--sample-interval", paramLabel = "DURATION", converter = DurationParser.class, description = "STATUS polling period of the lag sampler (default: 250ms).")
    Duration sampleInterval;

    @Option(names = "--converge-timeout", paramLabel = "DURATION", converter = DurationParser.class, description = "How long to wait after heal for every node to catch up (default: 30s).")
    Duration convergeTimeout;

    @Option(names = "--check-time-limit", paramLabel = "DURATION", converter = DurationParser.class, description = "Wall-time bound of the checker; unfinished keys are unknown (default: 60s).")
    Duration checkTimeLimit;

    @Option(names = "--tls-cert-store", paramLabel = "FILE.p12", description = "Run the cluster with TLS: every peer link mutual TLS, every client connection TLS with a client certificate. The PKCS#12 key store every node and the runner's clients present (SAN 127.0.0.1). Needs --tls-trust-store and --tls-password-file.")
    Path tlsCertStore;

    @Option(names = "--tls-trust-store", paramLabel = "FILE.p12", description = "With --tls-cert-store: PKCS#12 trust store with the authority that signed it.")
    Path tlsTrustStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "With --tls-cert-store: the file holding the password of both stores.")
    Path tlsPasswordFile;

    @Option(names = "--direct", description = "Benchmarks only: connect nodes and clients directly, without Toxiproxy (requires --nemesis none).")
    boolean direct;

    @Option(names = "--client-links", paramLabel = "proxy|direct",
            description = {"direct (default): clients dial the nodes, as Jepsen's do; the peer links cross Toxiproxy.",
                    "proxy: clients also reach each node through a proxy of its own, client-to-<id>, for toxics",
                    "added by hand through the Toxiproxy API. No fault of the nemesis acts on client links;",
                    "proxying them makes the proxy relay more than three times as much (docs/chaos-runner.md)."})
    String clientLinks;

    @Option(names = "--dry-run", description = "Print the cluster plan and the fault schedule for the seed; run nothing.")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "No per-second status line.")
    boolean quiet;

    /** Builds and validates the config; usage errors name the flag. */
    RunConfig toConfig(Defaults d, CommandLine cmd, String[] originalArgs) {
        int n = nodes != null ? nodes : d.nodes();
        if (n < 1 || n > 9) throw usage(cmd, "--nodes must be between 1 and 9 (3 or 5 are the usual sizes), not " + n);
        Duration limit = timeLimit != null ? timeLimit : d.timeLimit();
        if (limit.isNegative() || limit.isZero()) throw usage(cmd, "--time-limit must be positive");
        int conc = concurrency != null ? concurrency : d.concurrency();
        if (conc < 1 || conc > 1000) throw usage(cmd, "--concurrency must be between 1 and 1000, not " + conc);
        double r = rate != null ? rate : d.rate();
        if (r < 0) throw usage(cmd, "--rate must be 0 (unlimited) or positive, not " + r);
        Workload.Kind wk;
        try {
            wk = Workload.Kind.parse(workload != null ? workload : d.workload());
        } catch (IllegalArgumentException e) {
            throw usage(cmd, "--workload: " + e.getMessage());
        }
        ClientBinding binding;
        try {
            binding = clientBinding == null ? ClientBinding.ANY : ClientBinding.parse(clientBinding);
        } catch (IllegalArgumentException e) {
            throw usage(cmd, "--client-binding " + e.getMessage());
        }
        int k = keys != null ? keys : d.keys();
        if (k < 1) throw usage(cmd, "--keys must be at least 1, not " + k);
        List<String> names = nemesis != null ? nemesis : Arrays.asList(d.nemesis().split(","));
        List<FaultKind> kinds;
        try {
            kinds = FaultKind.parse(names, n);
        } catch (IllegalArgumentException e) {
            throw usage(cmd, "--nemesis: " + e.getMessage());
        }
        Duration interval = nemesisInterval != null ? nemesisInterval : d.interval();
        if (interval.toMillis() < 500) throw usage(cmd, "--nemesis-interval must be at least 500ms");
        int mf = maxFaulty != null ? maxFaulty : (n - 1) / 2;
        if (mf < 0 || mf > n) throw usage(cmd, "--max-faulty must be between 0 and " + n + ", not " + mf);
        CutMode mode = null;
        if (partitionMode != null && !partitionMode.equalsIgnoreCase("mixed")) {
            try {
                mode = CutMode.valueOf(partitionMode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw usage(cmd, "--partition-mode must be blackhole, disconnect or mixed, not '" + partitionMode + "'");
            }
        }
        long s = seed != null ? seed : new java.util.Random().nextInt(1_000_000);
        String nm = name != null ? name : d.name();
        if (!nm.matches("[A-Za-z0-9._-]+")) throw usage(cmd, "--name may only hold letters, digits, '.', '_' and '-'");
        if (toxiproxyUrl != null) {
            try {
                ToxiproxyFaults.parse(toxiproxyUrl);
            } catch (IllegalArgumentException e) {
                throw usage(cmd, "--toxiproxy-url: " + e.getMessage());
            }
        }
        for (String a : kvnodeArgs) {
            if (!a.startsWith("--")) throw usage(cmd, "--kvnode-arg takes kvnode flags such as --quorum=1, not '" + a + "'");
        }
        TlsStores tls = null;
        if (tlsCertStore != null || tlsTrustStore != null || tlsPasswordFile != null) {
            if (tlsCertStore == null || tlsTrustStore == null || tlsPasswordFile == null) {
                throw usage(cmd, "--tls-cert-store, --tls-trust-store and --tls-password-file go together");
            }
            for (String a : kvnodeArgs) {
                if (a.startsWith("--tls-") || a.startsWith("--client-tls") || a.startsWith("--peer-tls")) {
                    throw usage(cmd, "--kvnode-arg " + a + ": with --tls-cert-store the runner sets the nodes' TLS flags itself");
                }
            }
            tls = new TlsStores(tlsCertStore, tlsTrustStore, tlsPasswordFile);
        }
        if (direct && !kinds.isEmpty()) throw usage(cmd, "--direct leaves no way to inject faults: use it with --nemesis none");
        if (direct && toxiproxyUrl != null) throw usage(cmd, "--direct and --toxiproxy-url exclude each other");
        if (clientLinks != null && !clientLinks.equals("proxy") && !clientLinks.equals("direct")) {
            throw usage(cmd, "--client-links must be proxy or direct, not '" + clientLinks + "'");
        }
        if (direct && clientLinks != null) throw usage(cmd, "--client-links does not apply with --direct: there is no Toxiproxy at all");
        Duration opT = positive(cmd, "--op-timeout", opTimeout, RunConfig.Load.DEFAULT_OP_TIMEOUT);
        RunConfig.Observation dflt = RunConfig.Observation.DEFAULTS;
        RunConfig.Observation observation = new RunConfig.Observation(
                positive(cmd, "--sample-interval", sampleInterval, dflt.sampleInterval()),
                positive(cmd, "--converge-timeout", convergeTimeout, dflt.convergeTimeout()),
                positive(cmd, "--check-time-limit", checkTimeLimit, dflt.checkTimeLimit()));
        List<String> jvm = nodeJvmOptions.isEmpty() ? RunConfig.Nodes.DEFAULT_JVM_OPTIONS : nodeJvmOptions;
        return new RunConfig(
                new RunConfig.Identity(d.command(), nm, s, Arrays.asList(originalArgs)),
                new RunConfig.Output(resultsDir != null ? resultsDir : RunConfig.Output.DEFAULT_RESULTS_DIR, quiet),
                new RunConfig.Nodes(n, kvnodeArgs, jvm),
                new RunConfig.Load(limit, conc, r, wk, k, opT, binding),
                new RunConfig.Faults(kinds, names, interval, mf, mode),
                new RunConfig.Network(toxiproxyUrl, direct, tls, "proxy".equals(clientLinks)),
                observation);
    }

    private static Duration positive(CommandLine cmd, String flag, Duration given, Duration dflt) {
        Duration v = given != null ? given : dflt;
        if (v.isNegative() || v.isZero()) throw usage(cmd, flag + " must be positive");
        return v;
    }

    static CommandLine.ParameterException usage(CommandLine cmd, String message) {
        return new CommandLine.ParameterException(cmd, message);
    }
}
