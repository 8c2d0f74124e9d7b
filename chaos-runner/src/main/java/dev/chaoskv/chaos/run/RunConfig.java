package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.load.ClientBinding;
import dev.chaoskv.chaos.load.Workload;
import dev.chaoskv.chaos.nemesis.NemesisSchedule;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.common.tls.TlsStores;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a run needs, validated by the command that built it, grouped by concern. */
public record RunConfig(Identity identity, Output output, Nodes nodes, Load load, Faults faults, Network network,
                        Observation observation) {

    /**
     * What the run is and how it was asked for.
     *
     * @param seed of the fault schedule and the operation mix
     * @param args the command line as typed, for run.json
     */
    public record Identity(String command, String name, long seed, List<String> args) {
        public Identity {
            args = List.copyOf(args);
        }
    }

    /** Where the run folder goes, and whether a status line is printed every second. */
    public record Output(Path resultsDir, boolean quiet) {
        public static final Path DEFAULT_RESULTS_DIR = Path.of("results");
    }

    /** The kvnode processes: how many, extra kvnode flags, JVM options. */
    public record Nodes(int count, List<String> kvnodeArgs, List<String> jvmOptions) {
        public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

        public Nodes {
            kvnodeArgs = List.copyOf(kvnodeArgs);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /**
     * The client load and its length.
     *
     * @param binding whether a worker follows the leader or stays with its own node
     */
    public record Load(Duration timeLimit, int concurrency, double rate, Workload.Kind workload, int keys,
                       Duration opTimeout, ClientBinding binding) {
        public static final Duration DEFAULT_OP_TIMEOUT = Duration.ofSeconds(2);

        /** As the run prints it: "unlimited" or e.g. "500/s". */
        public String rateText() {
            return rate <= 0 ? "unlimited" : String.format("%.0f/s", rate);
        }

        public String workloadName() {
            return workload.name().toLowerCase();
        }
    }

    /**
     * The nemesis.
     *
     * @param requested the {@code --nemesis} names as given (groups unexpanded)
     * @param cutMode   null = blackhole or disconnect, drawn per partition from the seed
     */
    public record Faults(List<FaultKind> kinds, List<String> requested, Duration interval, int maxFaulty,
                         CutMode cutMode) {
        public Faults {
            kinds = List.copyOf(kinds);
            requested = List.copyOf(requested);
        }
    }

    /**
     * @param toxiproxyUrl null = start the embedded Toxiproxy
     * @param direct       no Toxiproxy at all (benchmarking the runner itself; no nemesis allowed)
     * @param tls          mutual TLS on every peer link and client connection with these stores; null = plaintext
     * @param proxyClients whether clients reach the nodes through Toxiproxy too ({@code --client-links proxy});
     *                     false (the default): they dial the nodes, and only peer links cross Toxiproxy
     */
    public record Network(String toxiproxyUrl, boolean direct, TlsStores tls, boolean proxyClients) {

        /** The kvnode flags that make every node speak mutual TLS to its peers and require it of clients. */
        public List<String> kvnodeTlsFlags() {
            if (tls == null) return List.of();
            return List.of("--peer-tls", "on", "--client-tls", "require-client-cert",
                    "--tls-cert-store", tls.certStore().toAbsolutePath().toString(),
                    "--tls-trust-store", tls.trustStore().toAbsolutePath().toString(),
                    "--tls-password-file", tls.passwordFile().toAbsolutePath().toString());
        }
    }

    /** Watching the run and checking it afterwards. */
    public record Observation(Duration sampleInterval, Duration convergeTimeout, Duration checkTimeLimit) {
        public static final Observation DEFAULTS = new Observation(Duration.ofMillis(250), Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    /** What the seed and the cluster decide of the fault schedule. */
    public NemesisSchedule.Plan schedulePlan(List<String> nodeIds) {
        return new NemesisSchedule.Plan(identity.seed(), nodeIds, faults.kinds(), faults.interval(), load.timeLimit(),
                faults.maxFaulty(), faults.cutMode());
    }

    /** The requested faults this run cannot inject (too few nodes, --max-faulty), and why. */
    public List<FaultKind.Skipped> skippedFaults(List<String> nodeIds) {
        List<FaultKind.Skipped> out = new ArrayList<>(FaultKind.leftOut(faults.requested(), nodeIds.size()));
        out.addAll(NemesisSchedule.skipped(schedulePlan(nodeIds)));
        return out;
    }

    /** The parameters as run.json records them. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", identity.command());
        p.put("nodes", nodes.count());
        p.put("timeLimitMs", load.timeLimit().toMillis());
        p.put("concurrency", load.concurrency());
        p.put("rate", load.rate());
        p.put("workload", load.workload().name().toLowerCase());
        p.put("keys", load.keys());
        p.put("clientBinding", load.binding().wireName());
        p.put("nemesis", faults.kinds().stream().map(FaultKind::wireName).toList());
        p.put("nemesisRequested", faults.requested());
        p.put("nemesisIntervalMs", faults.interval().toMillis());
        p.put("maxFaulty", faults.maxFaulty());
        p.put("cutMode", faults.cutMode() == null ? "mixed" : faults.cutMode().wireName());
        p.put("seed", identity.seed());
        p.put("name", identity.name());
        p.put("toxiproxyUrl", network.toxiproxyUrl());
        p.put("kvnodeArgs", nodes.kvnodeArgs());
        p.put("opTimeoutMs", load.opTimeout().toMillis());
        p.put("sampleIntervalMs", observation.sampleInterval().toMillis());
        p.put("convergeTimeoutMs", observation.convergeTimeout().toMillis());
        p.put("checkTimeLimitMs", observation.checkTimeLimit().toMillis());
        p.put("nodeJvmOptions", nodes.jvmOptions());
        p.put("direct", network.direct());
        p.put("clientLinks", network.direct() || !network.proxyClients() ? "direct" : "proxy");
        p.put("tls", network.tls() != null);
        return p;
    }
}
