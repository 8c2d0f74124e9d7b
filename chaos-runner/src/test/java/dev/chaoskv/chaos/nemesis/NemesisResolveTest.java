package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Turning planned faults into concrete links and nodes, and the ledger that records them. */
class NemesisResolveTest {
    private final ClusterPlan plan = ClusterPlan.of(3);
    private final AtomicReference<String> leader = new AtomicReference<>("n2");
    private final Nemesis nemesis = new Nemesis(new NemesisSchedule(List.of()), plan, null, null, null, null,
            () -> Optional.ofNullable(leader.get()), 7);

    private static NemesisSchedule.Window window(Fault f) {
        return new NemesisSchedule.Window(1, 0, 1, f);
    }

    @Test
    void partitionLeaderCutsTheCurrentLeaderBothWays() {
        Nemesis.Applied a = nemesis.resolve(window(new Fault.Partition(FaultKind.PARTITION_LEADER, CutMode.BLACKHOLE,
                List.of("n1", "n2", "n3"), true)));
        assertEquals("start-partition", a.startF());
        assertEquals("stop-partition", a.stopF());
        assertEquals(CutMode.BLACKHOLE, a.mode());
        assertEquals(List.of("n2-to-n1", "n2-to-n3", "n1-to-n2", "n3-to-n2"), a.proxies());
        assertEquals(List.of(List.of("n2"), List.of("n1", "n3")), a.value().get("groups"));
    }

    @Test
    void oneWayCutsOnlyWhatTheLeaderSends() {
        Nemesis.Applied a = nemesis.resolve(window(new Fault.Partition(FaultKind.PARTITION_ONE_WAY, CutMode.DISCONNECT,
                List.of("n1", "n2", "n3"), true)));
        assertEquals(List.of("n2-to-n1", "n2-to-n3"), a.proxies());
        assertEquals("outbound", a.value().get("direction"));
    }

    @Test
    void anUnknownLeaderFallsBackToASeededNodeReproducibly() {
        leader.set(null);
        Fault kill = new Fault.Kill(FaultKind.KILL_LEADER, List.of("n1"));
        List<String> first = nemesis.resolve(window(kill)).kill();
        assertEquals(1, first.size());
        assertEquals(first, nemesis.resolve(window(kill)).kill());
    }

    @Test
    void killPauseAndLatencyTargets() {
        assertEquals(List.of("n3"), nemesis.resolve(window(new Fault.Kill(FaultKind.KILL_ONE, List.of("n3")))).kill());
        Nemesis.Applied pause = nemesis.resolve(window(new Fault.Pause(FaultKind.PAUSE_LEADER, List.of("n1"))));
        assertEquals(List.of("n2"), pause.pause());
        assertEquals("pause", pause.startF());
        Nemesis.Applied lat = nemesis.resolve(window(new Fault.Latency(FaultKind.LATENCY, 100, 50)));
        assertEquals(6, lat.proxies().size()); // every peer link, no client link
        assertTrue(lat.proxies().stream().noneMatch(p -> p.startsWith("client")));
        assertEquals(100, lat.value().get("latencyMs"));
    }

    @Test
    void theLedgerRecordsEnoughToHealAfterACrash(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        FaultLedger ledger = new FaultLedger(run, dir);
        assertTrue(Files.readString(dir.resolve(FaultLedger.ACTIVE)).contains(run.toAbsolutePath().toString()));
        ledger.append("run", Map.of("runnerPid", 42L, "toxiproxyUrl", "http://127.0.0.1:8474", "embedded", false));
        ledger.append("proxies", Map.of("names", List.of("n1-to-n2", "client-to-n1")));
        ledger.append("node-started", Map.of("node", "n1", "pid", 100L));
        ledger.append("node-started", Map.of("node", "n1", "pid", 101L));
        ledger.append("apply", Map.of("window", 1, "fault", "pause-one"));
        ledger.close();
        Files.writeString(run.resolve(FaultLedger.FILE), "{\"torn", java.nio.file.StandardOpenOption.APPEND);
        FaultLedger.Contents c = FaultLedger.read(run);
        assertEquals("http://127.0.0.1:8474", c.toxiproxyUrl());
        assertFalse(c.embedded());
        assertEquals(42L, c.runnerPid());
        assertEquals(List.of("n1-to-n2", "client-to-n1"), List.copyOf(c.proxies()));
        assertEquals(List.of(100L, 101L), c.nodePids().get("n1"));
        assertFalse(c.healed());
        ledger.finished();
        assertFalse(Files.exists(dir.resolve(FaultLedger.ACTIVE)));
    }

    @Test
    void scheduleDurationsAreHonoured() {
        NemesisSchedule s = NemesisSchedule.generate(new NemesisSchedule.Plan(1, plan.nodeIds(), List.of(FaultKind.KILL_ONE),
                Duration.ofMillis(1500), Duration.ofSeconds(10), 1, null));
        assertEquals(3, s.windows().size());
        assertEquals(750_000_000L, s.windows().get(0).startNanos());
    }
}
