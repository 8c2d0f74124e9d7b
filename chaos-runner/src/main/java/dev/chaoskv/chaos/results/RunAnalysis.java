package dev.chaoskv.chaos.results;

import dev.chaoskv.chaos.results.data.FaultWindows;
import dev.chaoskv.chaos.results.data.LagSeries;
import dev.chaoskv.chaos.results.data.LatencyScatter;
import dev.chaoskv.chaos.results.data.PerSecond;
import dev.chaoskv.chaos.results.data.Recovery;
import dev.chaoskv.chaos.results.data.Unavailability;
import dev.chaoskv.checker.state.LagSample;

import java.util.List;
import java.util.Map;

/**
 * The figures behind the report and summary.json, computed once from a {@link RunFolder}.
 *
 * @param durationSeconds the shared time axis: from the load start to the last thing recorded (operation, sample or heal)
 * @param loadEnd         ns of the last invocation: where the load ended
 * @param runEnd          ns of the last record of any kind: where the run's records end
 */
public record RunAnalysis(RunFolder folder, double durationSeconds, long loadEnd, long runEnd, List<PerSecond.Bucket> seconds,
                          LatencyScatter.Scatter scatter, FaultWindows.Faults faults, List<Recovery.Result> recovery,
                          List<Unavailability.Gap> unavailable, Map<String, List<LagSeries.Point>> lag,
                          Map<String, List<LagSeries.RoleSpan>> roles) {
    /** Width of the scatter's aggregation cells: about two pixels of the time charts. */
    public static final int SCATTER_COLUMNS = 450;

    public static RunAnalysis of(RunFolder f) {
        return of(f, LatencyScatter.DEFAULT_LIMIT);
    }

    public static RunAnalysis of(RunFolder f, int scatterLimit) {
        long loadEnd = f.ops().lastInvoke();
        FaultWindows.Faults faults = FaultWindows.of(f.nemesis());
        long runEnd = Math.max(loadEnd, f.ops().lastCompletion());
        for (LagSample s : f.lag()) runEnd = Math.max(runEnd, s.time());
        runEnd = Math.max(runEnd, faults.heal());
        double duration = Math.max(1, runEnd / 1e9);
        List<PerSecond.Bucket> seconds = PerSecond.of(f.ops(), (int) Math.ceil(duration));
        LatencyScatter.Scatter scatter = LatencyScatter.of(f.ops(), duration, scatterLimit, SCATTER_COLUMNS);
        List<Recovery.Result> recovery = Recovery.of(seconds, faults.windows(), faults.heal(), loadEnd);
        List<Unavailability.Gap> gaps = f.ops().size() == 0 ? List.of()
                : Unavailability.of(f.ops(), loadEnd, Unavailability.DEFAULT_THRESHOLD_NANOS);
        return new RunAnalysis(f, duration, loadEnd, runEnd, seconds, scatter, faults, recovery, gaps,
                LagSeries.lag(f.lag()), LagSeries.roles(f.lag(), runEnd));
    }
}
