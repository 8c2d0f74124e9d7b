package dev.chaoskv.checker.verdict;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaoskv.checker.convergence.ConvergenceResult;
import dev.chaoskv.checker.convergence.NodeMismatch;
import dev.chaoskv.checker.durability.DurabilityResult;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.json.JsonTrees;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.linear.Counterexample;
import dev.chaoskv.checker.linear.LinearizabilityResult;
import dev.chaoskv.checker.linear.PrePassStats;
import dev.chaoskv.checker.stats.OperationStats;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/** Renders a {@link Verdict} as verdict.json (layout in docs/results-format.md). */
public final class VerdictJson {
    /** Findings listed per check; the counts always cover all of them. */
    public static final int MAX_LISTED = 100;
    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES = JsonTrees.NODES;

    private VerdictJson() {
    }

    public static String render(Verdict v) {
        return JsonTrees.pretty(toJson(v)) + "\n";
    }

    public static ObjectNode toJson(Verdict v) {
        ObjectNode root = NODES.objectNode();
        root.putPOJO("valid", v.valid().json());
        root.put("exitCode", v.exitCode());
        root.put("source", v.source());
        root.put("operations", v.operations());
        root.put("elapsedMillis", v.elapsedNanos() / 1_000_000);
        ArrayNode warnings = root.putArray("warnings");
        v.warnings().forEach(warnings::add);
        ObjectNode checks = root.putObject("checks");
        checks.set("durability", durability(v.durability()));
        checks.set("convergence", convergence(v.convergence()));
        checks.set("linearizability", linearizability(v.linearizability()));
        root.set("stats", stats(v.stats()));
        return root;
    }

    private static ObjectNode durability(DurabilityResult d) {
        ObjectNode n = NODES.objectNode();
        n.putPOJO("valid", d.validity().json());
        n.put("note", d.reason());
        n.put("keysChecked", d.keysChecked());
        n.put("acknowledgedWrites", d.acknowledged());
        n.put("lostWrites", d.count(DurabilityResult.LOST_WRITE));
        n.put("failedWritesVisible", d.count(DurabilityResult.FAILED_WRITE_VISIBLE));
        n.put("neverWritten", d.count(DurabilityResult.NEVER_WRITTEN));
        ArrayNode findings = n.putArray("findings");
        d.findings().stream().limit(MAX_LISTED).forEach(f -> findings.add(finding(f)));
        return n;
    }

    private static ObjectNode finding(Finding f) {
        ObjectNode n = NODES.objectNode();
        n.put("kind", f.kind());
        n.put("key", f.key());
        n.put("explanation", f.sentence());
        n.set("ops", ops(f.ops()));
        return n;
    }

    private static ObjectNode convergence(ConvergenceResult c) {
        ObjectNode n = NODES.objectNode();
        n.putPOJO("valid", c.validity().json());
        n.put("note", c.reason());
        n.put("leader", c.leader());
        ArrayNode mismatches = n.putArray("mismatches");
        for (NodeMismatch m : c.mismatches()) {
            ObjectNode mn = mismatches.addObject();
            mn.put("node", m.node());
            mn.put("explanation", m.sentence());
            ArrayNode problems = mn.putArray("problems");
            m.problems().forEach(problems::add);
            mn.put("differingKeyCount", m.totalDifferingKeys());
            ArrayNode keys = mn.putArray("differingKeys");
            for (NodeMismatch.KeyDiff k : m.differingKeys()) {
                ObjectNode kn = keys.addObject();
                kn.put("key", k.key());
                kn.put("leader", k.leaderValue());
                kn.put("node", k.nodeValue());
            }
        }
        if (c.timeToConvergeNanos() == null) {
            n.putNull("timeToConvergeMillis");
        } else {
            n.put("timeToConvergeMillis", c.timeToConvergeNanos() / 1e6);
        }
        ObjectNode per = n.putObject("convergeMillisPerNode");
        c.convergeNanosPerNode().forEach((node, nanos) -> per.put(node, nanos / 1e6));
        n.put("timeToConvergeNote", c.lagNote());
        return n;
    }

