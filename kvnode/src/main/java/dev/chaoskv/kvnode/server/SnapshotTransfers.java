package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.Snapshot;
import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.transport.PeerLink;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftCore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Snapshots streamed between this node and its peers. As leader: one {@link SnapshotSender} per
 * follower that needs compacted entries, each on its own thread so heartbeats to the other
 * followers are never delayed. As follower: the {@link SnapshotReceiver} assembling the leader's
 * chunks, which posts the verified snapshot to the event loop for installation.
 */
final class SnapshotTransfers implements AutoCloseable {
    private final String selfId;
    private final Path dir;
    private final Map<String, PeerLink> links;
    private final RaftCore core;
    private final Wal wal;
    private final NodeLog log;
    private final Consumer<NodeEvent> inbox;
    private final SnapshotReceiver receiver;
    /** Used on the event loop, which also delivers the acknowledgements; {@link #close} reads it from the stopping thread. */
    private final Map<String, SnapshotSender> senders = new ConcurrentHashMap<>();
    private final ExecutorService sending = Executors.newCachedThreadPool(SnapshotScheduler.daemonThreads("snapshot-sender"));
    /** Writes the chunks that arrive, in order, so that the raft loop (which reads them off the wire) never waits on the file. */
    private final ExecutorService receiving = Executors.newSingleThreadExecutor(SnapshotScheduler.daemonThreads("snapshot-receiver"));

    SnapshotTransfers(String selfId, Path dir, Map<String, PeerLink> links, RaftCore core, Wal wal, NodeLog log,
                      Consumer<NodeEvent> inbox) {
        this.selfId = selfId;
        this.dir = dir;
        this.links = links;
        this.core = core;
        this.wal = wal;
        this.log = log;
        this.inbox = inbox;
        this.receiver = new SnapshotReceiver(dir, log::info, r -> inbox.accept(new NodeEvent.InstallSnapshot(r)));
    }

    /** Streams our newest snapshot to {@code peer} unless one is already on its way (event loop). */
    void send(String peer) throws IOException {
        PeerLink link = links.get(peer);
        if (link == null || senders.containsKey(peer)) return;
        List<Path> files = SnapshotFile.list(dir);
        if (files.isEmpty()) {
            core.snapshotFailed(peer);
            return;
        }
        Path file = files.get(0);
        Snapshot header = SnapshotFile.readHeader(file);
        long lsn = header.lsn(), snapTerm = header.term();
        if (lsn < wal.firstLsn() - 1) {
            // The log was compacted past our newest snapshot: should not happen, but never send a gap.
            core.snapshotFailed(peer);
            return;
        }
        SnapshotSender s = new SnapshotSender(selfId, peer, core.term(), lsn, snapTerm, file, link, log::info,
                ok -> inbox.accept(new NodeEvent.SnapshotSent(peer, ok)));
        senders.put(peer, s);
        try {
            sending.execute(() -> runNamed("snapshot-to-" + peer, s));
        } catch (RejectedExecutionException closing) {
            senders.remove(peer);
        }
    }

    private static void runNamed(String name, Runnable task) {
        Thread t = Thread.currentThread();
        String idle = t.getName();
        t.setName(name);
        try {
            task.run();
        } finally {
            t.setName(idle);
        }
    }

    /** A transfer ended (event loop); a failed one is reported so the core can ask again. */
    void sent(String peer, boolean ok) {
        senders.remove(peer);
        if (!ok) core.snapshotFailed(peer);
    }

    /** A chunk from the leader (event loop), written on the receiving thread and acknowledged over our link to it once written. */
    void onChunk(Message.SnapshotChunk c) {
        try {
            receiving.execute(() -> {
                long next = receiver.onChunk(c);
                PeerLink l = links.get(c.from());
                if (l != null) l.send(new Message.SnapshotAck(selfId, c.term(), c.lsn(), next));
            });
        } catch (RejectedExecutionException closing) {
            // stopping: the leader sends it again to whoever asks next
        }
    }

    /** A follower's acknowledgement (event loop). */
    void onAck(Message.SnapshotAck a) {
        SnapshotSender s = senders.get(a.from());
        if (s != null) s.ack(a);
    }

    /** Cancels the transfers in flight (each stops at its next acknowledgement) and starts no new one. */
    @Override
    public void close() {
        senders.values().forEach(SnapshotSender::cancel);
        sending.shutdown();
        receiving.shutdown();
    }
}
