package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.nemesis.fault.Injection;
import dev.chaoskv.chaos.nemesis.fault.KillLeader;
import dev.chaoskv.chaos.nemesis.fault.KillOne;
import dev.chaoskv.chaos.nemesis.fault.Latency;
import dev.chaoskv.chaos.nemesis.fault.PartitionLeader;
import dev.chaoskv.chaos.nemesis.fault.PartitionOneWay;
import dev.chaoskv.chaos.nemesis.fault.PauseLeader;
import dev.chaoskv.chaos.nemesis.fault.Targets;
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
    private final Targets targets = new Targets(plan, () -> Optional.ofNullable(leader.get()), 7).forWindow(1);

    @Test
    void partitionLeaderCutsTheCurrentLeaderBothWays() {
        Injection.CutLinks a = (Injection.CutLinks) new PartitionLeader(CutMode.BLACKHOLE).resolve(targets);
        assertEquals("start-partition", a.startEvent());
        assertEquals("stop-partition", a.stopEvent());
        assertEquals(CutMode.BLACKHOLE, a.mode());
        assertEquals(List.of("n2-to-n1", "n2-to-n3", "n1-to-n2", "n3-to-n2"), a.links());
        assertEquals(List.of(List.of("n2"), List.of("n1", "n3")), a.value().get("groups"));
    }

    @Test
    void oneWayCutsOnlyWhatTheLeaderSends() {
        Injection.CutLinks a = (Injection.CutLinks) new PartitionOneWay(CutMode.DISCONNECT, true).resolve(targets);
        assertEquals(List.of("n2-to-n1", "n2-to-n3"), a.links());
        assertEquals("outbound", a.value().get("direction"));
    }

    @Test
    void anUnknownLeaderFallsBackToASeededNodeReproducibly() {
        leader.set(null);
        List<String> first = ((Injection.KillNodes) new KillLeader().resolve(targets)).nodes();
        assertEquals(1, first.size());
        assertEquals(first, ((Injection.KillNodes) new KillLeader().resolve(targets)).nodes());
    }

    @Test
    void killPauseAndLatencyTargets() {
        assertEquals(List.of("n3"), ((Injection.KillNodes) new KillOne("n3").resolve(targets)).nodes());
        Injection.PauseNodes pause = (Injection.PauseNodes) new PauseLeader().resolve(targets);
        assertEquals(List.of("n2"), pause.nodes());
        assertEquals("pause", pause.startEvent());
        Injection.SlowLinks lat = (Injection.SlowLinks) new Latency(100, 50).resolve(targets);
        assertEquals(6, lat.links().size()); // every peer link, no client link
        assertTrue(lat.links().stream().noneMatch(p -> p.startsWith("client")));
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
