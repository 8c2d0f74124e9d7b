package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.state.LagSample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LagSeriesTest {
    private static final long S = 1_000_000_000L;

    private static LagSample s(double t, String node, String role, long term, long commit, long applied) {
        return new LagSample((long) (t * S), node, role, term, applied, commit, applied, null);
    }

    private static LagSample down(double t, String node) {
        return new LagSample((long) (t * S), node, null, -1, -1, -1, -1, "timeout");
    }

    @Test
    void followerLagIsTheLatestLeadersCommitMinusItsApplied() {
        List<LagSample> samples = List.of(
                s(0.1, "n2", "follower", 1, 0, 90),      // before any leader sample: no lag
                s(0.2, "n1", "leader", 1, 100, 100),
                s(0.3, "n2", "follower", 1, 0, 90),      // 100 - 90
                s(0.5, "n1", "leader", 1, 150, 150),
                s(0.6, "n3", "follower", 1, 0, 160),     // ahead of the sampled commit: 0, not negative
                s(2.0, "n3", "follower", 1, 0, 10));     // leader sample 1.5 s old: too stale
        Map<String, List<LagSeries.Point>> lag = LagSeries.lag(samples);
        assertEquals(List.of(new LagSeries.Point((long) (0.3 * S), 10)), lag.get("n2"));
        assertEquals(List.of(new LagSeries.Point((long) (0.6 * S), 0)), lag.get("n3"));
    }

    @Test
    void rolesMergeIntoSpansAndSilenceIsDown() {
        List<LagSample> samples = List.of(s(0, "n1", "leader", 1, 1, 1), s(1, "n1", "leader", 1, 1, 1), down(2, "n1"), down(3, "n1"),
                s(4, "n1", "follower", 2, 1, 1));
        Map<String, List<LagSeries.RoleSpan>> roles = LagSeries.roles(samples, 5 * S);
        assertEquals(List.of(new LagSeries.RoleSpan("leader", 0, 2 * S), new LagSeries.RoleSpan("down", 2 * S, 4 * S),
                new LagSeries.RoleSpan("follower", 4 * S, 5 * S)), roles.get("n1"));
    }
}
