package dev.chaoskv.toxiproxy.toxics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The toxic chain's timing arithmetic, without sockets: exact where the real server is exact. */
class ToxicChainTest {
    private static final long MS = 1_000_000L;
    private final SplittableRandom random = new SplittableRandom(42);

    private ToxicChain chain(Toxic... toxics) {
        List<ToxicSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < toxics.length; i++) {
            specs.add(new ToxicSpec("t" + i, StreamDirection.DOWNSTREAM, "downstream", 1f, toxics[i]));
        }
        return ToxicChain.EMPTY.rebuild(specs, random, 0).chain();
    }

    private static StreamItem.Chunk chunk(int len, long at) {
        return new StreamItem.Chunk(new byte[len], 0, len, at, at);
    }

    @Test
    void bandwidthSendsRateTimes100BytePiecesEvery100Ms() {
        ToxicChain c = chain(new BandwidthToxic(100)); // 100 KB/s: pieces of 10,000 B
        List<StreamItem> out = c.process(chunk(25_000, 0));
        assertEquals(3, out.size());
        assertEquals(100 * MS, out.get(0).ready());
        assertEquals(200 * MS, out.get(1).ready());
        assertEquals(250 * MS, out.get(2).ready()); // 5,000 B at 100 KB/s = 50 ms
        assertEquals(260 * MS, c.process(chunk(1_000, 0)).get(0).ready(), "delay accumulates across chunks");
    }

    @Test
    void bandwidthAtRateZeroHoldsDataAndTheCloseBehindItUntilTheToxicChanges() {
        ToxicChain c = chain(new BandwidthToxic(0), new LatencyToxic(10, 0));
        long first = c.process(chunk(100, 5 * MS)).get(0).ready();
        assertTrue(Toxic.held(first, 5 * MS), "held, not due at any real time: " + first);
        long second = c.process(chunk(1, 6 * MS)).get(0).ready();
        assertTrue(second >= first, "order kept");
        StreamItem end = c.process(new StreamItem.End(7 * MS)).get(0);
        assertTrue(Toxic.held(end.ready(), 7 * MS), "the close waits behind the held data");
        assertTrue(!Toxic.held(7 * MS + Toxic.msToNanos(Long.MAX_VALUE), 7 * MS), "the longest real delay is not a hold");
    }

    @Test
    void bandwidthBelowZeroIsUnlimited() {
        assertEquals(5 * MS, chain(new BandwidthToxic(-1)).process(chunk(100_000, 5 * MS)).get(0).ready());
    }

    @Test
    void latenciesAddUpAndKeepOrderWithJitter() {
        ToxicChain twoLatencies = chain(new LatencyToxic(100, 0), new LatencyToxic(50, 0));
        assertEquals(150 * MS, twoLatencies.process(chunk(1, 0)).get(0).ready());

        ToxicChain jittery = chain(new LatencyToxic(100, 90));
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 200; i++) {
            long ready = jittery.process(chunk(1, i * MS)).get(0).ready();
            assertTrue(ready >= last, "order preserved");
            assertTrue(ready >= i * MS + 10 * MS && ready <= i * MS + 190 * MS + 200 * MS, "within latency ± jitter");
            last = ready;
        }
    }

    @Test
    void slicerPiecesStayWithinAveragePlusVariationAndCoverTheChunk() {
        ToxicChain c = chain(new SlicerToxic(100, 20, 10));
        List<StreamItem> out = c.process(chunk(10_000, 0));
        int total = 0;
        for (StreamItem it : out) {
            StreamItem.Chunk piece = (StreamItem.Chunk) it;
            assertTrue(piece.length() > 0 && piece.length() <= 120, "piece of " + piece.length());
            assertEquals(total, piece.offset(), "contiguous");
            total += piece.length();
        }
        assertEquals(10_000, total);
        assertEquals((out.size() - 1) * 10_000L, out.get(out.size() - 1).ready(), "10 µs between pieces");
        assertTrue(chain(new SlicerToxic(0, 0, 0)).process(chunk(50, 0)).size() <= 50, "average 0 terminates");
    }

    @Test
    void limitDataCountSurvivesAnUpdateAndTruncatesExactly() {
        ToxicSpec spec = new ToxicSpec("limit", StreamDirection.DOWNSTREAM, "downstream", 1f, new LimitDataToxic(10));
        ToxicChain c = ToxicChain.EMPTY.rebuild(List.of(spec), random, 0).chain();
        assertEquals(6, ((StreamItem.Chunk) c.process(chunk(6, 0)).get(0)).length());
        c = c.rebuild(List.of(spec.with(1f, new LimitDataToxic(12))), random, 0).chain();
        List<StreamItem> out = c.process(chunk(100, 0));
        assertEquals(6, ((StreamItem.Chunk) out.get(0)).length(), "12 - 6 already sent");
        assertInstanceOf(StreamItem.End.class, out.get(1));
        assertTrue(c.process(chunk(5, 0)).isEmpty(), "nothing after the close");
    }

    @Test
    void timeoutDropsDataAndItsDeadlineMovesWithEachChunk() {
        ToxicChain c = chain(new TimeoutToxic(200));
        assertEquals(200 * MS, c.idleDeadline());
        assertTrue(c.process(chunk(10, 50 * MS)).isEmpty());
        assertEquals(250 * MS, c.idleDeadline());
        var rebuilt = c.rebuild(List.of(), random, 0);
        assertTrue(rebuilt.removedTimeout(), "removing a timeout closes the link");
    }

    @Test
    void packetLossDropsChunksAtTheRateAndCorrelationMakesBursts() {
        ToxicChain independent = chain(new PacketLossToxic(0.3, 0));
        ToxicChain bursty = chain(new PacketLossToxic(0.3, 0.6));
        int dropped = 0;
        int burstyDropped = 0;
        for (int i = 0; i < 10_000; i++) {
            dropped += independent.process(chunk(10, i)).isEmpty() ? 1 : 0;
            burstyDropped += bursty.process(chunk(10, i)).isEmpty() ? 1 : 0;
        }
        assertTrue(dropped > 2_700 && dropped < 3_300, dropped + " of 10,000 dropped at loss_rate 0.3");
        // After a drop the chance is 0.9, so the stationary loss is 0.3 / (1 - 0.6) = 0.75.
        assertTrue(burstyDropped > 7_000 && burstyDropped < 8_000, burstyDropped + " of 10,000 dropped with correlation 0.6");
        assertInstanceOf(StreamItem.End.class, independent.process(new StreamItem.End(0)).get(0), "EOF is never dropped");
    }

    @Test
    void toxicityZeroMakesTheStageANoop() {
        ToxicSpec spec = new ToxicSpec("lat", StreamDirection.DOWNSTREAM, "downstream", 0f, new LatencyToxic(1000, 0));
        ToxicChain c = ToxicChain.EMPTY.rebuild(List.of(spec), random, 0).chain();
        assertEquals(5 * MS, c.process(chunk(1, 5 * MS)).get(0).ready());
    }
}
