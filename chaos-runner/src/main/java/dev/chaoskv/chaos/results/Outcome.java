package dev.chaoskv.chaos.results;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.chaos.load.LoadStats;
import dev.chaoskv.chaos.nemesis.Nemesis;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.observe.LagSampler;
import dev.chaoskv.chaos.run.RunConfig;
import dev.chaoskv.checker.verdict.Verdict;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything known at the end of a run, grouped by concern, for {@link ResultsFolder}. */
public record Outcome(RunConfig cfg, RunEnvironment environment, Times times, Layout layout, Toxiproxy toxiproxy, Operations operations, Lag lag,
                      Faults faults, FinalState finalState, Check check) {

    /** Wall-clock start and end of the run. */
    public record Times(Instant start, Instant end) {
    }

    /**
     * The cluster as it ran.
     *
     * @param nodes node id -> where the node listened
     * @param links link (proxy) name -> the address its sender dialled
     */
    public record Layout(ClusterPlan plan, Map<String, HostPort> nodes, Map<String, HostPort> links) {
    }

    /** The Toxiproxy of the run ("none" for url and version with {@code --direct}). */
    public record Toxiproxy(String url, String version, boolean embedded) {
    }

    /**
     * The client load.
     *
     * @param loadEndNanos when the load stopped, on the history's clock
     */
    public record Operations(LoadStats stats, long loadEndNanos, long historyEvents) {
    }

    /** Replication lag per follower, as histograms and as sampled. */
    public record Lag(Map<String, Histogram> histograms, List<LagSampler.LagPoint> points) {
    }

    /** What the nemesis did, what it skipped (never counted as injected), and what the final heal could not undo. */
    public record Faults(List<Nemesis.Span> spans, int injected, List<FaultKind.Skipped> skipped,
                         List<String> healProblems) {
    }

    /** After heal: how the cluster converged, and its leader when the final state was read (null if none). */
    public record FinalState(FinalStateCollector.Convergence convergence, String leader) {
    }

    /** The checker's verdict and its printed summary. */
    public record Check(Verdict verdict, String summary) {
    }
}
