package dev.chaoskv.toxiproxy.api;

import dev.chaoskv.toxiproxy.core.DirectionCounters;
import dev.chaoskv.toxiproxy.core.Proxy;
import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import java.util.List;

/**
 * Renders per-proxy byte counters in the Prometheus text format, with the real server's metric
 * and label names (its -proxy-metrics collector), so existing dashboards work unchanged.
 */
final class PrometheusMetrics {
    private PrometheusMetrics() {
    }

    static String render(List<Proxy> proxies) {
        StringBuilder sb = new StringBuilder();
        counter(sb, proxies, "toxiproxy_proxy_received_bytes_total",
                "The total bytes received from a proxy link's source.", true);
        counter(sb, proxies, "toxiproxy_proxy_sent_bytes_total",
                "The total bytes written to a proxy link's destination.", false);
        return sb.toString();
    }

    private static void counter(StringBuilder sb, List<Proxy> proxies, String metric, String help, boolean received) {
        sb.append("# HELP ").append(metric).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(metric).append(" counter\n");
        for (Proxy p : proxies) {
            for (StreamDirection d : StreamDirection.values()) {
                DirectionCounters c = p.metrics().of(d);
                long value = (received ? c.received() : c.sent()).sum();
                sb.append(metric)
                        .append("{direction=\"").append(d.wireName())
                        .append("\",listener=\"").append(escape(p.listen()))
                        .append("\",proxy=\"").append(escape(p.name()))
                        .append("\",upstream=\"").append(escape(p.upstream()))
                        .append("\"} ").append(value).append('\n');
            }
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
