package dev.chaoskv.checker.convergence;

import dev.chaoskv.checker.state.FinalState;
import dev.chaoskv.checker.state.LagSample;
import dev.chaoskv.checker.state.NodeState;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvergenceCheckerTest {
    static final Map<String, String> DATA = Map.of("k1", "v3", "k2", "v9");

    static NodeState node(String id, String role, long lsn, String digest, Map<String, String> data) {
        return new NodeState(id, role, 3, lsn, lsn, lsn, digest, data, null);
    }

    static FinalState cluster(NodeState... nodes) {
        TreeMap<String, NodeState> m = new TreeMap<>();
        for (NodeState n : nodes) {
            m.put(n.id(), n);
        }
        return new FinalState("n1", m, null);
    }

    static ConvergenceResult check(FinalState s) {
        return new ConvergenceChecker().check(s, TimeToConverge.none("none"));
    }

    @Test
    void identicalNodesConverged() {
        var r = check(cluster(node("n1", "leader", 120, "ab", DATA), node("n2", "follower", 120, "ab", DATA)));
        assertEquals(Validity.VALID, r.validity());
        assertEquals("n1", r.leader());
    }

    @Test
    void laggingFollowerListsItsDifferingKeys() {
        var r = check(cluster(node("n1", "leader", 120, "ab", DATA),
                node("n2", "follower", 118, "cd", Map.of("k1", "v2", "k2", "v9", "k3", "x")),
                node("n3", "follower", 120, "ab", DATA)));
        assertEquals(Validity.INVALID, r.validity());
        assertEquals(1, r.mismatches().size());
        NodeMismatch m = r.mismatches().get(0);
        assertEquals("n2", m.node());
        assertEquals(2, m.totalDifferingKeys());
        assertEquals(new NodeMismatch.KeyDiff("k1", "v3", "v2"), m.differingKeys().get(0));
        assertEquals(new NodeMismatch.KeyDiff("k3", null, "x"), m.differingKeys().get(1));
        assertTrue(m.sentence().contains("lastLsn 118 != leader's 120"), m.sentence());
        assertTrue(m.sentence().contains("k1 is v2 on n2 but v3 on the leader"), m.sentence());
    }

    @Test
    void unreachableNodeAndMissingLeaderAreFailures() {
        var r = check(cluster(node("n1", "leader", 5, "ab", DATA), NodeState.unreachable("n2", "connection refused")));
        assertEquals(Validity.INVALID, r.validity());
        assertTrue(r.mismatches().get(0).sentence().contains("connection refused"));
        var noLeader = new ConvergenceChecker().check(new FinalState(null, new TreeMap<>(), null), TimeToConverge.none("x"));
        assertEquals(Validity.INVALID, noLeader.validity());
    }

    @Test
    void timeToConvergeIsTheSlowestFollowerAfterTheLastHeal() {
        List<LagSample> samples = List.of(
                new LagSample(900, "n1", "leader", 3, 100, 100, 100, null),
                new LagSample(1000, "n2", "follower", 3, 40, 40, 40, null), // before heal: ignored
                new LagSample(2000, "n1", "leader", 3, 110, 110, 110, null),
                new LagSample(2100, "n2", "follower", 3, 90, 90, 90, null),
                new LagSample(2200, "n3", "follower", 3, 110, 110, 110, null),
                new LagSample(2300, "n2", "follower", 3, 110, 110, 110, null));
        TimeToConverge t = TimeToConverge.compute(samples, OptionalLong.of(1500));
        assertEquals(Long.valueOf(800), t.overall());
        assertEquals(Long.valueOf(700), t.perNode().get("n3"));
    }

    @Test
    void followerThatNeverCatchesUpHasNoTimeToConverge() {
        List<LagSample> samples = List.of(new LagSample(2000, "n1", "leader", 3, 110, 110, 110, null),
                new LagSample(2100, "n2", "follower", 3, 90, 90, 90, null),
                new LagSample(2200, "n3", null, -1, -1, -1, -1, "timeout"));
        TimeToConverge t = TimeToConverge.compute(samples, OptionalLong.of(1500));
        assertNull(t.overall());
        assertTrue(t.note().contains("n2"), t.note());
    }
}
