package dev.chaoskv.kvnode.server;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftConfig;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.kvnode.state.ApplyResult;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.transport.LinkEvent;
import dev.chaoskv.kvnode.transport.PeerLink;
import dev.chaoskv.kvnode.wal.Wal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One kvnode: the WAL, the state machine, the consensus core and the peer links, driven by a
 * single event-loop thread. Everything that touches the core happens on that thread; client and
 * peer threads post events and wait on futures. A batch of events shares one WAL fsync, which is
 * the group commit.
 */
public final class KvNode implements AutoCloseable {

    /** Something for the event loop to do. */
    private sealed interface Event {
    }

    private record PeerMessage(Message message) implements Event {
    }

    private record Link(LinkEvent event) implements Event {
    }

    private record Write(Entry command, CompletableFuture<Response> reply) implements Event {
    }

    private record Read(String key, CompletableFuture<Response> reply) implements Event {
    }

    private record Status(CompletableFuture<String> reply) implements Event {
    }

    private record Dump(CompletableFuture<Response> reply) implements Event {
    }

    private record InboundClosed(String peer) implements Event {
    }

    private record SnapshotWritten(long lsn, long term, int keys, long millis) implements Event {
    }

    private record SnapshotSent(String peer, boolean ok) implements Event {
    }

    private record InstallSnapshot(SnapshotReceiver.Received received) implements Event {
    }

    private final NodeConfig cfg;
    private final NodeLog log;
    private final Wal wal;
    private final KvState state;
    private final HardStateFile hardStateFile;
    private final CommitHintFile commitHint;
    private final RaftCore core;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    private final LinkedBlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
    private final Thread loop;
    private final java.nio.file.Path snapshotDir;
    private final SnapshotReceiver receiver;
    private final Map<String, SnapshotSender> senders = new java.util.concurrent.ConcurrentHashMap<>();
    private long lastSnapshotLsn;
    private boolean snapshotInProgress;
    private volatile boolean running = true;
    private volatile String roleName = "follower";

    // Loop-thread state.
    private final PendingRequests pending;
    private final StatusReport status;
    private RaftCore.Role lastRole = RaftCore.Role.FOLLOWER;

    public KvNode(NodeConfig cfg, NodeLog log) throws IOException {
        this.cfg = cfg;
        this.log = log;
        this.hardStateFile = new HardStateFile(cfg.storage().dataDir());
        this.commitHint = new CommitHintFile(cfg.storage().dataDir());
        Recovery.Recovered recovered = Recovery.recover(cfg.storage(), hardStateFile, commitHint, log);
        this.wal = recovered.wal();
        this.state = recovered.state();
        this.lastSnapshotLsn = recovered.snapshotLsn();
        Ready.HardState hs = recovered.hardState();
        long applied = state.appliedLsn();
        this.snapshotDir = cfg.storage().snapshotDir();
        this.receiver = new SnapshotReceiver(snapshotDir, log::info, r -> inbox.add(new InstallSnapshot(r)));
        this.pending = new PendingRequests(cfg.identity().id(), cfg.clients().commitTimeoutMs(), state);
        this.core = new RaftCore(raftConfig(cfg), wal::read, wal.terms().copy(), hs, applied, System.nanoTime() ^ cfg.identity().id().hashCode());
        for (Map.Entry<String, InetSocketAddress> p : cfg.membership().peers().entrySet()) {
            links.put(p.getKey(), new PeerLink(cfg.identity().id(), p.getKey(), p.getValue(), e -> inbox.add(new Link(e)),
                    log::info, () -> "[" + roleName + "]"));
        }
        this.status = new StatusReport(cfg, core, state, wal, links.values());
        this.loop = new Thread(this::runLoop, "raft-loop");
        log.info("[node] " + cfg.identity().id() + " starting: term " + hs.term() + ", log LSN " + wal.firstLsn() + ".." + wal.lastLsn()
                + ", state applied to LSN " + applied + ", peers " + describePeers() + ", quorum " + cfg.membership().effectiveQuorum()
                + " of " + cfg.membership().clusterSize() + ", fsync " + cfg.storage().fsync().name().toLowerCase());
    }