    private static ObjectNode linearizability(LinearizabilityResult l) {
        ObjectNode n = NODES.objectNode();
        n.putPOJO("valid", l.validity().json());
        n.put("keys", l.keys());
        n.put("keysLinearizable", l.keysLinearizable());
        n.put("keysNotCheckedAfterViolation", l.keysNotChecked());
        n.put("keysByUniqueValuePass", l.keysByUniqueValuePass());
        n.put("statesExplored", l.statesExplored());
        n.put("elapsedMillis", l.elapsedNanos() / 1_000_000);
        PrePassStats p = l.prePass();
        ObjectNode pre = n.putObject("prePass");
        pre.put("operations", p.input());
        pre.put("droppedFailed", p.droppedFailed());
        pre.put("droppedCrashedReads", p.droppedCrashedReads());
        pre.put("droppedUnobservedCrashedWrites", p.droppedUnobservedCrashedWrites());
        pre.put("boundedCrashedWrites", p.boundedCrashedWrites());
        pre.put("openCrashedWrites", p.openCrashedWrites());
        ArrayNode unknown = n.putArray("unknownKeys");
        for (LinearizabilityResult.UnknownKey u : l.unknownKeys()) {
            ObjectNode un = unknown.addObject();
            un.put("key", u.key());
            un.put("operations", u.operations());
            un.put("reason", u.reason());
        }
        ArrayNode violations = n.putArray("violations");
        for (Counterexample c : l.violations()) {
            ObjectNode cn = violations.addObject();
            cn.put("key", c.key());
            cn.put("kind", c.kind());
            cn.put("explanation", c.sentence());
            cn.set("window", ops(c.window()));
            ObjectNode prefix = cn.putObject("longestLinearizablePrefix");
            prefix.put("length", c.prefixLength());
            prefix.set("lastOps", ops(c.prefixTail()));
            prefix.put("valueAfter", c.stateAfterPrefix());
        }
        return n;
    }

    private static ArrayNode ops(List<Operation> ops) {
        ArrayNode a = NODES.arrayNode();
        for (Operation op : ops) {
            ObjectNode o = a.addObject();
            o.put("process", op.process());
            o.put("f", op.f().wireName());
            o.put("key", op.key());
            if (op.f() == Fn.CAS) {
                o.putArray("value").add(op.expected()).add(op.value());
            } else {
                o.put("value", op.value());
            }
            o.put("type", op.outcome().wireName());
            o.put("invokeTime", op.invokeTime());
            if (op.hasCompletion()) {
                o.put("completeTime", op.completeTime());
            } else {
                o.putNull("completeTime");
            }
            o.put("invokeLine", op.invokeLine());
            o.put("description", op.describe());
        }
        return a;
    }

    private static ObjectNode stats(OperationStats s) {
        ObjectNode n = NODES.objectNode();
        ObjectNode counts = n.putObject("counts");
        for (Map.Entry<Fn, long[]> e : s.counts().entrySet()) {
            ObjectNode c = counts.putObject(e.getKey().wireName());
            for (Outcome o : Outcome.values()) {
                c.put(o.wireName(), e.getValue()[o.ordinal()]);
            }
        }
        ObjectNode latency = n.putObject("latencyMillis");
        for (Map.Entry<Fn, Map<Outcome, Histogram>> e : s.latency().entrySet()) {
            ObjectNode byOutcome = latency.putObject(e.getKey().wireName());
            for (Map.Entry<Outcome, Histogram> h : e.getValue().entrySet()) {
                Histogram hist = h.getValue();
                ObjectNode p = byOutcome.putObject(h.getKey().wireName());
                p.put("count", hist.getTotalCount());
                p.put("p50", hist.getValueAtPercentile(50) / 1e6);
                p.put("p90", hist.getValueAtPercentile(90) / 1e6);
                p.put("p99", hist.getValueAtPercentile(99) / 1e6);
                p.put("p999", hist.getValueAtPercentile(99.9) / 1e6);
                p.put("max", hist.getMaxValue() / 1e6);
                p.put("file", OperationStats.fileName(e.getKey(), h.getKey()));
            }
        }
        return n;
    }
}
