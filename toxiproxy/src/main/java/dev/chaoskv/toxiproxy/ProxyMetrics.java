package dev.chaoskv.toxiproxy;

/** Byte counters of one proxy, per direction (an extension: the real server needs -proxy-metrics). */
record ProxyMetrics(DirectionCounters upstream, DirectionCounters downstream) {
    ProxyMetrics() {
        this(new DirectionCounters(), new DirectionCounters());
    }

    DirectionCounters of(StreamDirection d) {
        return d == StreamDirection.UPSTREAM ? upstream : downstream;
    }
}
