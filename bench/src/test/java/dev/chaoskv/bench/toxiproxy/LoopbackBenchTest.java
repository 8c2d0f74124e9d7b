package dev.chaoskv.bench.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chaoskv.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.Test;

import java.net.URI;

/** The benchmark's own mechanics: pacing, and the proxy CPU probe. Not a performance test. */
class LoopbackBenchTest {

    @Test
    void aPacedPhaseSendsAtTheOfferedRateNotAsFastAsItCan() throws Exception {
        try (LoopbackBench bench = new LoopbackBench()) {
            LoopbackBench.RoundTrips r = bench.roundTrips(bench.echoPort(), 4, 64, 1.0, 2000, null);
            // A closed loop on loopback does tens of thousands per second; paced, it must stay at the rate.
            assertTrue(r.perSecond() > 1200 && r.perSecond() < 2200, "paced at 2000/s but measured " + r.perSecond());
            assertTrue(r.latencyNanos().getTotalCount() > 1000, "latencies recorded: " + r.latencyNanos().getTotalCount());
            assertTrue(Double.isNaN(r.cpuNanosPerRoundTrip()), "no probe, no CPU figure");
        }
    }

    @Test
    void theProxyCpuProbeChargesTheIoThreadsToEachRoundTrip() throws Exception {
        try (LoopbackBench bench = new LoopbackBench(); ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
            URI api = URI.create(server.url());
            Proxy p = new ToxiproxyClient(api.getHost(), api.getPort())
                    .createProxy("bench", "127.0.0.1:0", "127.0.0.1:" + bench.echoPort());
            int port = Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
            LoopbackBench.RoundTrips r = bench.roundTrips(port, 2, 64, 0.5, 0, server::ioCpuNanos);
            assertTrue(r.perSecond() > 0);
            // Forwarding takes a read and a write each way: it cannot be free, nor take a whole second.
            assertTrue(r.cpuNanosPerRoundTrip() > 100 && r.cpuNanosPerRoundTrip() < 1e9,
                    "proxy CPU per round trip: " + r.cpuNanosPerRoundTrip() + " ns");
            assertEquals(0, p.toxics().getAll().size());
        }
    }
}
