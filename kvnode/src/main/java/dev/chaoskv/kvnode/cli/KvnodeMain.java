package dev.chaoskv.kvnode.cli;

import dev.chaoskv.common.cli.CliConvention;
import dev.chaoskv.common.tls.TlsStores;
import dev.chaoskv.kvnode.metrics.MetricsServer;
import dev.chaoskv.kvnode.server.KvNode;
import dev.chaoskv.kvnode.server.KvServer;
import dev.chaoskv.kvnode.server.NodeConfig;
import dev.chaoskv.kvnode.server.NodeLog;
import dev.chaoskv.kvnode.server.ReadMode;
import dev.chaoskv.kvnode.server.StartRefusedException;
import dev.chaoskv.kvnode.wal.FsyncMode;
import dev.chaoskv.kvnode.wal.WalCorruptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code bin/kvnode}: runs one replicated key-value node. */
@Command(name = "kvnode", sortOptions = false,
        description = {"Runs one node of a replicated key-value store (Raft: WAL, quorum commit, catch-up, failover).",
                "Clients and peers use the same port. Examples:",
                "  kvnode --id n1 --port 9001 --data-dir ./node1 --peers n2=127.0.0.1:9002,n3=127.0.0.1:9003",
                "  kvnode --port 9001 --data-dir ./node1 --role=leader --peers=9002,9003",
                "  kvnode --port 9003 --data-dir ./node3 --role=follower --leader=9001"},
        footer = {"", "Exit codes:", "  0   --help or --version", "  2   cannot start: damaged WAL, refused start-up, port in use",
                "  64  bad usage", "  70  stopped at once: its event loop failed, so it cannot persist (see its log)",
                "Stopped with SIGTERM or Ctrl-C, it closes its files and exits 143 or 130."})
public final class KvnodeMain implements Callable<Integer> {

    enum Role { auto, leader, follower }

