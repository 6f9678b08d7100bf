package io.signingmanager.manager.cli;

import io.signingmanager.common.text.Plural;
import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.workflows.FetchedFiles;
import io.signingmanager.manager.workflows.FetchedFiles.IdentityCommands;
import io.signingmanager.manager.workflows.FetchedFiles.WrittenProfile;
import io.signingmanager.manager.workflows.ProfileFolder;
import io.signingmanager.manager.workflows.SigningFilesWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code signing-manager fetch-signing-files --workflow NAME}: writes an Apple workflow's provisioning
 * profiles and prints its identities with the {@code codesign} and {@code productsign} commands that
 * sign with them remotely. A workflow that is not ready is refused with its checklist.
 */
@Command(name = "fetch-signing-files", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = "Usage: signing-manager fetch-signing-files --workflow NAME [--out DIR] [--json]",
        description = {"",
            "Writes the provisioning profiles of the Apple signing workflow NAME (signing-manager workflows lists",
            "them) as <UUID>.provisionprofile, byte for byte, and prints its identities (role, SHA-1, name) with the",
            "codesign and productsign commands that use them. The keys stay on the Signing Service."},
        footerHeading = "%n", footer = "Exit codes as for sign; a workflow that is not ready is refused (6) with what it lacks.")
final class FetchSigningFilesCommand implements Callable<Integer> {
    @Option(names = "--workflow", paramLabel = "NAME", description = "the workflow's name, as the Signing Service shows it.")
    String workflow;

    @Option(names = "--out", paramLabel = "DIR", description = {
        "where the profiles go (made when missing). Default: on macOS",
        "~/Library/MobileDevice/Provisioning Profiles, elsewhere the current folder."})
    Path out;

    @Option(names = "--json", description = "print what was written and the commands as JSON, for scripts.")
    boolean json;

    @Option(names = "-d", description = "debug logging.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final Manager manager;
    private final PrintStream stdout;
    private final PrintStream err;
    private final Supplier<Path> defaultFolder;

    FetchSigningFilesCommand(Manager manager, PrintStream stdout, PrintStream err, Supplier<Path> defaultFolder) {
        this.manager = manager;
        this.stdout = stdout;
        this.err = err;
        this.defaultFolder = defaultFolder;
    }

    FetchSigningFilesCommand(Manager manager, PrintStream stdout, PrintStream err) {
        this(manager, stdout, err, ProfileFolder::current);
    }

    @Override
    public Integer call() {
        if (workflow == null || workflow.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "fetch-signing-files needs --workflow with the workflow's name (signing-manager workflows lists them)");
        }
        try {
            FetchedFiles fetched = SigningFilesWriter.write(manager.signingFiles(workflow.strip()),
                    out != null ? out : defaultFolder.get());
            if (json) {
                stdout.println(CommandLine.json(fetched));
            } else {
                print(fetched);
            }
            return CommandLine.OK;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        }
    }

    private void print(FetchedFiles fetched) {
        stdout.println("Workflow \"" + Printable.of(fetched.workflow()) + "\": " + Printable.of(fetched.bundleId()) + ", "
                + (fetched.distribution() == null ? "unknown distribution" : fetched.distribution().title()));
        stdout.println("Wrote " + Plural.of(fetched.profiles().size(), "provisioning profile") + " to " + fetched.folder()
                + (fetched.profiles().isEmpty() ? "." : ":"));
        for (WrittenProfile profile : fetched.profiles()) {
            stdout.println("  " + profile.file().getFileName() + "  " + Printable.of(profile.name()) + " ("
                    + Printable.of(profile.bundleId()) + (profile.expiresAt() == null ? "" : ", expires "
                    + profile.expiresAt().toString().substring(0, 10)) + ")");
        }
        for (IdentityCommands identity : fetched.identities()) {
            stdout.println();
            stdout.println(identity.role().title() + ": " + Printable.of(identity.commonName()));
            stdout.println("  SHA-1 " + identity.sha1());
            identity.commands().forEach(command -> stdout.println("  " + command));
        }
        stdout.println();
        stdout.println(FetchedFiles.INSIDE_OUT);
        stdout.println(FetchedFiles.KEYS);
    }
}
