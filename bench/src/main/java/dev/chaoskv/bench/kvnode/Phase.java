package dev.chaoskv.bench.kvnode;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/** One measured phase of a closed-loop load: throughput, latency percentiles and CPU per operation. */
record Phase(double perSecond, Histogram latency, long errors, double nodeCpuMicros, double clientCpuMicros) {

    /**
     * Lets {@code load} run unmeasured for {@code warm}, then measures it for {@code measure}.
     * CPU per operation does not depend on what else runs on the machine, unlike operations/s.
     */
    static Phase measure(ClosedLoop load, Duration warm, Duration measure, LongSupplier nodesCpuNanos) throws InterruptedException {
        return measure(load, warm, measure, nodesCpuNanos, () -> { });
    }

    /** As above; {@code atStart} runs when the measured time starts (to measure a load running alongside). */
    static Phase measure(ClosedLoop load, Duration warm, Duration measure, LongSupplier nodesCpuNanos, Runnable atStart) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(warm.toMillis());
        long before = load.done(), errBefore = load.errors();
        long nodeCpu0 = nodesCpuNanos.getAsLong(), clientCpu0 = os.getProcessCpuTime();
        load.record(true);
        atStart.run();
        long t0 = System.nanoTime();
        Thread.sleep(measure.toMillis());
        Histogram h = load.latency();
        long done = load.done() - before, errors = load.errors() - errBefore;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double nodeCpu = (nodesCpuNanos.getAsLong() - nodeCpu0) / 1e3 / Math.max(1, done);
        double clientCpu = (os.getProcessCpuTime() - clientCpu0) / 1e3 / Math.max(1, done);
        return new Phase(done / seconds, h, errors, nodeCpu, clientCpu);
    }

    static final String HEADER = "| p50 ms | p99 ms | p99.9 ms | max ms | errors | node CPU µs/op | client CPU µs/op |";
    static final String RULE = "|-------:|-------:|---------:|-------:|-------:|---------------:|-----------------:|";

    /** The columns after the throughput, matching {@link #HEADER}. */
    String columns() {
        return String.format("| %.3f | %.3f | %.3f | %.3f | %d | %.1f | %.1f |", ms(latency.getValueAtPercentile(50)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()),
                errors, nodeCpuMicros, clientCpuMicros);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
