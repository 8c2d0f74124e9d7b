package dev.chaoskv.bench.toxiproxy;

import dev.chaoskv.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/bench toxiproxy}: the cost of a proxy without toxics, compared side by side with
 * a direct connection in the same run. Proxies are created through toxiproxy-java, so
 * {@code --toxiproxy-url} can bench a real Toxiproxy running on this machine the same way.
 */
@Command(name = "toxiproxy", mixinStandardHelpOptions = true,
        description = "Benchmark round trips and bulk throughput through a Toxiproxy proxy vs. a direct connection.")
public final class ToxiproxyBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "16", description = "Round-trip connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64", description = "Round-trip message bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "5", description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Alternate direct and proxy phases this many times and report medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--rate", paramLabel = "OPS", defaultValue = "20000",
            description = "Round trips per second, in all, for the paced phases that measure latency at a load both "
                    + "paths sustain; 0 skips them (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--toxiproxy-url", paramLabel = "URL", description = "Bench this Toxiproxy instead of the embedded server.")
    String url;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || size < 1 || seconds <= 0 || rounds < 1 || rate < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--connections, --size, --seconds and --rounds must be positive and --rate not negative");
        }
        ToxiproxyServer embedded = url == null ? ToxiproxyServer.start("127.0.0.1", 0) : null;
        URI api = URI.create(url == null ? embedded.url() : url);
        LongSupplier proxyCpu = embedded == null ? null : embedded::ioCpuNanos;
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
                List<double[]> rt = new ArrayList<>(); // per round: direct p50, proxy p50, direct/s, proxy/s, proxy CPU/rt
                List<double[]> paced = new ArrayList<>(); // per round: direct p50, proxy p50, direct p99, proxy p99
                List<double[]> bulk = new ArrayList<>(); // per round: direct B/s, proxy B/s
                for (int r = 1; r <= rounds; r++) {
                    System.out.printf(Locale.ROOT, "round %d%n", r);
                    System.out.println("  closed loop (each connection sends as soon as its reply is in):");
                    var direct = bench.roundTrips(bench.echoPort(), connections, size, seconds, 0, null);
                    var proxied = bench.roundTrips(port(echo), connections, size, seconds, 0, proxyCpu);
                    row("direct", direct);
                    row("proxy", proxied);
                    System.out.printf(Locale.ROOT, "    added p50 %.1f µs, added p99 %.1f µs%s%n",
                            added(direct, proxied, 50), added(direct, proxied, 99),
                            proxyCpu == null ? "" : String.format(Locale.ROOT, ", proxy CPU %.1f µs per round trip",
                                    proxied.cpuNanosPerRoundTrip() / 1e3));
                    rt.add(new double[] {p(direct, 50), p(proxied, 50), direct.perSecond(), proxied.perSecond(),
                            proxied.cpuNanosPerRoundTrip()});
                    if (rate > 0) {
                        System.out.printf(Locale.ROOT, "  paced at %,.0f round trips/s in all (latency from when each was due):%n", rate);
                        var pacedDirect = bench.roundTrips(bench.echoPort(), connections, size, seconds, rate, null);
                        var pacedProxy = bench.roundTrips(port(echo), connections, size, seconds, rate, null);
                        row("direct", pacedDirect);
                        row("proxy", pacedProxy);
                        System.out.printf(Locale.ROOT, "    added p50 %.1f µs, added p99 %.1f µs%n",
                                added(pacedDirect, pacedProxy, 50), added(pacedDirect, pacedProxy, 99));
                        paced.add(new double[] {p(pacedDirect, 50), p(pacedProxy, 50), p(pacedDirect, 99), p(pacedProxy, 99)});
                    }
                    double bulkDirect = bench.bulk(bench.sinkPort(), seconds);
                    double bulkProxy = bench.bulk(port(sink), seconds);
                    System.out.printf(Locale.ROOT, "  bulk (1 connection, 64 KiB writes): direct %.2f GB/s, proxy %.2f GB/s%n",
                            bulkDirect / 1e9, bulkProxy / 1e9);
                    bulk.add(new double[] {bulkDirect, bulkProxy});
                }
                System.out.printf(Locale.ROOT, "median of %d round(s):%n", rounds);
                System.out.printf(Locale.ROOT, "  closed loop: added p50 %.1f µs, proxy %,.0f round trips/s (direct %,.0f)%s%n",
                        median(rt, x -> x[1] - x[0]) / 1e3, median(rt, x -> x[3]), median(rt, x -> x[2]),
                        proxyCpu == null ? "" : String.format(Locale.ROOT, ", proxy CPU %.1f µs per round trip",
                                median(rt, x -> x[4]) / 1e3));
                if (rate > 0) {
                    System.out.printf(Locale.ROOT, "  paced at %,.0f/s: added p50 %.1f µs, added p99 %.1f µs%n", rate,
                            median(paced, x -> x[1] - x[0]) / 1e3, median(paced, x -> x[3] - x[2]) / 1e3);
                }
                System.out.printf(Locale.ROOT, "  bulk: proxy %.2f GB/s (direct %.2f)%n",
                        median(bulk, x -> x[1]) / 1e9, median(bulk, x -> x[0]) / 1e9);
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
        System.out.printf(Locale.ROOT, "    %-7s p50 %7.1f µs  p99 %7.1f µs  p99.9 %8.1f µs  %,10.0f round trips/s%n", label,
                r.latencyNanos().getValueAtPercentile(50) / 1e3, r.latencyNanos().getValueAtPercentile(99) / 1e3,
                r.latencyNanos().getValueAtPercentile(99.9) / 1e3, r.perSecond());
    }

    private static double p(LoopbackBench.RoundTrips r, double percentile) {
        return r.latencyNanos().getValueAtPercentile(percentile);
    }

    private static double added(LoopbackBench.RoundTrips direct, LoopbackBench.RoundTrips proxied, double percentile) {
        return (p(proxied, percentile) - p(direct, percentile)) / 1e3;
    }

    private static double median(List<double[]> rows, ToDoubleFunction<double[]> f) {
        double[] v = rows.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int port(Proxy p) {
        return Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
    }
}