    @Option(names = "--id", paramLabel = "ID", description = "Node id (default: the port number).")
    String id;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port for clients and peers.")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory for the WAL, snapshots and the persisted term/vote.")
    Path dataDir;

    @Option(names = "--peers", paramLabel = "PEERS", defaultValue = "", description = "Other members: [id=]port or [id=]host:port, comma-separated. A bare port means 127.0.0.1 and id = port.")
    String peers;

    @Option(names = "--leader", paramLabel = "PEER", description = "Address of the initial leader ([id=]port or [id=]host:port); added to the peers.")
    String leader;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "auto", description = "auto (elections as usual), leader (campaign at once), follower (never campaign). Default: ${DEFAULT-VALUE}.")
    Role role;

    @Option(names = "--quorum", paramLabel = "N", defaultValue = "0", description = "Nodes, leader included, that must hold a write durably before it is acknowledged. 0 = majority (default). Below a majority is unsafe.")
    int quorum;

    @Option(names = "--fsync", paramLabel = "MODE", defaultValue = "always", description = "always (group commit: one fsync per batch) or never (unsafe on power loss). Default: ${DEFAULT-VALUE}.")
    String fsync;

    @Option(names = "--max-key-bytes", paramLabel = "BYTES", defaultValue = "1024", description = "Largest key accepted (default: ${DEFAULT-VALUE}).")
    int maxKeyBytes;

    @Option(names = "--max-value-bytes", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest value accepted (default: ${DEFAULT-VALUE}).")
    int maxValueBytes;

    @Option(names = "--heartbeat-ms", paramLabel = "MS", defaultValue = "100", description = "Leader heartbeat interval (default: ${DEFAULT-VALUE}).")
    int heartbeatMs;

    @Option(names = "--election-timeout-ms", paramLabel = "MS", defaultValue = "1000", description = "Base election timeout T; each wait is drawn from [T, 2T) (default: ${DEFAULT-VALUE}).")
    int electionTimeoutMs;

    @Option(names = "--follower-timeout-ms", paramLabel = "MS", description = "A follower silent for this long is marked offline: left out of shipping and quorum, its link retried with backoff (default: the election timeout).")
    Integer followerTimeoutMs;

    @Option(names = "--commit-timeout-ms", paramLabel = "MS", defaultValue = "5000", description = "How long a write or read waits before the answer is TIMEOUT (outcome unknown) (default: ${DEFAULT-VALUE}).")
    int commitTimeoutMs;

    @Option(names = "--read-mode", paramLabel = "MODE", defaultValue = "linearizable", description = "linearizable (ReadIndex, default), lease (leader lease; assumes bounded clock drift) or local (stale reads possible).")
    String readMode;

    @Option(names = "--wal-segment-bytes", paramLabel = "BYTES", defaultValue = "67108864", description = "WAL segment size before rolling to a new file (default: ${DEFAULT-VALUE}).")
    long walSegmentBytes;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "100000", description = "Take a snapshot of the state once this many records were applied since the last one, or as many as the last snapshot held keys if that is more (default: ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(names = "--wal-retain-records", paramLabel = "N", defaultValue = "10000", description = "Records kept in the WAL behind the latest snapshot; followers further behind get the snapshot (default: ${DEFAULT-VALUE}).")
    long walRetainRecords;

    @Option(names = "--unsafe-ack-before-replicate", description = "UNSAFE: acknowledge PUT/DELETE once the leader alone has them on disk. For proving the checker sees lost writes.")
    boolean unsafeAck;

    @Option(names = "--unsafe-elect-any", description = "UNSAFE: grant votes without checking that the candidate's log is up to date, and run without Pre-Vote and CheckQuorum, so a node that was cut off is elected with its stale log when it rejoins.")
    boolean unsafeElectAny;

    @Option(names = "--unsafe-stale-reads", description = "UNSAFE: a leader answers reads from its own state without confirming it still leads, and runs without CheckQuorum, so a leader cut off from the others keeps serving reads after a new leader was elected.")
    boolean unsafeStaleReads;

    @Option(names = "--unsafe-recover-truncated-wal", description = "UNSAFE: start although the WAL is damaged or ends below the last known commit: cut it at the first damaged record (dropping everything after it) instead of refusing. The node then neither votes nor campaigns until it has caught up with a leader.")
    boolean unsafeRecoverTruncatedWal;

    @Option(names = "--metrics-port", paramLabel = "N", description = "Serve Prometheus metrics at http://HOST:N/metrics (HOST: --host); 0 = any free port, logged. Default: off.")
    Integer metricsPort;

    @Option(names = "--cluster-id", paramLabel = "NAME", description = "Name of the cluster, fixed at a node's first start and kept in its data directory; peers with another are refused. Give every member the same one (default: the data directory's, else '" + NodeConfig.PeerAuth.DEFAULT_CLUSTER_ID + "').")
    String clusterId;

    @Option(names = "--peer-secret-file", paramLabel = "FILE", description = "A secret shared by all members (mode 600): peers prove they hold it at every connection (HMAC-SHA256 challenge-response; it never crosses the network).")
    Path peerSecretFile;

    @Option(names = "--client-tls", paramLabel = "MODE", defaultValue = "off", description = "off (default): clients speak plaintext; on: clients must speak TLS; require-client-cert: and present a certificate the trust store accepts. A plaintext client gets an ERROR naming this flag.")
    String clientTls;

    @Option(names = "--peer-tls", paramLabel = "MODE", defaultValue = "off", description = "off (default) or on: peers speak mutual TLS, both presenting the certificate of their --tls-cert-store; a peer without one the trust store accepts is refused and logged. Give every member the same setting.")
    String peerTls;

    @Option(names = "--tls-cert-store", paramLabel = "FILE.p12", description = "PKCS#12 key store with this node's private key and certificate chain (SAN: every address clients and peers reach it at).")
    Path tlsCertStore;

    @Option(names = "--tls-trust-store", paramLabel = "FILE.p12", description = "PKCS#12 trust store with the certificate authorities whose certificates this node accepts from peers and clients.")
    Path tlsTrustStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File holding the password of both stores (one trailing newline ignored).")
    Path tlsPasswordFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeConfig cfg = buildConfig();
        NodeLog log = new NodeLog(cfg.identity().id(), System.out);
        if (!cfg.unsafeSettings().isEmpty()) {
            log.info("[node] WARNING: running with an UNSAFE setting; acknowledged writes or read consistency can be lost by design");
        }
        KvNode node;
        try {
            node = new KvNode(cfg, log);
        } catch (WalCorruptException e) {
            System.err.println("error: " + e.getMessage() + " (--unsafe-recover-truncated-wal starts anyway, dropping the damaged"
                    + " record and everything after it; see 'Storage failures' in docs/kvnode.md)");
            return 2;
        } catch (StartRefusedException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        KvServer server;
        try {
            server = new KvServer(node, log);
        } catch (BindException e) {
            System.err.println("error: cannot listen on " + cfg.identity().host() + ":" + cfg.identity().port() + ": " + e.getMessage());
            node.close();
            return 2;
        }
        MetricsServer metrics = null;
        if (metricsPort != null) {
            try {
                metrics = MetricsServer.start(cfg.identity().host(), metricsPort, node::metricsText);
            } catch (IOException e) {
                System.err.println("error: cannot serve metrics on " + cfg.identity().host() + ":" + metricsPort + ": " + e.getMessage());
                server.close();
                node.close();
                return 2;
            }
        }
        MetricsServer metricsServer = metrics;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("[node] shutting down");
            server.close();
            if (metricsServer != null) metricsServer.close();
            try {
                node.close();
            } catch (IOException e) {
                log.info("[node] error while closing: " + e.getMessage());
            }
            stopped.countDown();
        }, "shutdown"));
        node.start();
        server.start();
        if (metricsServer != null) log.info("[node] metrics at http://" + cfg.identity().host() + ":" + metricsServer.port() + MetricsServer.PATH);
        stopped.await();
        return 0;
    }

    NodeConfig buildConfig() {
        if (port == null) throw usage("--port is required");
        if (dataDir == null) throw usage("--data-dir is required");
        if (port < 1 || port > 65535) throw usage("--port " + port + " is out of range");
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) throw usage("--metrics-port " + metricsPort + " is out of range");
        String self = id != null ? id : String.valueOf(port);
        Map<String, InetSocketAddress> peerMap;
        try {
            peerMap = PeerSpec.parseList(peers);
            if (leader != null) {
                Map.Entry<String, InetSocketAddress> l = PeerSpec.parseOne(leader);
                peerMap.putIfAbsent(l.getKey(), l.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (peerMap.containsKey(self)) throw usage("node id '" + self + "' also appears in --peers/--leader");
        int size = peerMap.size() + 1;
        if (quorum < 0 || quorum > size) throw usage("--quorum " + quorum + " is impossible with " + size + " nodes");
        if (heartbeatMs < 1) throw usage("--heartbeat-ms must be positive");
        if (electionTimeoutMs < 2 * heartbeatMs) throw usage("--election-timeout-ms (" + electionTimeoutMs + ") must be at least twice --heartbeat-ms (" + heartbeatMs + ")");
        if (maxKeyBytes < 1 || maxValueBytes < 0) throw usage("key/value limits must be positive");
        if ((long) maxKeyBytes + 2L * maxValueBytes > 256L << 20) throw usage("--max-key-bytes + 2 x --max-value-bytes must stay under 256 MiB");
        if (commitTimeoutMs < 1) throw usage("--commit-timeout-ms must be positive");
        if (snapshotEvery < 1) throw usage("--snapshot-every must be positive");
        if (walRetainRecords < 0) throw usage("--wal-retain-records must not be negative");
        if (walSegmentBytes < 1024) throw usage("--wal-segment-bytes must be at least 1024");
        FsyncMode fs = switch (fsync.toLowerCase()) {
            case "always" -> FsyncMode.ALWAYS;
            case "never" -> FsyncMode.NEVER;
            default -> throw usage("--fsync must be 'always' or 'never', not '" + fsync + "'");
        };
        ReadMode rm = switch (readMode.toLowerCase()) {
            case "linearizable" -> ReadMode.LINEARIZABLE;
            case "lease" -> ReadMode.LEASE;
            case "local" -> ReadMode.LOCAL;
            default -> throw usage("--read-mode must be linearizable, lease or local, not '" + readMode + "'");
        };
        int followerTimeout = followerTimeoutMs != null ? followerTimeoutMs : electionTimeoutMs;
        NodeConfig.PeerAuth peerAuth;
        try {
            peerAuth = new NodeConfig.PeerAuth(clusterId, peerSecretFile);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        NodeConfig.Tls tls = tls();
        return new NodeConfig(
                new NodeConfig.Identity(self, host, port),
                new NodeConfig.Membership(peerMap, quorum, role == Role.leader, role == Role.follower),
                new NodeConfig.Storage(dataDir, fs, walSegmentBytes, unsafeRecoverTruncatedWal),
                new NodeConfig.Timing(heartbeatMs, electionTimeoutMs, followerTimeout),
                new NodeConfig.Clients(maxKeyBytes, maxValueBytes, commitTimeoutMs, rm),
                new NodeConfig.Snapshots(snapshotEvery, walRetainRecords),
                new NodeConfig.Unsafe(unsafeAck, unsafeElectAny, unsafeStaleReads),
                peerAuth,
                tls);
    }

    private NodeConfig.Tls tls() {
        NodeConfig.ClientTls clients;
        try {
            clients = NodeConfig.ClientTls.parse(clientTls);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        boolean peers = switch (peerTls) {
            case "on" -> true;
            case "off" -> false;
            default -> throw usage("--peer-tls must be off or on, not '" + peerTls + "'");
        };
        boolean files = tlsCertStore != null || tlsTrustStore != null || tlsPasswordFile != null;
        if (clients == NodeConfig.ClientTls.OFF && !peers) {
            if (files) throw usage("--tls-cert-store/--tls-trust-store/--tls-password-file given, but --client-tls and --peer-tls are off");
            return NodeConfig.Tls.OFF;
        }
        String mode = peers ? "--peer-tls on" : "--client-tls " + clients.flag();
        if (tlsCertStore == null) throw usage(mode + " needs --tls-cert-store");
        if (tlsTrustStore == null) throw usage(mode + " needs --tls-trust-store");
        if (tlsPasswordFile == null) throw usage(mode + " needs --tls-password-file");
        return new NodeConfig.Tls(clients, peers, new TlsStores(tlsCertStore, tlsTrustStore, tlsPasswordFile));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        CommandLine cli = CliConvention.apply(new CommandLine(new KvnodeMain()));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println("error: " + ex.getMessage());
            return 2;
        });
        return cli;
    }
}
