package dev.chaoskv.chaos.suite;

import dev.chaoskv.chaos.run.RunConfig;

import java.util.List;
import java.util.Set;

/** What the suite needs of {@code chaos run}'s command line: its flags, and its validation. */
public interface RunArguments {
    /** The long option names of {@code chaos run}, without the leading "--". */
    Set<String> optionNames();

    /**
     * Parses and validates {@code chaos run} arguments exactly as the command does.
     *
     * @throws IllegalArgumentException with the command's own message (it names the flag)
     */
    RunConfig toConfig(List<String> args);
}
