package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.run.RunConfig;
import dev.chaoskv.chaos.suite.RunArguments;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code chaos run}'s flags and validation, for a suite: the same parser and rules as the command. */
final class RunArgumentsOfRunCommand implements RunArguments {

    @Override
    public Set<String> optionNames() {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : new CommandLine(new RunCommand()).getCommandSpec().options()) {
            for (String n : o.names()) if (n.startsWith("--")) names.add(n.substring(2));
        }
        return names;
    }

    @Override
    public RunConfig toConfig(List<String> args) {
        CommandLine cli = new CommandLine(new RunCommand());
        String[] a = args.toArray(new String[0]);
        try {
            cli.parseArgs(a);
            RunCommand cmd = cli.getCommand();
            return cmd.options.toConfig(RunCommand.DEFAULTS, cli, a);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
