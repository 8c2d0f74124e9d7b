package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.load.LoadStats;
import dev.chaoskv.chaos.nemesis.Nemesis;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.observe.LagSampler;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** The once-a-second progress line: elapsed, ops/s, ok/fail/info, current fault, leader, max lag. */
final class StatusLine {
    private final PrintStream out;
    private final LoadStats stats;
    private final LagSampler sampler;
    private final Nemesis nemesis;
    private final LongSupplier clock;
    private long lastTotal;
    private long lastTime;

    StatusLine(PrintStream out, LoadStats stats, LagSampler sampler, Nemesis nemesis, LongSupplier clock) {
        this.out = out;
        this.stats = stats;
        this.sampler = sampler;
        this.nemesis = nemesis;
        this.clock = clock;
    }

    void print() {
        long now = clock.getAsLong();
        long total = stats.total();
        double rate = now > lastTime ? (total - lastTotal) * 1e9 / (now - lastTime) : 0;
        lastTotal = total;
        lastTime = now;
        long lag = sampler.currentMaxLag();
        out.println(String.format(Locale.ROOT, "[%5.1fs] %6.0f ops/s  ok %d  fail %d  info %d | faults: %s | leader %s | max lag %s",
                now / 1e9, rate, stats.ok(), stats.fail(), stats.info(), nemesis.activeDescription().orElse("none") + skipped(),
                sampler.leaderId().orElse("none"), lag < 0 ? "?" : Long.toString(lag)));
    }

    /** ", skipped a, b" when faults were skipped; empty otherwise, so the usual line is unchanged. */
    private String skipped() {
        var skipped = nemesis.skipped();
        if (skipped.isEmpty()) return "";
        return ", skipped " + String.join(", ", skipped.stream().map(FaultKind.Skipped::fault).distinct().toList());
    }
}
