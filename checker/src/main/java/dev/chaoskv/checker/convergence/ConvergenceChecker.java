package dev.chaoskv.checker.convergence;

import dev.chaoskv.checker.state.FinalState;
import dev.chaoskv.checker.state.NodeState;
import dev.chaoskv.checker.verdict.Validity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Check 2: after heal every node holds what the leader holds: same last LSN, commit LSN,
 * applied LSN and state digest. For a node that differs, the differing keys are listed.
 */
public final class ConvergenceChecker {

    public ConvergenceResult check(FinalState state, TimeToConverge ttc) {
        if (state.leader() == null) {
            List<NodeMismatch> none = List.of(new NodeMismatch("(cluster)",
                    List.of("no node was leader after heal"), List.of(), 0));
            return result(Validity.INVALID, "no leader after heal", null, none, ttc);
        }
        NodeState leader = state.nodes().get(state.leader());
        if (!leader.reachable()) {
            List<NodeMismatch> m = List.of(new NodeMismatch(leader.id(),
                    List.of("the leader did not answer after heal: " + leader.error()), List.of(), 0));
            return result(Validity.INVALID, "leader unreachable", leader.id(), m, ttc);
        }
        List<NodeMismatch> mismatches = new ArrayList<>();
        for (NodeState node : state.nodes().values()) {
            if (!node.id().equals(leader.id())) {
                compare(leader, node).ifPresent(mismatches::add);
            }
        }
        Validity validity = mismatches.isEmpty() ? Validity.VALID : Validity.INVALID;
        return result(validity, state.nodes().size() + " node(s) compared with leader " + leader.id(),
                leader.id(), mismatches, ttc);
    }

    private static ConvergenceResult result(Validity v, String reason, String leader, List<NodeMismatch> m,
                                            TimeToConverge ttc) {
        return new ConvergenceResult(v, reason, leader, m, ttc.perNode(), ttc.overall(), ttc.note());
    }

    private static java.util.Optional<NodeMismatch> compare(NodeState leader, NodeState node) {
        if (!node.reachable()) {
            return java.util.Optional.of(new NodeMismatch(node.id(),
                    List.of("unreachable after heal: " + node.error()), List.of(), 0));
        }
        List<String> problems = new ArrayList<>();
        field(problems, "lastLsn", node.lastLsn(), leader.lastLsn());
        field(problems, "commitLsn", node.commitLsn(), leader.commitLsn());
        field(problems, "appliedLsn", node.appliedLsn(), leader.appliedLsn());
        if (!Objects.equals(node.digest(), leader.digest())) {
            problems.add("digest " + node.digest() + " != leader's " + leader.digest());
        }
        List<NodeMismatch.KeyDiff> diffs = new ArrayList<>();
        int total = diffKeys(leader.data(), node.data(), diffs);
        if (total > 0 && problems.isEmpty()) {
            problems.add("data differs although LSNs and digest match");
        }
        return problems.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new NodeMismatch(node.id(), problems, diffs, total));
    }

    private static void field(List<String> problems, String name, long value, long leaderValue) {
        if (value != leaderValue) {
            problems.add(name + " " + value + " != leader's " + leaderValue);
        }
    }

    /** Fills {@code out} with up to MAX_KEYS differing keys in key order; returns how many differ. */
    static int diffKeys(Map<String, String> leader, Map<String, String> node, List<NodeMismatch.KeyDiff> out) {
        TreeSet<String> keys = new TreeSet<>(leader.keySet());
        keys.addAll(node.keySet());
        int total = 0;
        for (String k : keys) {
            String lv = leader.get(k);
            String nv = node.get(k);
            if (!Objects.equals(lv, nv)) {
                total++;
                if (out.size() < NodeMismatch.MAX_KEYS) {
                    out.add(new NodeMismatch.KeyDiff(k, lv, nv));
                }
            }
        }
        return total;
    }
}
