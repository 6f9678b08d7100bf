package io.signingmanager.manager.cli;

import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.gitsign.GitScope;
import io.signingmanager.manager.gitsign.GitSigningSetup;
import io.signingmanager.manager.gitsign.IssuingCa;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signing-manager git-setup}: git signs commits and tags with a remote identity, through gpgsm. */
@Command(name = "git-setup", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = "Usage: signing-manager git-setup [--cert SHA1] [--global | --repo DIR] [--trust-ca SHA1] [--no-auto-sign] [--undo]",
        description = {"", "Sets git up to sign commits and tags with an RSA certificate of the Signing Service: gpgsm",
            "signs through gnupg-pkcs11-scd, the PKCS#11 module and the agent, on a GnuPG home of the",
            "Signing Manager's own (your ~/.gnupg is left alone). Trusts the certificate's root CA there",
            "once you checked its fingerprint, and sets gpg.format=x509, gpg.x509.program, user.signingkey,",
            "commit.gpgsign and tag.gpgsign. --undo puts back what those settings were. The agent must run."},
        footerHeading = "%n", footer = {"Needs gpgsm and gnupg-pkcs11-scd (Debian: apt-get install gpgsm gnupg-pkcs11-scd)."})
final class GitSetupCommand implements Callable<Integer> {
    @Option(names = "--cert", paramLabel = "SHA1", description = "the certificate (default: the only RSA one).")
    String certificate;

    @ArgGroup(exclusive = true)
    Where where = new Where();

    static final class Where {
        @Option(names = "--global", description = "set git's global settings (the default).")
        boolean global;

        @Option(names = "--repo", paramLabel = "DIR", description = "set only that repository's settings.")
        Path repository;
    }

    @Option(names = "--trust-ca", paramLabel = "SHA1", description = {"the root CA's SHA-1 fingerprint you checked; without",
        "it, git-setup shows the fingerprint and asks."})
    String trustedCa;

    @Option(names = "--no-auto-sign", description = "leave commit.gpgsign and tag.gpgsign: sign with -S and -s.")
    boolean manual;

    @Option(names = "--undo", description = "take back what git-setup set in that scope.")
    boolean undo;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    private final GitSigningSetup setup;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;

    GitSetupCommand(GitSigningSetup setup, PrintStream out, PrintStream err, Terminal terminal) {
        this.setup = setup;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        GitScope scope = where.repository == null ? GitScope.GLOBAL : GitScope.repository(where.repository);
        try {
            if (undo) {
                List<String> left = setup.undo(scope);
                out.println("Took back git signing in " + scope + ".");
                left.forEach(name -> out.println("  - left " + name + ": it was changed since git-setup set it."));
                return CommandLine.OK;
            }
            GitSigningSetup.Plan plan = setup.plan(Optional.ofNullable(certificate));
            IssuingCa ca = plan.ca();
            out.println("Signing with " + Printable.of(plan.identity().commonName()) + " (SHA-1 " + plan.identity().sha1() + ").");
            out.println("Its root CA: " + Printable.of(ca.subject()));
            out.println("  SHA-1 fingerprint: " + ca.shownSha1());
            if (!trusted(ca)) {
                return CommandLine.CHECK_FAILED;
            }
            GitSigningSetup.Done done = setup.apply(plan, scope, !manual);
            out.println("Set up git signing in " + scope + ":");
            done.settings().forEach(setting -> out.println("  " + setting));
            out.println("GnuPG home: " + done.gnupgHome());
            out.println(manual ? "Sign with git commit -S and git tag -s." : "git now signs every commit and tag.");
            return CommandLine.OK;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        }
    }

    /** The fingerprint given matches, or the person at the console said yes; nothing is written otherwise. */
    private boolean trusted(IssuingCa ca) {
        if (trustedCa != null) {
            if (ca.matches(trustedCa)) {
                return true;
            }
            err.println("signing-manager: --trust-ca " + Printable.of(trustedCa) + " is not the fingerprint of that root CA;"
                    + " nothing was changed.");
            return false;
        }
        Optional<Boolean> answer = terminal.confirm("Trust this CA for git signatures on this machine? Compare the"
                + " fingerprint with the one your admin gave you.");
        if (answer.isEmpty()) {
            err.println("signing-manager: nobody to ask whether to trust that root CA; check its fingerprint and run again"
                    + " with --trust-ca " + ca.sha1() + ". Nothing was changed.");
        } else if (!answer.get()) {
            err.println("signing-manager: not trusted; nothing was changed.");
        }
        return answer.orElse(false);
    }
}
