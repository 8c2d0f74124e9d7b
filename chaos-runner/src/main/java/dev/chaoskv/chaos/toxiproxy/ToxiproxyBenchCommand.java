package dev.chaoskv.chaos.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
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

    @Option(names = "--rounds", defaultValue = "1",
            description = "Alternate direct and proxy phases this many times and report medians (default: ${DEFAULT-VALUE}).")
    int rounds;

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
                System.out.printf(Locale.ROOT, "available processors: %d%n", Runtime.getRuntime().availableProcessors());
                // Direct and proxied phases alternate, so a change in background load hits both alike.
                List<double[]> rt = new ArrayList<>(); // per round: direct p50, proxy p50, direct/s, proxy/s
                List<double[]> bulk = new ArrayList<>(); // per round: direct B/s, proxy B/s
                for (int r = 1; r <= rounds; r++) {
                    var direct = bench.roundTrips(bench.echoPort(), connections, size, seconds);
                    var proxied = bench.roundTrips(port(echo), connections, size, seconds);
                    double bulkDirect = bench.bulk(bench.sinkPort(), seconds);
                    double bulkProxy = bench.bulk(port(sink), seconds);
                    System.out.printf(Locale.ROOT, "round %d%n", r);
                    row("direct", direct);
                    row("proxy", proxied);
                    System.out.printf(Locale.ROOT, "  added p50 %.1f µs, added p99 %.1f µs%n",
                            (p50(proxied) - p50(direct)) / 1e3,
                            (proxied.latencyNanos().getValueAtPercentile(99) - direct.latencyNanos().getValueAtPercentile(99)) / 1e3);
                    System.out.printf(Locale.ROOT, "  bulk (1 connection, 64 KiB writes): direct %.2f GB/s, proxy %.2f GB/s%n",
                            bulkDirect / 1e9, bulkProxy / 1e9);
                    rt.add(new double[] {p50(direct), p50(proxied), direct.perSecond(), proxied.perSecond()});
                    bulk.add(new double[] {bulkDirect, bulkProxy});
                }
                if (rounds > 1) {
                    System.out.printf(Locale.ROOT, "median of %d rounds: added p50 %.1f µs, proxy %,.0f round trips/s "
                                    + "(direct %,.0f), proxy bulk %.2f GB/s (direct %.2f)%n", rounds,
                            median(rt, x -> x[1] - x[0]) / 1e3, median(rt, x -> x[3]), median(rt, x -> x[2]),
                            median(bulk, x -> x[1]) / 1e9, median(bulk, x -> x[0]) / 1e9);
                }
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

    private static double p50(LoopbackBench.RoundTrips r) {
        return r.latencyNanos().getValueAtPercentile(50);
    }

    private static double median(List<double[]> rows, ToDoubleFunction<double[]> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int port(Proxy p) {
        return Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
    }
}
