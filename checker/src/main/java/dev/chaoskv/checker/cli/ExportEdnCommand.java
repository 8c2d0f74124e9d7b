package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.edn.EdnWriter;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export-edn", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = CheckerMain.EXIT_USAGE,
        exitCodeOnExecutionException = CheckerMain.EXIT_BAD_INPUT,
        description = {"Convert history.jsonl to Jepsen's history.edn, to cross-check a verdict with Knossos or Elle.",
                "Values are jepsen.independent tuples: [key value], cas [key [expected new]]."},
        footer = {"", "Exit codes:", "  0   written", "  3   bad input", "  64  bad usage"})
final class ExportEdnCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "A results folder or its history.jsonl.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Output file (default: history.edn beside the input).")
    Path out;

    @Override
    public Integer call() throws CheckerInputException, IOException {
        Path history = Files.isDirectory(input) ? input.resolve("history.jsonl") : input;
        History h = HistoryReader.read(history);
        Path target = out != null ? out : history.toAbsolutePath().getParent().resolve("history.edn");
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            EdnWriter.write(h, w);
        }
        System.out.println("wrote " + target + " (" + h.operations().size() + " operations)");
        return 0;
    }
}
