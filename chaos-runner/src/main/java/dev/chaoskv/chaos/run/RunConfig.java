package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.load.Workload;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.CutMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, validated by the command that built it.
 *
 * @param toxiproxyUrl null = start the embedded Toxiproxy
 * @param cutMode      null = blackhole or disconnect, drawn per partition from the seed
 * @param direct       no Toxiproxy at all (benchmarking the runner itself; no nemesis allowed)
 * @param args         the command line as typed, for run.json
 */
public record RunConfig(String command, int nodes, Duration timeLimit, int concurrency, double rate,
                        Workload.Kind workload, int keys, List<FaultKind> nemesis, List<String> nemesisNames,
                        Duration nemesisInterval, long seed, String name, Path resultsDir, String toxiproxyUrl,
                        List<String> kvnodeArgs, int maxFaulty, CutMode cutMode, Duration opTimeout,
                        Duration sampleInterval, Duration convergeTimeout, Duration checkTimeLimit,
                        List<String> nodeJvmOptions, boolean quiet, boolean direct, List<String> args) {

    public RunConfig {
        nemesis = List.copyOf(nemesis);
        nemesisNames = List.copyOf(nemesisNames);
        kvnodeArgs = List.copyOf(kvnodeArgs);
        nodeJvmOptions = List.copyOf(nodeJvmOptions);
        args = List.copyOf(args);
    }

    /** The parameters as run.json records them. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", command);
        p.put("nodes", nodes);
        p.put("timeLimitMs", timeLimit.toMillis());
        p.put("concurrency", concurrency);
        p.put("rate", rate);
        p.put("workload", workload.name().toLowerCase());
        p.put("keys", keys);
        p.put("nemesis", nemesis.stream().map(FaultKind::wireName).toList());
        p.put("nemesisRequested", nemesisNames);
        p.put("nemesisIntervalMs", nemesisInterval.toMillis());
        p.put("maxFaulty", maxFaulty);
        p.put("cutMode", cutMode == null ? "mixed" : cutMode.wireName());
        p.put("seed", seed);
        p.put("name", name);
        p.put("toxiproxyUrl", toxiproxyUrl);
        p.put("kvnodeArgs", kvnodeArgs);
        p.put("opTimeoutMs", opTimeout.toMillis());
        p.put("sampleIntervalMs", sampleInterval.toMillis());
        p.put("convergeTimeoutMs", convergeTimeout.toMillis());
        p.put("checkTimeLimitMs", checkTimeLimit.toMillis());
        p.put("nodeJvmOptions", nodeJvmOptions);
        p.put("direct", direct);
        return p;
    }
}
