package io.signingmanager.manager.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signing-manager completion}: a bash (and zsh) completion script, generated from the options. */
@Command(name = "completion", sortOptions = false,
        customSynopsis = "Usage: signing-manager completion",
        description = {"", "Prints a bash completion script for signing-manager and its subcommands. Load it with",
            "  source <(signing-manager completion)", "or save it in /etc/bash_completion.d/signing-manager.", ""})
final class CompletionCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    CompletionCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.print(AutoComplete.bash("signing-manager", spec.root().commandLine()));
        return CommandLine.OK;
    }
}
