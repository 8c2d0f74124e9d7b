package dev.chaoskv.chaos.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chaos toxiproxy-bench}: the cost of a proxy without toxics, compared side by side with
 * a direct connection in the same run. Proxies are created through toxiproxy-java, so
 * {@code --toxiproxy-url} can bench a real Toxiproxy running on this machine the same way.
 */
@Command(name = "toxiproxy-bench", mixinStandardHelpOptions = true,
        description = "Benchmark round trips and bulk throughput through a Toxiproxy proxy vs. a direct connection.")
public final class ToxiproxyBenchCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "16", description = "Round-trip connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--size", defaultValue = "64", description = "Round-trip message bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--toxiproxy-url", description = "Bench this Toxiproxy instead of the embedded server.")
    String url;

    @Override
    public Integer call() throws Exception {
        ToxiproxyServer embedded = url == null ? ToxiproxyServer.start("127.0.0.1", 0) : null;
        URI api = URI.create(url == null ? embedded.url() : url);
        try (LoopbackBench bench = new LoopbackBench()) {
            ToxiproxyClient client = new ToxiproxyClient(api.getHost(), api.getPort());
            Proxy echo = client.createProxy("bench-echo", "127.0.0.1:0", "127.0.0.1:" + bench.echoPort());
            Proxy sink = client.createProxy("bench-sink", "127.0.0.1:0", "127.0.0.1:" + bench.sinkPort());
            try {
                System.out.printf(Locale.ROOT, "server: %s%n", url == null ? "embedded " + api : "external " + api);
                System.out.printf(Locale.ROOT, "round trips: %d connections, %d-byte messages, %.0f s per phase%n",
                        connections, size, seconds);
                var direct = bench.roundTrips(bench.echoPort(), connections, size, seconds);
                var proxied = bench.roundTrips(port(echo), connections, size, seconds);
                row("direct", direct);
                row("proxy", proxied);
                System.out.printf(Locale.ROOT, "  added p50 %.1f µs, added p99 %.1f µs%n",
                        (proxied.latencyNanos().getValueAtPercentile(50) - direct.latencyNanos().getValueAtPercentile(50)) / 1e3,
                        (proxied.latencyNanos().getValueAtPercentile(99) - direct.latencyNanos().getValueAtPercentile(99)) / 1e3);
                System.out.printf(Locale.ROOT, "bulk: 1 connection, 64 KiB writes, %.0f s per phase%n", seconds);
                double bulkDirect = bench.bulk(bench.sinkPort(), seconds);
                double bulkProxy = bench.bulk(port(sink), seconds);
                System.out.printf(Locale.ROOT, "  direct %8.2f GB/s%n  proxy  %8.2f GB/s%n", bulkDirect / 1e9, bulkProxy / 1e9);
            } finally {
                echo.delete();
                sink.delete();
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        return 0;
    }

    private static void row(String label, LoopbackBench.RoundTrips r) {
        System.out.printf(Locale.ROOT, "  %-7s p50 %7.1f µs  p99 %7.1f µs  p99.9 %8.1f µs  %,10.0f round trips/s%n", label,
                r.latencyNanos().getValueAtPercentile(50) / 1e3, r.latencyNanos().getValueAtPercentile(99) / 1e3,
                r.latencyNanos().getValueAtPercentile(99.9) / 1e3, r.perSecond());
    }

    private static int port(Proxy p) {
        return Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
    }
}
