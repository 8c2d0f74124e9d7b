package dev.chaoskv.kvnode.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.launch.KvnodeLauncher;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.common.FreePorts;
import dev.chaoskv.testkit.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged, missing and shared data directories, with real processes: each start is refused in one line naming the file, exit 2. */
class StorageFailuresIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TestCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private void startSoloWithKeys(String name, int port, int keys, String... extraArgs) throws Exception {
        cluster.start(name, port, extraArgs);
        cluster.await(name + " leads", WAIT, () -> name.equals(cluster.leader()));
        try (KvClient c = cluster.client(name)) {
            for (int i = 0; i < keys; i++) assertInstanceOf(Response.Ok.class, c.put("k" + i, "v" + i));
        }
    }

    /** Restarts a stopped node and waits for it to exit; returns its exit code. */
    private int restartAndAwaitExit(String name) throws Exception {
        cluster.restart(name);
        Process p = cluster.node(name).process()[0];
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + " did not exit: " + cluster.log(name));
        return p.exitValue();
    }

    /** The log's lines that start with "error:", which must be exactly one. */
    private String errorLine(String name) throws IOException {
        List<String> errors = cluster.log(name).lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), cluster.log(name));
        assertFalse(cluster.log(name).contains("\tat "), "no stack trace: " + cluster.log(name));
        return errors.get(0);
    }

    private static Path onlySegment(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.list(dataDir.resolve("wal"))) {
            List<Path> segs = s.filter(p -> p.getFileName().toString().startsWith("wal-")).toList();
            assertEquals(1, segs.size(), segs.toString());
            return segs.get(0);
        }
    }

    /** Where the records of a segment end: a killed node leaves zeros after them (written ahead of the records). */
    private static long recordsEnd(Path segment) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        long pos = 0;
        while (pos + 8 <= b.length) {
            int len = ByteBuffer.wrap(b, (int) pos, 4).getInt();
            if (len == 0) break;
            pos += 8 + len;
        }
        return pos;
    }

    /** Flips the lowest bit of the high byte of the length of the record that starts at or after {@code from}. */
    private static long flipLengthOfRecordAfter(Path segment, long from) throws IOException {
        byte[] b = Files.readAllBytes(segment);
        long pos = 0;
        while (pos < from) pos += 8 + ByteBuffer.wrap(b, (int) pos, 4).getInt();
        b[(int) pos] ^= 0x01;
        Files.write(segment, b);
        return pos;
    }

    @Test
    void aSecondNodeOnTheSameDataDirExits2NamingTheDirectoryAndThePidHoldingIt() throws Exception {
        int[] ports = FreePorts.take(2);
        startSoloWithKeys("first", ports[0], 3);
        Path dataDir = cluster.node("first").dataDir();
        Path log = cluster.dir().resolve("second.log");
        Process second = KvnodeLauncher.withJvmOptions(List.of("-Xmx128m", "-XX:+UseSerialGC"))
                .start(List.of("--port", String.valueOf(ports[1]), "--data-dir", dataDir.toString()), log);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second node did not exit");
        String out = Files.readString(log);
        assertEquals(2, second.exitValue(), out);
        long pid = cluster.node("first").process()[0].pid();
        assertEquals("error: " + dataDir + ": in use by another kvnode (pid " + pid + " holds " + dataDir.resolve("LOCK") + ")", out.trim());
        try (KvClient c = cluster.client("first")) {
            assertInstanceOf(Response.Ok.class, c.put("still", "serving"));
        }
    }

    @Test
    void aDeletedRaftStateIsRefusedNamingTheFile() throws Exception {
        startSoloWithKeys("solo", FreePorts.one(), 3);
        cluster.kill("solo");
        Path raftState = cluster.node("solo").dataDir().resolve("raft-state");
        Files.delete(raftState);
        assertEquals(2, restartAndAwaitExit("solo"));
        assertTrue(errorLine("solo").startsWith("error: " + raftState + ": missing, but the log holds entries up to term "), cluster.log("solo"));
    }

    @Test
    void aDamagedSnapshotIsRefusedNamingTheSnapshot() throws Exception {
        startSoloWithKeys("solo", FreePorts.one(), 30, "--snapshot-every", "10", "--wal-retain-records", "0", "--wal-segment-bytes", "1024");
        Path snapshots = cluster.node("solo").dataDir().resolve("snapshot");
        cluster.await("a snapshot was written", WAIT, () -> {
            JsonNode s = cluster.status("solo");
            return s != null && s.path("snapshotLsn").asLong() > 0;
        });
        cluster.kill("solo");
        Path snap;
        try (Stream<Path> s = Files.list(snapshots)) {
            snap = s.filter(p -> p.getFileName().toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(snap);
        b[b.length - 10] ^= 0x01;
        Files.write(snap, b);
        assertEquals(2, restartAndAwaitExit("solo"));
        String error = errorLine("solo");
        assertTrue(error.startsWith("error: damaged snapshot " + snap + ": "), error);
    }

    @Test
    void aDamagedLengthInTheWalIsRefusedNamingFileAndOffsetNotDroppedAsATail() throws Exception {
        startSoloWithKeys("solo", FreePorts.one(), 20);
        cluster.kill("solo");
        Path seg = onlySegment(cluster.node("solo").dataDir());
        long offset = flipLengthOfRecordAfter(seg, recordsEnd(seg) / 2);
        assertEquals(2, restartAndAwaitExit("solo"));
        String error = errorLine("solo");
        assertTrue(error.startsWith("error: WAL corrupt in " + seg + " at offset " + offset + ": "), error);
        assertTrue(error.contains("not a torn tail"), error);
        assertTrue(error.contains("--unsafe-recover-truncated-wal"), error);
    }

    @Test
    void sigtermUnderLoadShutsDownWithoutAFatalStackTrace() throws Exception {
        startSoloWithKeys("solo", FreePorts.one(), 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                try (KvClient c = cluster.client("solo")) {
                    for (int i = 0; !stop.get(); i++) {
                        c.put("w" + id + "-" + i, "v");
                        acked.incrementAndGet();
                    }
                } catch (KvClientException | RuntimeException e) {
                    // the node went away: expected
                }
            });
            t.start();
            writers.add(t);
        }
        cluster.await("writes under way", Duration.ofSeconds(30), () -> acked.get() >= 500);
        Process p = cluster.node("solo").process()[0];
        p.destroy(); // SIGTERM, as Ctrl-C or a service manager sends it
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        for (Thread t : writers) t.join(10_000);
        String log = cluster.log("solo");
        assertTrue(log.contains("[node] shutting down"), log);
        assertFalse(log.contains("FATAL") || log.contains("\tat "), log);
    }

    @Test
    void aFollowerStartedWithTheRecoveryFlagAbstainsUntilItCaughtUpThenVotesAgain() throws Exception {
        int[] p = FreePorts.take(3);
        List<List<String>> args = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StringBuilder peers = new StringBuilder();
            for (int j = 0; j < 3; j++) if (j != i) peers.append(peers.length() > 0 ? "," : "").append("n").append(j + 1).append("=127.0.0.1:").append(p[j]);
            args.add(List.of("--id", "n" + (i + 1), "--peers", peers.toString()));
            cluster.start("n" + (i + 1), p[i], args.get(i).toArray(String[]::new));
        }
        String leader = cluster.awaitLeader(WAIT);
        int f = leader.equals("n3") ? 1 : 2;
        String follower = "n" + (f + 1);
        try (KvClient c = cluster.client(leader)) {
            for (int i = 0; i < 40; i++) assertInstanceOf(Response.Ok.class, c.put("k" + i, "v" + i));
        }
        Path hint = cluster.node(follower).dataDir().resolve("commit-hint");
        cluster.await(follower + " wrote a commit hint past the writes", WAIT, () -> {
            try {
                return Files.exists(hint) && ByteBuffer.wrap(Files.readAllBytes(hint)).getLong() >= 40;
            } catch (IOException e) {
                return false;
            }
        });
        cluster.kill(follower);
        Path seg = onlySegment(cluster.node(follower).dataDir());
        flipLengthOfRecordAfter(seg, recordsEnd(seg) / 3);
        assertEquals(2, restartAndAwaitExit(follower));
        assertTrue(errorLine(follower).contains("WAL corrupt in " + seg), cluster.log(follower));

        List<String> withFlag = new ArrayList<>(args.get(f));
        withFlag.add("--unsafe-recover-truncated-wal");
        cluster.start(follower, p[f], withFlag.toArray(String[]::new));
        cluster.await(follower + " caught up with the leader and votes again", WAIT, () -> {
            try {
                return cluster.log(follower).contains("voting again");
            } catch (IOException e) {
                return false;
            }
        });
        String log = cluster.log(follower);
        assertTrue(log.contains("[wal] RECOVERY FLAG: cutting the log at offset"), log);
        assertTrue(log.contains("not voting or campaigning until it has caught up with a leader"), log);
        cluster.await(follower + " converges with the leader", WAIT, () -> {
            JsonNode l = cluster.status(leader), s = cluster.status(follower);
            return l != null && s != null && l.path("digest").equals(s.path("digest"));
        });
        Path marker = cluster.node(follower).dataDir().resolve("catch-up-required");
        cluster.await("the catch-up marker is removed", WAIT, () -> !Files.exists(marker));
    }
}
