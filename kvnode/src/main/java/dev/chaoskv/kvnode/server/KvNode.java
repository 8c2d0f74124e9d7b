package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.metrics.MetricsExposition;
import dev.chaoskv.kvnode.metrics.NodeGauges;
import dev.chaoskv.kvnode.metrics.NodeMetrics;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.transport.PeerCredentials;
import dev.chaoskv.kvnode.transport.PeerLink;
import dev.chaoskv.kvnode.transport.PeerSecret;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftConfig;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.log.Entry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One kvnode: recovers its data directory, then runs the consensus core on the {@link RaftLoop}
 * with links to its peers and snapshots on the side. This class is the door for the other
 * threads: the client I/O loop and peer threads post events to the loop's inbox with the future
 * to complete; only a {@code --read-mode=local} read is answered on the caller's thread.
 */
public final class KvNode implements AutoCloseable {
    private final NodeConfig cfg;
    private final KvState state;
    private final Wal wal;
    private final Map<String, PeerLink> links = new LinkedHashMap<>();
    private final Inbox inbox;
    private final SnapshotScheduler snapshots;
    private final SnapshotTransfers transfers;
    private final RaftLoop loop;
    private final DataDirLock lock;
    private final NodeMetrics metrics = new NodeMetrics();
    private final PeerCredentials credentials;
    private final PortTls tls;

