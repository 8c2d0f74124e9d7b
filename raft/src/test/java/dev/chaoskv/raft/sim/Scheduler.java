package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftConfig;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Runs one seed: a cluster of {@link SimNode}s over a {@link SimNetwork}, driven in one thread by
 * one {@link Random}. Time advances in ticks; in each tick every node's timer ticks, due messages
 * are delivered, pipelined disks finish some writes, clients propose and the {@link Nemesis}
 * injects faults. {@link Invariants} are checked after every single input to any core.
 *
 * <p>A run has a chaos phase followed by a quiet phase (everything healed and restarted, no
 * more faults or proposals) after which a leader must exist and all nodes must have applied
 * the same last LSN: a cluster that is safe because it never does anything would pass every
 * safety check.
 */
final class Scheduler {
    final SimParams params;
    final Random random;
    final SimNetwork network;
    final List<SimNode> nodes = new ArrayList<>();
    final Invariants invariants = new Invariants();
    final Trace trace = new Trace(400);
    private final Nemesis nemesis;
    private final SnapshotShipper snapshots;
    private final String reproduce;
    long now;
    /** The end of the run: no more faults, loss or proposals. */
    boolean quiet;
    private int nextValue;
    private long nextRead;

    private Scheduler(SimParams params, String reproduce) {
        this.params = params;
        this.reproduce = reproduce;
        this.random = new Random(params.seed());
        this.network = new SimNetwork(random, params);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < params.nodes(); i++) ids.add("n" + (i + 1));
        for (int i = 0; i < params.nodes(); i++) {
            List<String> peers = new ArrayList<>(ids);
            peers.remove(i);
            RaftConfig cfg = RaftConfig.builder(ids.get(i), peers)
                    .electionTicks(params.electionTicks()).heartbeatTicks(params.heartbeatTicks())
                    .followerTimeoutTicks(params.followerTimeoutTicks()).writeQuorum(params.effectiveWriteQuorum())
                    .preVote(params.preVote()).checkQuorum(params.checkQuorum()).unsafeElectAny(params.unsafeElectAny())
                    .maxAppendBytes(params.maxAppendBytes()).maxInflight(params.maxInflight()).build();
            nodes.add(new SimNode(i, cfg, random.nextLong()));
        }
        this.nemesis = new Nemesis(this);
        this.snapshots = new SnapshotShipper(this);
    }

    /** Runs seed {@code params.seed()}; {@code reproduce} is the command printed if it fails. */
    static SimResult run(SimParams params, String reproduce) {
        return new Scheduler(params, reproduce).run();
    }

    private SimResult run() {
        try {
            for (SimNode n : nodes) {
                for (SimNode p : nodes) if (p != n) n.core.linkConnected(p.id);
                afterInput(n);
            }
            for (int t = 0; t < params.chaosTicks(); t++) {
                oneTick();
                nemesis.maybeInject();
                maybePropose();
                maybeRead();
            }
            quiet = true;
            nemesis.healEverything();
            network.calm();
            // Catching up can be slow (tiny Appends, a window of one, reordering that sends the
            // leader back to probing; nothing commits until the new leader's no-op is replicated),
            // so what must not happen is a stretch of quietTicks in which no node's log or applied
            // state grows further than it had, while the cluster has not converged.
            long healedAt = now;
            long minQuiet = now + 3L * params.electionTicks();
            long lastProgress = now;
            long[] best = {sum(true), sum(false)};
            while (!(now >= minQuiet && converged())) {
                if (now - lastProgress >= params.quietTicks() || now - healedAt >= 20L * params.quietTicks()) {
                    throw new InvariantViolation("Liveness", "no converged leader " + (now - healedAt)
                            + " ticks after healing everything (no progress for " + (now - lastProgress) + "): " + states());
                }
                oneTick();
                long applied = sum(true), logs = sum(false);
                if (applied > best[0] || logs > best[1]) {
                    best[0] = Math.max(best[0], applied);
                    best[1] = Math.max(best[1], logs);
                    lastProgress = now;
                }
            }
            return new SimResult(params.seed(), params, null, null, invariants.committedCount(),
                    invariants.leaders().size(), now, invariants.readsServed());
        } catch (InvariantViolation v) {
            return failure(v.invariant, v);
        } catch (RuntimeException e) {
            // The core's own assertions (e.g. "conflicting with committed LSN") are safety failures too.
            return failure("Core exception", e);
        }
    }

    private void oneTick() {
        now++;
        for (SimNode n : shuffled()) {
            if (!n.up || (!quiet && random.nextDouble() < params.skipTickRate())) continue; // clock drift
            n.core.tick();
            afterInput(n);
        }
        for (SimNetwork.InFlight f : network.due(now)) {
            SimNode to = nodes.get(f.to());
            if (!to.up) continue;
            trace.add(now, to.id, "recv", f.message());
            to.core.step(f.message());
            afterInput(to);
        }
        snapshots.deliverDue();
        if (params.snapshotRate() > 0) {
            for (SimNode n : nodes) if (n.up && random.nextDouble() < params.snapshotRate()) snapshots.take(n);
        }
        if (params.pipelinedDisk()) {
            for (SimNode n : shuffled()) {
                while (n.up && !n.unwritten.isEmpty() && (quiet || random.nextDouble() < params.persistRate())) {
                    finishWrite(n, n.unwritten.pollFirst());
                    afterInput(n);
                }
            }
        }
    }

    private List<SimNode> shuffled() {
        List<SimNode> l = new ArrayList<>(nodes);
        Collections.shuffle(l, random);
        return l;
    }

    /** After any input to a node's core: take what it asks for, then check every invariant. */
    void afterInput(SimNode n) {
        drain(n);
        checkAll();
    }

    void checkAll() {
        for (SimNode n : nodes) {
            if (!n.up) continue;
            invariants.checkLeader(n);
            invariants.checkCommit(n);
        }
    }

    private void drain(SimNode n) {
        while (n.up) {
            Ready r = n.core.ready();
            if (r.isEmpty()) return;
            for (String ev : r.events()) trace.add(now, n.id, "event", ev);
            // Check what the core hands out before anything is done with it.
            if (!r.append().isEmpty()) {
                long first = r.append().get(0).lsn();
                invariants.onLogEntries(n.id + " (Ready.append)", n.core.termAt(first - 1), r.append());
            }
            for (Ready.Outbound o : r.messages()) {
                if (o.message() instanceof Message.Append a && !a.entries().isEmpty()) {
                    invariants.onLogEntries(n.id + " (Append to " + o.to() + ")", a.prevTerm(), a.entries());
                }
            }
            if (!r.committed().isEmpty()) invariants.onCommitted(n, n.core.term(), r.committed());
            for (Ready.ReadState rs : r.reads()) {
                trace.add(now, n.id, "read", rs);
                invariants.onReadServed(n, rs);
            }
            if (!params.pipelinedDisk()) {
                finishWrite(n, new SimNode.Unwritten(r, false));
                continue;
            }
            boolean early = params.earlyLeaderSend() && r.hardState() == null;
            if (early) sendAll(n, r, true);
            n.unwritten.addLast(new SimNode.Unwritten(r, early));
        }
    }

    /** Steps 1-4 of a Ready: write, report persisted, send, apply; or die while writing. */
    void finishWrite(SimNode n, SimNode.Unwritten u) {
        Ready r = u.ready();
        if (!quiet && random.nextDouble() < params.tornWriteRate()) {
            n.writeTorn(r, random);
            crash(n, "crashed while writing a Ready");
            return;
        }
        trace.add(now, n.id, "write", new Written(r));
        n.write(r);
        if (!r.append().isEmpty()) {
            long first = r.append().get(0).lsn();
            invariants.onLogEntries(n.id + " (disk)", n.disk.termAt(first - 1), r.append());
        }
        sendAll(n, r, false);
        if (!u.appendsSent()) sendAll(n, r, true);
        for (Entry e : r.committed()) {
            invariants.onApplied(n, e);
            n.applied.add(e);
        }
        for (String peer : r.snapshotRequests()) snapshots.start(n, peer);
        if (!r.committed().isEmpty()) {
            if (random.nextInt(4) == 0) n.disk.checkpoint(n.lastApplied());
            if (n.core.role() == RaftCore.Role.LEADER && !quiet && random.nextDouble() < params.crashAfterCommitRate()) {
                nemesis.strikeLeaderAfterCommit(n);
            }
        }
    }

    private void sendAll(SimNode n, Ready r, boolean appends) {
        for (Ready.Outbound o : r.messages()) {
            if ((o.message() instanceof Message.Append) != appends) continue;
            network.send(now, n.index, indexOf(o.to()), o.message());
        }
    }

    int indexOf(String id) {
        return Integer.parseInt(id.substring(1)) - 1;
    }

    // ---------------------------------------------------------------- clients

    private void maybePropose() {
        if (random.nextDouble() >= params.proposeRate()) return;
        SimNode target = null;
        if (random.nextInt(10) < 8) target = currentLeader();
        if (target == null) {
            List<SimNode> upNodes = nodes.stream().filter(x -> x.up).toList();
            if (upNodes.isEmpty()) return;
            target = upNodes.get(random.nextInt(upNodes.size()));
        }
        int count = 1 + random.nextInt(3);
        List<Entry> cmds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = "v" + (nextValue++);
            invariants.onProposed(value);
            cmds.add(new Entry(0, 0, EntryType.PUT, ("k" + random.nextInt(5)).getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
        }
        boolean wasLeader = target.core.role() == RaftCore.Role.LEADER;
        RaftCore.ProposeResult res = target.core.propose(cmds);
        trace.add(now, target.id, "propose", new Proposal(cmds, res));
        if (!wasLeader && !(res instanceof RaftCore.ProposeResult.NotLeader)) {
            throw new InvariantViolation("Refuse when not leader", target.id + " is " + target.core.role()
                    + " but accepted a proposal: " + res);
        }
        if (res instanceof RaftCore.ProposeResult.Accepted a && a.term() != target.core.term()) {
            throw new InvariantViolation("Refuse when not leader", target.id + " accepted at term " + a.term()
                    + " while in term " + target.core.term());
        }
        afterInput(target);
    }

    /** A Ready's disk work as the trace shows it. */
    private record Written(Ready r) {
        @Override
        public String toString() {
            return (r.hardState() == null ? "" : r.hardState() + " ") + (r.truncateAfter() >= 0 ? "truncateAfter " + r.truncateAfter() + " " : "")
                    + (r.append().isEmpty() ? "" : "append " + r.append().get(0).lsn() + ".." + r.append().get(r.append().size() - 1).lsn()
                    + "@t" + r.append().get(r.append().size() - 1).term() + " ") + (r.committed().isEmpty() ? "" : "apply up to "
                    + r.committed().get(r.committed().size() - 1).lsn());
        }
    }

    /** A client asks any running node for a linearizable read (ReadIndex; followers forward it). */
    private void maybeRead() {
        if (random.nextDouble() >= params.proposeRate() / 2) return;
        SimNode target = nodes.get(random.nextInt(nodes.size()));
        if (!target.up) return;
        long ctx = nextRead++;
        invariants.onReadRequested(ctx);
        boolean accepted = target.core.readIndex(ctx);
        trace.add(now, target.id, "readIndex", ctx + (accepted ? "" : " refused"));
        afterInput(target);
    }

    /** A client call as the trace shows it (formatted only if a failure is reported). */
    private record Proposal(List<Entry> commands, RaftCore.ProposeResult result) {
        @Override
        public String toString() {
            return commands.stream().map(Invariants::command).toList() + " -> " + result;
        }
    }

    /** The running leader of the highest term, if any. */
    SimNode currentLeader() {
        SimNode best = null;
        for (SimNode n : nodes) {
            if (n.up && n.core.role() == RaftCore.Role.LEADER && (best == null || n.core.term() > best.core.term())) best = n;
        }
        return best;
    }

    // ---------------------------------------------------------------- crashes

    void crash(SimNode n, String why) {
        trace.add(now, n.id, "CRASH", why + " (disk " + n.describeLog() + ", " + n.disk.hardState() + ")");
        n.crash(now);
        for (SimNode p : nodes) {
            // A peer whose TCP connection to the dead node resets notices at once; through a blackhole it does not.
            if (p.up && !network.isCut(p.index, n.index) && random.nextBoolean()) {
                p.core.reportUnreachable(n.id);
                afterInput(p);
            }
        }
    }

    void restart(SimNode n) {
        boolean fromCheckpoint = random.nextBoolean();
        n.restart(random.nextLong(), fromCheckpoint);
        trace.add(now, n.id, "RESTART", "term " + n.core.term() + ", log " + n.describeLog() + ", applied "
                + n.lastApplied());
        for (SimNode p : nodes) {
            if (p != n && p.up && !network.isCut(n.index, p.index)) n.core.linkConnected(p.id);
        }
        afterInput(n);
        for (SimNode p : nodes) {
            // Each peer's transport reconnects to the restarted node. Any of these steps may crash a
            // node (a torn write), so check again before every call.
            if (p != n && p.up && n.up && !network.isCut(p.index, n.index)) {
                p.core.linkConnected(n.id);
                afterInput(p);
            }
        }
    }

    /** Cuts or restores the directed link {@code from -> to}, telling the sender's transport as a real one would. */
    void setLink(int from, int to, boolean cut) {
        if (network.isCut(from, to) == cut) return;
        network.setCut(from, to, cut);
        SimNode f = nodes.get(from);
        SimNode t = nodes.get(to);
        trace.add(now, f.id, cut ? "CUT" : "HEAL", f.id + "->" + t.id);
        if (!f.up) return;
        if (cut && random.nextBoolean()) {
            f.core.reportUnreachable(t.id);
            afterInput(f);
        } else if (!cut && t.up && (quiet || params.fifoLinks() || random.nextInt(5) != 0)) {
            f.core.linkConnected(t.id);
            afterInput(f);
        }
    }

    // ---------------------------------------------------------------- end of run

    private boolean converged() {
        SimNode l = currentLeader();
        if (l == null) return false;
        long commit = l.core.commitLsn();
        if (l.core.termAt(commit) != l.core.term()) return false;
        for (SimNode n : nodes) {
            if (!n.up || n.lastApplied() != commit) return false;
        }
        return true;
    }

    /** Sum over running nodes of the applied LSN, or of the last LSN in the log. */
    private long sum(boolean applied) {
        long sum = 0;
        for (SimNode n : nodes) if (n.up) sum += applied ? n.lastApplied() : n.core.lastLsn();
        return sum;
    }

    private String states() {
        StringBuilder sb = new StringBuilder();
        for (SimNode n : nodes) {
            sb.append("\n    ").append(n.id).append(": ");
            if (!n.up) {
                sb.append("DOWN");
                continue;
            }
            RaftCore c = n.core;
            sb.append(c.role()).append(" term=").append(c.term()).append(" vote=").append(c.votedFor())
                    .append(" leader=").append(c.leader()).append(" last=").append(c.lastLsn()).append("@t")
                    .append(c.lastTerm()).append(" commit=").append(c.commitLsn()).append(" applied=")
                    .append(n.lastApplied()).append(" unwritten=").append(n.unwritten.size());
        }
        return sb.toString();
    }

    private SimResult failure(String invariant, RuntimeException e) {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(params.seed()).append(" violated ").append(invariant).append(" at t=").append(now)
                .append(": ").append(e.getMessage()).append('\n');
        sb.append("  reproduce: ").append(reproduce).append('\n');
        sb.append("  params: ").append(params.describe()).append('\n');
        sb.append("  nodes:").append(states()).append('\n');
        sb.append("  durable logs:\n");
        for (SimNode n : nodes) {
            sb.append("    ").append(n.id).append(": ").append(n.describeLog()).append("  ").append(n.disk.hardState())
                    .append("  tail ").append(n.tail(4)).append('\n');
        }
        sb.append("  leaders by term: ").append(new java.util.TreeMap<>(invariants.leaders())).append('\n');
        if (!(e instanceof InvariantViolation)) {
            java.io.StringWriter sw = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(sw));
            sb.append("  exception: ").append(sw.toString().lines().limit(12).reduce((a, b) -> a + "\n    " + b).orElse("")).append('\n');
        }
        sb.append("  trace tail:\n");
        for (Trace.Event ev : trace.tail(80)) sb.append("    ").append(ev).append('\n');
        sb.append("  reproduce: ").append(reproduce).append('\n');
        return new SimResult(params.seed(), params, invariant, sb.toString(), invariants.committedCount(),
                invariants.leaders().size(), now, invariants.readsServed());
    }
}