    /** The consensus settings of this node, its times converted to ticks. */
    static RaftConfig raftConfig(NodeConfig cfg) {
        int tick = cfg.timing().tickMs();
        return new RaftConfig(cfg.identity().id(), List.copyOf(cfg.membership().peers().keySet()),
                Math.max(2, cfg.timing().electionTimeoutMs() / tick), Math.max(1, cfg.timing().heartbeatMs() / tick),
                Math.max(1, cfg.timing().followerTimeoutMs() / tick), cfg.membership().effectiveQuorum(),
                !cfg.membership().neverCampaign(), cfg.membership().campaignAtStart(), true, true, cfg.unsafe().electAny(), 1 << 20, 64);
    }

    private String describePeers() {
        StringBuilder b = new StringBuilder("[");
        cfg.membership().peers().forEach((id, a) -> b.append(b.length() > 1 ? ", " : "").append(id).append('=').append(a.getHostString()).append(':').append(a.getPort()));
        return b.append(']').toString();
    }

    public void start() {
        loop.start();
        links.values().forEach(PeerLink::start);
    }

    public NodeConfig config() {
        return cfg;
    }

    // ------------------------------------------------------------------ called from other threads

    public void deliver(Message m) {
        inbox.add(new PeerMessage(m));
    }

    /** The peer just connected to us, so it is alive: stop waiting out our backoff towards it. */
    public void peerConnectedInbound(String peer) {
        PeerLink l = links.get(peer);
        if (l != null) l.kick();
    }

    /** The connection on which {@code peer} sends to us closed. */
    public void peerDisconnectedInbound(String peer) {
        inbox.add(new InboundClosed(peer));
    }

    public boolean isPeer(String id) {
        return links.containsKey(id);
    }

    /** A snapshot chunk from the leader (called on the inbound link's thread); acknowledged over our link to it. */
    public void onSnapshotChunk(Message.SnapshotChunk c) {
        long next = receiver.onChunk(c);
        PeerLink l = links.get(c.from());
        if (l != null) l.send(new Message.SnapshotAck(cfg.identity().id(), c.term(), c.lsn(), next));
    }

    public void onSnapshotAck(Message.SnapshotAck a) {
        SnapshotSender s = senders.get(a.from());
        if (s != null) s.ack(a);
    }

