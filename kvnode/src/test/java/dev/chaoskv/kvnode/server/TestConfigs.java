package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.wal.FsyncMode;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** NodeConfigs for unit tests: the CLI's defaults, with the parts a test cares about given. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** Peers n2, n3, ... on ports 9002, 9003, ... of 127.0.0.1. */
    static Map<String, InetSocketAddress> peers(int count) {
        Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
        for (int i = 2; i < count + 2; i++) peers.put("n" + i, new InetSocketAddress("127.0.0.1", 9000 + i));
        return peers;
    }

    static NodeConfig node(Path dataDir, int peerCount, int quorum, NodeConfig.Unsafe unsafe) {
        return new NodeConfig(
                new NodeConfig.Identity("n1", "127.0.0.1", 9001),
                new NodeConfig.Membership(peers(peerCount), quorum, false, false),
                new NodeConfig.Storage(dataDir, FsyncMode.ALWAYS, 64L << 20),
                new NodeConfig.Timing(100, 1000, 1000),
                new NodeConfig.Clients(1024, 1 << 20, 5000, ReadMode.LINEARIZABLE),
                new NodeConfig.Snapshots(100_000, 10_000),
                unsafe);
    }
}
