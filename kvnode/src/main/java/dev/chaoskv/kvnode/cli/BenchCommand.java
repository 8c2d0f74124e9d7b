package dev.chaoskv.kvnode.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "bench", description = "Write benchmark (see docs/BENCHMARKS.md).")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("bench is being written");
    }
}