    public KvNode(NodeConfig cfg, NodeLog log) throws IOException {
        this.cfg = cfg;
        this.inbox = new Inbox();
        String self = cfg.identity().id();
        Path secretFile = cfg.peerAuth().secretFile();
        PeerSecret secret = secretFile == null ? null : PeerSecretFile.load(secretFile);
        this.tls = PortTls.load(cfg.tls());
        Recovery.createDataDir(cfg.storage());
        this.lock = DataDirLock.acquire(cfg.storage().dataDir());
        Recovery.Recovered disk;
        try {
            String clusterId = ClusterIdFile.resolve(cfg.storage().dataDir(), cfg.peerAuth().clusterId(), log);
            this.credentials = new PeerCredentials(clusterId, self, cfg.membership().peers().keySet(), secret);
            disk = Recovery.recover(cfg.storage(), log);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        this.wal = disk.wal();
        wal.onFsync(metrics.fsync()::observeNanos);
        this.state = disk.state();
        long applied = state.appliedLsn();
        RaftCore core = new RaftCore(raftConfig(cfg), wal::read, wal.terms().copy(), disk.hardState(), applied, System.nanoTime() ^ self.hashCode());
        if (disk.catchUp().required()) {
            if (cfg.membership().clusterSize() > 1) {
                core.abstainUntilCaughtUp();
            } else {
                log.info("[node] WARNING: the recovery flag cut this log and there is no other member to catch up from: what was cut is lost");
                disk.catchUp().clear();
            }
        }
        for (Map.Entry<String, InetSocketAddress> p : cfg.membership().peers().entrySet()) {
            links.put(p.getKey(), new PeerLink(credentials, tls.peerContext(), p.getKey(), p.getValue(), e -> inbox.add(new NodeEvent.Link(e)),
                    log::info, this::rolePrefix));
        }
        this.snapshots = new SnapshotScheduler(cfg.snapshots(), cfg.storage().snapshotDir(), wal, core, disk.snapshotLsn(), log, inbox::add);
        this.transfers = new SnapshotTransfers(self, cfg.storage().snapshotDir(), links, core, wal, log, inbox::add);
        this.loop = new RaftLoop(cfg, log, core, disk, links, inbox, snapshots, transfers, metrics);
        log.info("[node] " + self + " starting: term " + disk.hardState().term() + ", log LSN " + wal.firstLsn() + ".." + wal.lastLsn()
                + ", state applied to LSN " + applied + ", peers " + describePeers() + ", quorum " + cfg.membership().effectiveQuorum()
                + " of " + cfg.membership().clusterSize() + ", fsync " + cfg.storage().fsync().name().toLowerCase());
        log.info("[node] cluster '" + credentials.clusterId() + "', peers " + (secret == null
                ? "checked by cluster and member id (no --peer-secret-file)" : "authenticated with the secret in " + secretFile)
                + (cfg.tls().peers() ? ", over mutual TLS" : ""));
        if (cfg.tls().any()) {
            log.info("[node] TLS: clients " + cfg.tls().clients().flag() + ", peers " + (cfg.tls().peers() ? "on (mutual)" : "off")
                    + "; certificate " + cfg.tls().stores().certStore() + ", trusting " + cfg.tls().stores().trustStore());
        }
    }

    /**
     * The consensus settings of this node, its times converted to ticks. Two unsafe modes also
     * switch off what would otherwise keep their bug out of reach (docs/kvnode.md, "Unsafe settings"):
     * with stale reads the leader runs without CheckQuorum, so a leader cut off from the others keeps
     * leading and answering reads from its own state while a new leader commits elsewhere; with
     * elect-any the node runs without Pre-Vote and CheckQuorum (the paper's basic Raft), so a node
     * cut off from the others keeps raising its term and, when it rejoins, is elected with its
     * stale log instead of being refused by followers that still hear their leader.
     */
    static RaftConfig raftConfig(NodeConfig cfg) {
        int tick = cfg.timing().tickMs();
        return RaftConfig.builder(cfg.identity().id(), List.copyOf(cfg.membership().peers().keySet()))
                .electionTicks(Math.max(2, cfg.timing().electionTimeoutMs() / tick))
                .heartbeatTicks(Math.max(1, cfg.timing().heartbeatMs() / tick))
                .followerTimeoutTicks(Math.max(1, cfg.timing().followerTimeoutMs() / tick))
                .writeQuorum(cfg.membership().effectiveQuorum())
                .canCampaign(!cfg.membership().neverCampaign()).campaignAtStart(cfg.membership().campaignAtStart())
                .unsafeElectAny(cfg.unsafe().electAny())
                .preVote(!cfg.unsafe().electAny())
                .checkQuorum(!cfg.unsafe().electAny() && !cfg.unsafe().staleReads()).build();
    }

    private String describePeers() {
        StringBuilder b = new StringBuilder("[");
        cfg.membership().peers().forEach((id, a) -> b.append(b.length() > 1 ? ", " : "").append(id).append('=').append(a.getHostString()).append(':').append(a.getPort()));
        return b.append(']').toString();
    }

    /** Peer links tag their log lines with the role at the time. */
    private String rolePrefix() {
        return "[" + loop.roleName() + "]";
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
        inbox.add(new NodeEvent.PeerMessage(m));
    }

    /**
     * Hands a peer's authenticated plaintext stream (non-blocking) to the event loop, which reads
     * it from now on; {@code ahead} holds the bytes the handshake read past its end.
     *
     * @param ended closes the connection and says whether it was the peer's current one
     */
    public void readInbound(String peer, SocketChannel channel, byte[] ahead, BooleanSupplier ended) {
        inbox.add(new NodeEvent.InboundOpened(new InboundStream(peer, channel, ahead, ended)));
    }

    /** The peer just connected to us, so it is alive: stop waiting out our backoff towards it. */
    public void peerConnectedInbound(String peer) {
        PeerLink l = links.get(peer);
        if (l != null) l.kick();
    }

    /** The connection on which {@code peer} sends to us closed. */
    public void peerDisconnectedInbound(String peer) {
        inbox.add(new NodeEvent.InboundClosed(peer));
    }

    /** What TLS the port speaks and whom it lets in. */
    public PortTls portTls() {
        return tls;
    }

    /** What peers are checked against at the handshake. */
    public PeerCredentials peerCredentials() {
        return credentials;
    }

    /**
     * Lets the event loop write the client answers it completes: {@code writer} runs on the event
     * loop after each batch of answers (instead of each answer waking a client I/O loop).
     *
     * @return the event loop's thread, on which answers are completed and {@code writer} runs
     */
    public Thread writeAnswersWith(Runnable writer) {
        return loop.writeAnswersWith(writer);
    }

    /** A batch for one client I/O loop (used by that loop's thread only). */
    public RequestBatch newRequestBatch() {
        return new RequestBatch();
    }

    /**
     * Writes and reads a client I/O loop starts during one turn, held until {@link #post()} hands
     * them to the event loop as one event: one queue operation and at most one wake-up for a
     * turn's worth of requests instead of one each (the event loop then proposes them together,
     * as it would have anyway). Only its I/O loop's thread uses a batch.
     */
    public final class RequestBatch {
        private List<NodeEvent> held = new ArrayList<>();

        private RequestBatch() {
        }

        /** {@code reply} is completed (on the event loop) once the write's outcome is known. */
        public void write(Entry command, CompletableFuture<Response> reply) {
            held.add(new NodeEvent.Write(command, reply));
        }

        /** A {@code --read-mode=local} read is answered at once on the caller's thread; others on the event loop. */
        public void read(String key, CompletableFuture<Response> reply) {
            if (cfg.clients().readMode() == ReadMode.LOCAL) reply.complete(LocalRead.answer(state, key));
            else held.add(new NodeEvent.Read(key, reply));
        }

        /** Hands what is held to the event loop. */
        public void post() {
            if (held.isEmpty()) return;
            inbox.add(held.size() == 1 ? held.get(0) : new NodeEvent.Requests(held));
            held = new ArrayList<>();
        }
    }

    public CompletableFuture<String> status() {
        CompletableFuture<String> f = new CompletableFuture<>();
        inbox.add(new NodeEvent.Status(f));
        return f;
    }

    public void dump(CompletableFuture<Response> reply) {
        inbox.add(new NodeEvent.Dump(reply));
    }

    /** Counted where things happen; client sessions record their requests here. */
    public NodeMetrics metrics() {
        return metrics;
    }

    /**
     * The Prometheus text for a scrape. The loop's values are asked for like STATUS; if the loop
     * does not answer within a second (a stalled fsync), the counters are served without them.
     */
    public String metricsText() {
        CompletableFuture<NodeGauges> f = new CompletableFuture<>();
        inbox.add(new NodeEvent.Gauges(f));
        NodeGauges gauges;
        try {
            gauges = f.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            gauges = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gauges = null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return MetricsExposition.render(metrics, gauges);
    }

    @Override
    public void close() throws IOException {
        loop.stop();
        transfers.close();
        snapshots.close();
        links.values().forEach(PeerLink::close);
        wal.close();
        lock.close();
    }
}
