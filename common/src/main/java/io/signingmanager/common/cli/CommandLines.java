package io.signingmanager.common.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;

/**
 * picocli set up the way every program of ours speaks: help laid out as the seed's flags are (the
 * option, then its text from a fixed column), no colours, and a wrong command line said in words
 * ({@code Unknown option -x}, {@code -i needs a value}) with exit code {@link #USAGE}.
 */
public final class CommandLines {
    /** The exit code of a command line that cannot be understood. */
    public static final int USAGE = 2;
    private static final int WIDTH = 200;

    private CommandLines() {
    }

    /**
     * {@code command} (a picocli {@code @Command}) and its subcommands, printing help to {@code out} with
     * option texts from {@code column}, and a wrong command line to {@code err} as {@code prefix + what
     * is wrong}, then the {@code hint} for the (sub)command that was wrong: how to get help, or the
     * whole usage. {@code subcommands} are picocli {@code @Command}s too.
     */
    public static CommandLine of(Object command, int column, PrintWriter out, PrintWriter err, String prefix,
                                 Function<CommandSpec, String> hint, Object... subcommands) {
        CommandLine commandLine = new CommandLine(command);
        for (Object subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        commandLine.setParameterExceptionHandler((e, args) -> {
            err.println(prefix + inWords(e));
            String said = hint.apply(e.getCommandLine().getCommandSpec());
            if (!said.isEmpty()) {
                err.print(said.endsWith("\n") ? said : said + "\n");
            }
            err.flush();
            return USAGE;
        });
        layOut(commandLine, column);
        return commandLine;
    }

    /**
     * Fills {@code command}'s options from {@code args}, for a program that decides itself what to
     * do with them; a wrong command line is an {@link IllegalArgumentException} saying what is wrong.
     */
    public static <T> T parse(T command, String... args) {
        try {
            new CommandLine(command).parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(inWords(e), e);
        }
        return command;
    }

    /** {@code command}'s help, with option texts from {@code column}. */
    public static String usage(Object command, int column) {
        StringWriter usage = new StringWriter();
        PrintWriter out = new PrintWriter(usage);
        of(command, column, out, out, "", spec -> "").usage(out);
        out.flush();
        return usage.toString();
    }

    /** What is wrong with a command line, in the words our programs have always used. */
    public static String inWords(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            return (first.startsWith("-") ? "Unknown option " : "Unexpected argument ") + first;
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option && option.arity().min() > 0
                && e.getMessage().startsWith("Missing required parameter for option")) {
            return option.longestName() + " needs a value";
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option && e.getMessage().startsWith("Missing required option")) {
            return option.longestName() + " is required";
        }
        if (e instanceof CommandLine.OverwrittenOptionException) {
            return e.getMessage().replaceFirst("^option '([^']+)' \\([^)]*\\) should be specified only once.*",
                    "$1 is given more than once");
        }
        // Our converters name the option themselves; picocli would say it a second time.
        return e.getMessage().replaceFirst("^Invalid value for option '([^']+)': \\1 ", "$1 ");
    }

    /**
     * Help for {@code commandLine} and its subcommands as the seed lays it out: the synopsis says the
     * commands and parameters in words, so picocli's own lists of them are left out.
     */
    public static void layOut(CommandLine commandLine, int column) {
        // Wide enough that picocli never wraps our own line breaks a second time.
        commandLine.setUsageHelpWidth(WIDTH);
        Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> optionList(help.commandSpec(), column));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> "");
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, help -> "");
        for (Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet()) {
            layOut(sub.getValue(), column);
        }
    }

    /** {@code -i <api host url>   Specify host ...}: one option a line, its text from {@code column} on. */
    static String optionList(CommandSpec spec, int column) {
        StringBuilder list = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String label = option.shortestName() + (option.arity().max() > 0 ? " " + option.paramLabel() : "");
            List<String> lines = lines(option);
            list.append(pad(label, column)).append(lines.isEmpty() ? "" : lines.get(0)).append('\n');
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                list.append(" ".repeat(column)).append(line).append('\n');
            }
        }
        return list.toString().replaceAll(" +\n", "\n");
    }

    private static List<String> lines(ArgSpec option) {
        List<String> lines = new ArrayList<>();
        for (String text : option.description()) {
            lines.addAll(text.lines().toList());
        }
        return lines;
    }

    private static String pad(String label, int column) {
        return label.length() < column ? label + " ".repeat(column - label.length()) : label + "  ";
    }
}
