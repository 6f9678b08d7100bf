package io.signingmanager.manager.gitsign;

import io.signingmanager.common.commands.SigningCommands;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.tools.ToolRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Signing Manager's GnuPG home for git: gpg-agent runs gnupg-pkcs11-scd as its smart-card daemon,
 * which loads the PKCS#11 module; gpgsm trusts the identity's root; and {@value #WRAPPER}, the program
 * git runs, starts gpgsm on this home and shows the module's own words when gpgsm fails (the module
 * runs inside a daemon whose errors nobody sees, so it writes them to {@value #MODULE_LOG} here: on the
 * terminal when there is one, as git 2.39 (Debian 12's) does not show gpgsm's errors, else on stderr,
 * which newer git shows).
 */
final class GnupgHome {
    static final String WRAPPER = "gpgsm-signing-manager";
    static final String MODULE_LOG = "pkcs11.log";
    private static final String SCDAEMON = "gnupg-pkcs11-scd";
    private static final String TRUST_LIST = "trustlist.txt";

    private final GitSigningPlaces places;

    GnupgHome(GitSigningPlaces places) {
        this.places = places;
    }

    Path folder() {
        return places.gnupgHome();
    }

    /** The program git runs as {@code gpg.x509.program}. */
    Path wrapper() {
        return folder().resolve(WRAPPER);
    }

    /** Writes the configuration for this root, restarts the home's gpg-agent and has gpgsm learn the token. */
    void setUp(IssuingCa ca, String sha1) throws Problem {
        Path scdaemon = Programs.find(SCDAEMON, places.variables())
                .orElseThrow(() -> Programs.missing(SCDAEMON, "gnupg-pkcs11-scd"));
        Programs.find("gpgsm", places.variables()).orElseThrow(() -> Programs.missing("gpgsm", "gpgsm"));
        Path noPinentry = Programs.find("false", places.variables()).orElse(Path.of("/bin/false"));
        try {
            Files.createDirectories(folder(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // The token takes no PIN: a prompt (gnupg-pkcs11-scd asks for the token when the agent is gone) fails at once.
            write("gpg-agent.conf", "scdaemon-program " + scdaemon + "\npinentry-program " + noPinentry + "\n");
            write(SCDAEMON + ".conf", "providers signingmanager\nprovider-signingmanager-library " + places.module() + "\n");
            // The service refuses an inactive certificate itself; gpgsm would otherwise ask dirmngr for CRLs.
            write("gpgsm.conf", "disable-crl-checks\n");
            trust(ca);
            write(WRAPPER, wrapperScript());
            Files.setPosixFilePermissions(wrapper(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot write the GnuPG home " + folder() + ": " + e.getMessage(),
                    "Check that folder's owner and permissions.", e);
        }
        stopAgent();
        ToolRunner.Result learned = gpgsm("--learn-card");
        ToolRunner.Result listed = gpgsm("--list-secret-keys", sha1);
        if (!learned.succeeded() || !listed.succeeded()) {
            throw new Problem(Problem.Kind.LOCAL, "gpgsm did not find the certificate " + sha1 + " on the Signing Manager's token.",
                    List.of((learned.succeeded() ? listed : learned).output().strip()),
                    "Check that the Signing Manager's agent runs (signing-manager agent) and lists that certificate.", null);
        }
    }

    /** Stops the home's gpg-agent and the daemon it started, which keep the old configuration. */
    void stopAgent() throws Problem {
        if (Files.isDirectory(folder())) {
            Programs.run(List.of("gpgconf", "--homedir", folder().toString(), "--kill", "all"), places.variables());
        }
    }

    /** Stops its agent and deletes the home. */
    void remove() throws Problem {
        stopAgent();
        try (Stream<Path> files = Files.walk(folder())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot delete the GnuPG home " + folder() + ": " + e.getMessage(),
                    "Delete it by hand.", e);
        }
    }

    private ToolRunner.Result gpgsm(String... arguments) throws Problem {
        List<String> command = new ArrayList<>(List.of(wrapper().toString(), "--batch"));
        command.addAll(List.of(arguments));
        return Programs.run(command, places.variables());
    }

    /** Adds the root to gpgsm's trust list, keeping those trusted for other certificates. */
    private void trust(IssuingCa ca) throws IOException {
        Path list = folder().resolve(TRUST_LIST);
        String existing = Files.exists(list) ? Files.readString(list, StandardCharsets.UTF_8) : "";
        if (!existing.contains("\n" + ca.sha1() + " ")) {
            Files.writeString(list, existing + "# " + ca.subject() + ", trusted by signing-manager git-setup\n" + ca.sha1() + " S"
                    + (ca.relax() ? " relax" : "") + "\n", StandardCharsets.UTF_8);
        }
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(folder().resolve(name), "# Written by signing-manager git-setup; git-setup --undo removes it.\n"
                + text, StandardCharsets.UTF_8);
    }

    private String wrapperScript() {
        String log = folder().resolve(MODULE_LOG).toString();
        return String.join("\n", "#!/bin/sh",
                "# Written by signing-manager git-setup: gpgsm on the Signing Manager's GnuPG home, for git.",
                "# The token is the Signing Manager's PKCS#11 module (through gnupg-pkcs11-scd and the agent);",
                "# when gpgsm fails, the module's own words are shown.",
                "GNUPGHOME=" + SigningCommands.shellQuote(folder().toString()),
                "SIGNING_MANAGER_AGENT_SOCKET=" + SigningCommands.shellQuote(places.agentSocket().toString()),
                "SIGNING_MANAGER_PKCS11_LOG=" + SigningCommands.shellQuote(log),
                "export GNUPGHOME SIGNING_MANAGER_AGENT_SOCKET SIGNING_MANAGER_PKCS11_LOG",
                ": > \"$SIGNING_MANAGER_PKCS11_LOG\"",
                "gpgsm \"$@\"",
                "status=$?",
                "# git 2.39 keeps gpgsm's errors to itself (newer git shows them): the terminal, when there is one, gets them.",
                "if [ \"$status\" -ne 0 ] && [ -s \"$SIGNING_MANAGER_PKCS11_LOG\" ]; then",
                "  if { true > /dev/tty; } 2> /dev/null; then cat \"$SIGNING_MANAGER_PKCS11_LOG\" > /dev/tty",
                "  else cat \"$SIGNING_MANAGER_PKCS11_LOG\" >&2; fi",
                "fi",
                "exit \"$status\"", "");
    }
}
