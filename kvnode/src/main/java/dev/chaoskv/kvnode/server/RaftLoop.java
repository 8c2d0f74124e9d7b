package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.metrics.NodeGauges;
import dev.chaoskv.kvnode.metrics.NodeMetrics;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.transport.LinkEvent;
import dev.chaoskv.kvnode.transport.PeerLink;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.raft.log.Entry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that drives the consensus core: it reads the peers' plaintext streams itself and
 * takes events from the inbox in batches,
 * proposes a batch's writes together, ticks, and carries out each {@link Ready} in the order the
 * core requires (persist and fsync, then send, apply and answer). Everything that touches the
 * core, the pending requests and the snapshot bookkeeping happens here, so none of it needs a
 * lock; a batch of events shares one WAL fsync, which is the group commit.
 */
final class RaftLoop {
    private static final long HOUSEKEEPING_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final NodeConfig cfg;
    private final NodeLog log;
    private final RaftCore core;
    private final Wal wal;
    private final HardStateFile hardStateFile;
    private final CommitHintFile commitHint;
    private final CatchUpMarker catchUp;
    private final KvState state;
    private final Map<String, PeerLink> links;
    private final Inbox inbox;
    /** Where the peer streams are read into, and what one turn's reading decoded. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final List<Message> arrived = new ArrayList<>();
    private final SnapshotScheduler snapshots;
    private final SnapshotTransfers transfers;
    private final PendingRequests pending;
    private final StatusReport status;
    private final NodeMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;
    /** Writes the client answers this thread completed (set once the client server exists; see {@link #writeAnswersWith}). */
    private volatile Runnable answerWriter = () -> { };
    private volatile String roleName = "follower";
    private RaftCore.Role lastRole = RaftCore.Role.FOLLOWER;
    /** The last term this node campaigned in, and the last term it saw a leader of: each new one counts once. */
    private long lastCampaignTerm;
    private long lastLeaderTerm;

    RaftLoop(NodeConfig cfg, NodeLog log, RaftCore core, Recovery.Recovered disk, Map<String, PeerLink> links,
             Inbox inbox, SnapshotScheduler snapshots, SnapshotTransfers transfers, NodeMetrics metrics) {
        this.cfg = cfg;
        this.log = log;
        this.core = core;
        this.wal = disk.wal();
        this.hardStateFile = disk.hardStateFile();
        this.commitHint = disk.commitHint();
        this.catchUp = disk.catchUp();
        this.state = disk.state();
        this.links = links;
        this.inbox = inbox;
        this.snapshots = snapshots;
        this.transfers = transfers;
        this.pending = new PendingRequests(cfg.identity().id(), cfg.clients().commitTimeoutMs(), state);
        this.status = new StatusReport(cfg, core, state, wal, links.values());
        this.metrics = metrics;
        this.lastCampaignTerm = disk.hardState().term();
        this.thread = new Thread(this::run, "raft-loop");
    }

    void start() {
        thread.start();
    }

