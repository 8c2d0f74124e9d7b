package dev.chaoskv.chaos.observe;

import dev.chaoskv.common.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LagSamplerTest {
    @TempDir
    Path dir;

    @Test
    void lagIsTheLeadersCommitLsnMinusTheFollowersAppliedLsn() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Path file = dir.resolve("lag.jsonl");
        LagSampler s = new LagSampler(file, Map.of("n1", new HostPort("127.0.0.1", 1), "n2", new HostPort("127.0.0.1", 2)), Duration.ofMillis(250), clock::get);
        s.record(NodeStatus.parse(clock.get(), "n1",
                "{\"role\":\"leader\",\"term\":2,\"leader\":\"n1\",\"lastLsn\":120,\"commitLsn\":118,\"appliedLsn\":118,\"digest\":\"x\"}"));
        s.record(NodeStatus.parse(clock.get(), "n2",
                "{\"role\":\"follower\",\"term\":2,\"leader\":\"n1\",\"lastLsn\":110,\"commitLsn\":100,\"appliedLsn\":100,\"digest\":\"y\"}"));
        s.record(NodeStatus.failed(clock.get(), "n2", "timeout"));
        assertEquals("n1", s.leaderId().orElseThrow());
        assertEquals(18, s.maxLag());
        assertEquals(18, s.lagHistograms().get("n2").getMaxValue());
        assertEquals(List.of(new LagSampler.LagPoint(1_000_000_000L, "n2", 18)), s.points());
        s.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).contains("\"appliedLsn\":100"));
        assertTrue(lines.get(2).contains("\"error\":\"timeout\""));
    }

    @Test
    void aStaleLeaderSampleIsNotTrusted() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        LagSampler s = new LagSampler(dir.resolve("lag.jsonl"), Map.of("n1", new HostPort("127.0.0.1", 1)), Duration.ofMillis(250), clock::get);
        s.record(NodeStatus.parse(0, "n1", "{\"role\":\"leader\",\"term\":1,\"lastLsn\":5,\"commitLsn\":5,\"appliedLsn\":5}"));
        clock.set(10_000_000_000L);
        assertTrue(s.leaderId().isEmpty());
        s.close();
    }
}