    public CompletableFuture<Response> write(Entry command) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        inbox.add(new Write(command, f));
        return f;
    }

    public CompletableFuture<Response> read(String key) {
        if (cfg.clients().readMode() == ReadMode.LOCAL) return CompletableFuture.completedFuture(LocalRead.answer(state, key));
        CompletableFuture<Response> f = new CompletableFuture<>();
        inbox.add(new Read(key, f));
        return f;
    }

    public CompletableFuture<String> status() {
        CompletableFuture<String> f = new CompletableFuture<>();
        inbox.add(new Status(f));
        return f;
    }

    public CompletableFuture<Response> dump() {
        CompletableFuture<Response> f = new CompletableFuture<>();
        inbox.add(new Dump(f));
        return f;
    }

    // ------------------------------------------------------------------ event loop

    private void runLoop() {
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(cfg.timing().tickMs());
        long nextTick = System.nanoTime() + tickNanos;
        long nextHousekeeping = System.nanoTime();
        List<Event> batch = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        try {
            while (running) {
                long wait = nextTick - System.nanoTime();
                Event first = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch, 8192);
                }
                for (Event e : batch) handle(e, writes);
                batch.clear();
                if (!writes.isEmpty()) {
                    propose(writes);
                    writes.clear();
                }
                long now = System.nanoTime();
                if (now >= nextTick) {
                    core.tick();
                    // After a long stall (GC, SIGSTOP) time resumes where it stopped: one tick, not a burst.
                    nextTick = now - nextTick > 10 * tickNanos ? now + tickNanos : nextTick + tickNanos;
                }
                processReadies();
                if (now >= nextHousekeeping) {
                    housekeeping(now);
                    nextHousekeeping = now + TimeUnit.MILLISECONDS.toNanos(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.info("[node] FATAL: event loop failed: " + t);
            t.printStackTrace();
            // A node that cannot persist must stop rather than acknowledge anything it did not store.
            Runtime.getRuntime().halt(70);
        }
    }

    private void handle(Event e, List<Write> writes) throws IOException {
        if (e instanceof PeerMessage pm) {
            PeerLink l = links.get(pm.message().from());
            if (l != null && !l.connected()) l.kick();
            core.step(pm.message());
        } else if (e instanceof Link le) {
            if (le.event() instanceof LinkEvent.Up up) core.linkConnected(up.peer());
            else core.reportUnreachable(le.event().peer());
        } else if (e instanceof Write w) {
            writes.add(w);
        } else if (e instanceof Read r) {
            handleRead(r);
        } else if (e instanceof Status s) {
            s.reply().complete(status.json(roleName, lastSnapshotLsn));
        } else if (e instanceof Dump d) {
            d.reply().complete(new Response.Dump(state.appliedLsn(), state.copy()));
        } else if (e instanceof InboundClosed c) {
            core.peerConnectionLost(c.peer());
        } else if (e instanceof SnapshotWritten w) {
            snapshotWritten(w);
        } else if (e instanceof SnapshotSent s) {
            senders.remove(s.peer());
            if (!s.ok()) core.snapshotFailed(s.peer());
        } else if (e instanceof InstallSnapshot i) {
            install(i.received());
        }
    }

    private void propose(List<Write> writes) {
        List<Entry> commands = new ArrayList<>(writes.size());
        for (Write w : writes) commands.add(w.command());
        RaftCore.ProposeResult r = core.propose(commands);
        if (r instanceof RaftCore.ProposeResult.Accepted a) {
            long lsn = a.firstLsn();
            for (Write w : writes) pending.awaitCommit(lsn++, a.term(), w.reply());
        } else if (r instanceof RaftCore.ProposeResult.NotLeader nl) {
            Response resp = notLeader(nl.leader());
            for (Write w : writes) w.reply().complete(resp);
        } else if (r instanceof RaftCore.ProposeResult.NoQuorum nq) {
            Response resp = new Response.Rejected("leader " + cfg.identity().id() + " can reach only " + nq.reachable() + " of "
                    + cfg.membership().clusterSize() + " nodes but the write quorum is " + nq.needed() + "; nothing was written");
            for (Write w : writes) w.reply().complete(resp);
        }
    }

    private void handleRead(Read r) {
        if (cfg.unsafe().staleReads() && core.role() == RaftCore.Role.LEADER) {
            r.reply().complete(LocalRead.answer(state, r.key()));
            return;
        }
        long ctx = pending.nextReadCtx();
        boolean ok = cfg.clients().readMode() == ReadMode.LEASE ? core.readLease(ctx) : core.readIndex(ctx);
        if (!ok) {
            r.reply().complete(notLeader(core.leader()));
            return;
        }
        pending.awaitReadIndex(ctx, r.key(), r.reply());
    }

    private Response notLeader(String leader) {
        InetSocketAddress a = leader == null ? null : cfg.membership().peers().get(leader);
        return new Response.NotLeader(leader == null ? "" : leader, a == null ? "" : a.getHostString() + ":" + a.getPort());
    }

    private void processReadies() throws IOException {
        while (true) {
            Ready rd = core.ready();
            if (rd.isEmpty()) break;
            boolean sendEarly = rd.hardState() == null && core.role() == RaftCore.Role.LEADER
                    && rd.messages().stream().allMatch(o -> o.message() instanceof Message.Append || o.message() instanceof Message.Heartbeat);
            if (sendEarly) send(rd.messages());
            if (rd.hardState() != null) hardStateFile.save(rd.hardState());
            if (rd.truncateAfter() >= 0) {
                wal.truncateAfter(rd.truncateAfter());
                pending.failWritesAfter(rd.truncateAfter());
            }
            if (!rd.append().isEmpty()) {
                wal.append(rd.append());
                wal.sync();
                long last = rd.append().get(rd.append().size() - 1).lsn();
                core.persisted(last);
                if (cfg.unsafe().ackBeforeReplicate()) pending.ackLocallyDurable(rd.append());
            }
            if (!sendEarly) send(rd.messages());
            for (Entry e : rd.committed()) apply(e);
            if (!rd.committed().isEmpty()) maybeSnapshot();
            for (String p : rd.snapshotRequests()) sendSnapshot(p);
            for (Ready.ReadState rs : rd.reads()) pending.readIndexConfirmed(rs.index(), rs.ctx());
            pending.serveAppliedReads();
            for (String ev : rd.events()) log.info(ev);
            for (String p : rd.unreachable()) {
                PeerLink l = links.get(p);
                if (l != null) l.reset("no reply within the follower timeout");
            }
            noticeRoleChange();
        }
        noticeRoleChange();
    }

    private void maybeSnapshot() {
        if (snapshotInProgress || state.appliedLsn() - lastSnapshotLsn < cfg.snapshots().every()) return;
        snapshotInProgress = true;
        long lsn = state.appliedLsn(), term = state.appliedTerm();
        Map<String, byte[]> copy = state.copyUnordered();
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try {
                dev.chaoskv.kvnode.state.SnapshotFile.write(snapshotDir, lsn, term, copy);
                inbox.add(new SnapshotWritten(lsn, term, copy.size(), (System.nanoTime() - start) / 1_000_000));
            } catch (IOException ex) {
                log.info("[snapshot] writing snapshot at LSN " + lsn + " failed: " + ex.getMessage());
                inbox.add(new SnapshotWritten(-1, term, 0, 0));
            }
        }, "snapshot-writer");
        t.setDaemon(true);
        t.start();
    }

    private void snapshotWritten(SnapshotWritten w) throws IOException {
        snapshotInProgress = false;
        if (w.lsn() < 0) return;
        lastSnapshotLsn = w.lsn();
        long target = w.lsn() - cfg.snapshots().walRetainRecords();
        long before = wal.firstLsn();
        if (target >= before) {
            long base = wal.deleteSegmentsUpTo(target);
            core.compact(base);
        }
        log.info("[snapshot] wrote snapshot at LSN " + w.lsn() + " (" + w.keys() + " keys) in " + w.millis()
                + " ms; WAL now holds LSN " + wal.firstLsn() + ".." + wal.lastLsn()
                + (wal.firstLsn() > before ? " (compacted from LSN " + before + ")" : ""));
    }

    private void sendSnapshot(String peer) throws IOException {
        PeerLink link = links.get(peer);
        if (link == null || senders.containsKey(peer)) return;
        List<java.nio.file.Path> files = dev.chaoskv.kvnode.state.SnapshotFile.list(snapshotDir);
        if (files.isEmpty()) {
            core.snapshotFailed(peer);
            return;
        }
        java.nio.file.Path file = files.get(0);
        var header = dev.chaoskv.kvnode.state.SnapshotFile.readHeader(file);
        long lsn = header.lsn(), snapTerm = header.term();
        if (lsn < wal.firstLsn() - 1) {
            // The log was compacted past our newest snapshot: should not happen, but never send a gap.
            core.snapshotFailed(peer);
            return;
        }
        SnapshotSender s = new SnapshotSender(cfg.identity().id(), peer, core.term(), lsn, snapTerm, file, link, log::info,
                ok -> inbox.add(new SnapshotSent(peer, ok)));
        senders.put(peer, s);
        Thread t = new Thread(s, "snapshot-to-" + peer);
        t.setDaemon(true);
        t.start();
    }

    private void install(SnapshotReceiver.Received r) throws IOException {
        var s = r.snapshot();
        if (!core.installSnapshot(r.from(), r.term(), s.lsn(), s.term())) {
            java.nio.file.Files.deleteIfExists(r.file());
            return;
        }
        // Snapshot first, then drop the log: a crash in between leaves the snapshot plus an old
        // log suffix, which recovery recognises and drops; never a node with neither.
        dev.chaoskv.kvnode.state.SnapshotFile.adopt(snapshotDir, r.file(), s.lsn());
        wal.resetTo(s.lsn(), s.term());
        state.restore(s.data(), s.lsn(), s.term());
        lastSnapshotLsn = s.lsn();
        pending.forgetConfirmedReads();
        commitHint.maybeSave(s.lsn());
    }

    private void send(List<Ready.Outbound> messages) {
        for (Ready.Outbound o : messages) {
            PeerLink l = links.get(o.to());
            if (l != null) l.send(o.message());
        }
    }

    private void apply(Entry e) {
        pending.applied(e, state.apply(e));
    }

    private void noticeRoleChange() {
        RaftCore.Role role = core.role();
        if (role == lastRole) return;
        roleName = switch (role) {
            case LEADER -> "leader";
            case FOLLOWER -> "follower";
            case CANDIDATE -> "candidate";
            case PRE_CANDIDATE -> "pre-candidate";
        };
        if (lastRole == RaftCore.Role.LEADER) pending.leadershipLost(notLeader(core.leader()));
        lastRole = role;
    }

    private void housekeeping(long now) throws IOException {
        commitHint.maybeSave(state.appliedLsn());
        pending.expireReads(now);
    }

    @Override
    public void close() throws IOException {
        running = false;
        loop.interrupt();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.values().forEach(SnapshotSender::cancel);
        links.values().forEach(PeerLink::close);
        wal.close();
    }
}