    /**
     * Stops the loop, waiting a while for the batch in hand. No interrupt: one would close the
     * WAL's file channel under a write (ClosedByInterruptException); the loop sees the flag
     * within a tick.
     */
    void stop() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code writer} writes out the client answers this loop completed; it runs on this loop's
     * thread after each batch of answers.
     *
     * @return this loop's thread
     */
    Thread writeAnswersWith(Runnable writer) {
        this.answerWriter = writer;
        return thread;
    }

    /** The node's role as the logs and STATUS name it; readable from any thread. */
    String roleName() {
        return roleName;
    }

    private void run() {
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(cfg.timing().tickMs());
        long nextTick = System.nanoTime() + tickNanos;
        long nextHousekeeping = System.nanoTime();
        List<NodeEvent.Write> writes = new ArrayList<>();
        try {
            while (running) {
                inbox.await(nextTick - System.nanoTime());
                Iterator<SelectionKey> readable = inbox.readable().iterator();
                while (readable.hasNext()) {
                    SelectionKey k = readable.next();
                    readable.remove();
                    read(k);
                }
                NodeEvent e;
                for (int n = 0; n < 8192 && (e = inbox.poll()) != null; n++) handle(e, writes);
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
                answerWriter.run();
                if (now >= nextHousekeeping) {
                    housekeeping(now);
                    nextHousekeeping = now + HOUSEKEEPING_NANOS;
                }
            }
        } catch (Throwable t) {
            if (!running) {
                // Shutting down: the node is closing the files under us; nothing to report.
                log.info("[node] event loop stopped during shutdown: " + t);
                return;
            }
            log.info("[node] FATAL: event loop failed: " + t);
            t.printStackTrace();
            // A node that cannot persist must stop rather than acknowledge anything it did not store.
            Runtime.getRuntime().halt(70);
        } finally {
            try {
                inbox.close();
            } catch (IOException ignored) {
                // stopping anyway; the server closes the streams' sockets
            }
        }
    }

    /** Delivers what a peer's stream brought; ends the stream if it closed or sent something invalid. */
    private void read(SelectionKey k) {
        InboundStream s = (InboundStream) k.attachment();
        boolean ended = false;
        try {
            s.read(readBuffer, arrived);
        } catch (ProtocolException e) {
            log.info("[node] peer " + s.peer() + " sent a bad frame (" + e.getMessage() + "); dropping its link");
            ended = true;
        } catch (IOException e) {
            ended = true; // closed or reset by the peer, or closed by the server (a newer stream replaced it)
        }
        // What was decoded before an error is valid: deliver it first, in order.
        for (Message m : arrived) peerMessage(m);
        arrived.clear();
        if (ended) {
            k.cancel();
            if (s.close()) core.peerConnectionLost(s.peer());
        }
    }

    /** A message from a peer, read here or posted by a TLS stream's thread. */
    private void peerMessage(Message m) {
        if (m instanceof Message.SnapshotChunk c) {
            transfers.onChunk(c);
            return;
        }
        if (m instanceof Message.SnapshotAck a) {
            transfers.onAck(a);
            return;
        }
        PeerLink l = links.get(m.from());
        if (l != null && !l.connected()) l.kick();
        core.step(m);
    }

    private void handle(NodeEvent e, List<NodeEvent.Write> writes) throws IOException {
        if (e instanceof NodeEvent.PeerMessage pm) {
            peerMessage(pm.message());
        } else if (e instanceof NodeEvent.InboundOpened o) {
            adopt(o.stream());
        } else if (e instanceof NodeEvent.Link le) {
            if (le.event() instanceof LinkEvent.Up up) core.linkConnected(up.peer());
            else core.reportUnreachable(le.event().peer());
        } else if (e instanceof NodeEvent.Write w) {
            writes.add(w);
        } else if (e instanceof NodeEvent.Requests rs) {
            for (NodeEvent r : rs.events()) handle(r, writes);
        } else if (e instanceof NodeEvent.Read r) {
            handleRead(r);
        } else if (e instanceof NodeEvent.Status s) {
            s.reply().complete(status.json(roleName, snapshots.lastSnapshotLsn()));
        } else if (e instanceof NodeEvent.Gauges g) {
            g.reply().complete(gauges());
        } else if (e instanceof NodeEvent.Dump d) {
            d.reply().complete(new Response.Dump(state.appliedLsn(), state.copy()));
        } else if (e instanceof NodeEvent.InboundClosed c) {
            core.peerConnectionLost(c.peer());
        } else if (e instanceof NodeEvent.SnapshotWritten w) {
            snapshots.written(w);
            if (w.lsn() >= 0) metrics.snapshotTaken();
        } else if (e instanceof NodeEvent.SnapshotSent s) {
            transfers.sent(s.peer(), s.ok());
            if (s.ok()) metrics.snapshotSent();
        } else if (e instanceof NodeEvent.InstallSnapshot i) {
            install(i.received());
        }
    }

    /** Reads {@code s} from now on, starting with what its handshake read ahead. */
    private void adopt(InboundStream s) {
        SelectionKey k;
        try {
            k = inbox.register(s.channel(), s);
        } catch (IOException | RuntimeException e) {
            // closed in the meantime (replaced, or the server stopping)
            if (s.close()) core.peerConnectionLost(s.peer());
            return;
        }
        read(k);
    }

    private void propose(List<NodeEvent.Write> writes) {
        List<Entry> commands = new ArrayList<>(writes.size());
        for (NodeEvent.Write w : writes) commands.add(w.command());
        RaftCore.ProposeResult r = core.propose(commands);
        if (r instanceof RaftCore.ProposeResult.Accepted a) {
            long lsn = a.firstLsn();
            for (NodeEvent.Write w : writes) pending.awaitCommit(lsn++, a.term(), w.reply());
        } else if (r instanceof RaftCore.ProposeResult.NotLeader nl) {
            Response resp = notLeader(nl.leader());
            for (NodeEvent.Write w : writes) w.reply().complete(resp);
        } else if (r instanceof RaftCore.ProposeResult.NoQuorum nq) {
            Response resp = new Response.Rejected("leader " + cfg.identity().id() + " can reach only " + nq.reachable() + " of "
                    + cfg.membership().clusterSize() + " nodes but the write quorum is " + nq.needed() + "; nothing was written");
            for (NodeEvent.Write w : writes) w.reply().complete(resp);
        }
    }

    private void handleRead(NodeEvent.Read r) {
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
            // A Ready that only commits (nothing to persist) answers its clients before it tells the peers:
            // those messages carry the new commit index, and nobody waits for them as the clients do.
            boolean answerFirst = rd.append().isEmpty() && !rd.committed().isEmpty();
            boolean sendEarly = !answerFirst && rd.hardState() == null && core.role() == RaftCore.Role.LEADER
                    && rd.messages().stream().allMatch(o -> o.message() instanceof Message.Append || o.message() instanceof Message.Heartbeat);
            if (sendEarly) send(rd.messages());
            if (rd.hardState() != null) {
                hardStateFile.save(rd.hardState());
                countCampaign(rd.hardState());
            }
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
            if (!sendEarly && !answerFirst) send(rd.messages());
            for (Entry e : rd.committed()) pending.applied(e, state.apply(e));
            if (answerFirst) {
                answerWriter.run();
                send(rd.messages());
            }
            if (!rd.committed().isEmpty()) snapshots.maybeTake(state);
            for (String p : rd.snapshotRequests()) transfers.send(p);
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
        noticeLeader();
    }

    /** Only a campaign makes a node vote for itself, in a term it has just raised. */
    private void countCampaign(Ready.HardState hs) {
        if (hs.term() > lastCampaignTerm && cfg.identity().id().equals(hs.votedFor())) {
            lastCampaignTerm = hs.term();
            metrics.electionStarted();
        }
    }

    /** A term has at most one leader, so a leader seen in a new term is a new leadership. */
    private void noticeLeader() {
        if (core.leader() != null && core.term() != lastLeaderTerm) {
            lastLeaderTerm = core.term();
            metrics.leaderChanged();
        }
    }

    private NodeGauges gauges() {
        List<NodeGauges.Peer> peers = new ArrayList<>();
        for (RaftCore.PeerView v : core.peers()) peers.add(new NodeGauges.Peer(v.id(), v.online(), v.matchLsn(), v.lag()));
        return new NodeGauges(roleName, core.term(),
                new NodeGauges.Log(core.lastLsn(), core.commitLsn(), state.appliedLsn(), snapshots.lastSnapshotLsn()),
                peers, new NodeGauges.Wal(wal.fsyncCount(), wal.appendedCount(), wal.segmentCount()));
    }

    /** Each link's messages go out in one write, from this thread: no hand-off to the link's thread on the way. */
    private void send(List<Ready.Outbound> messages) {
        if (messages.isEmpty()) return;
        for (Ready.Outbound o : messages) {
            PeerLink l = links.get(o.to());
            if (l != null) l.enqueue(o.message());
        }
        for (PeerLink l : links.values()) l.flush();
    }

    private void install(SnapshotReceiver.Received r) throws IOException {
        var s = r.snapshot();
        if (!core.installSnapshot(r.from(), r.term(), s.lsn(), s.term())) {
            Files.deleteIfExists(r.file());
            return;
        }
        // Snapshot first, then drop the log: a crash in between leaves the snapshot plus an old
        // log suffix, which recovery recognises and drops; never a node with neither.
        snapshots.adopt(r.file(), s.lsn(), s.data().size());
        wal.resetTo(s.lsn(), s.term());
        state.restore(s.data(), s.lsn(), s.term());
        pending.forgetConfirmedReads();
        commitHint.maybeSave(s.lsn());
        metrics.snapshotInstalled();
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
        if (catchUp.required() && !core.abstaining()) {
            catchUp.clear();
            log.info("[node] caught up with the leader after the recovery flag cut the log; removed " + CatchUpMarker.FILE_NAME);
        }
        pending.expireReads(now);
    }
}
