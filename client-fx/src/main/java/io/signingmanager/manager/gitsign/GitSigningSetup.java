package io.signingmanager.manager.gitsign;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sets git up to sign commits and tags with a remote identity (docs/git-signing.md): gpgsm, with
 * gnupg-pkcs11-scd as its smart-card daemon, signs through the PKCS#11 module and the agent; git runs
 * it with {@code gpg.format=x509}. First a {@link Plan} (the identity and the root to trust, for the
 * user to check), then {@link #apply}; {@link #undo} takes a scope's settings back.
 */
public final class GitSigningSetup {
    /** The identity to sign with and the root gpgsm will trust for it. */
    public record Plan(Identity identity, IssuingCa ca) {
    }

    /** What a set-up wrote: the program git runs and the settings, as {@code name=value}. */
    public record Done(Path program, Path gnupgHome, List<String> settings) {
    }

    private final Manager manager;
    private final GitSigningPlaces places;
    private final GnupgHome home;
    private final GitConfig config;

    public GitSigningSetup(Manager manager, GitSigningPlaces places) {
        this.manager = manager;
        this.places = places;
        this.home = new GnupgHome(places);
        this.config = new GitConfig(places.gnupgHome(), places.variables());
    }

    /** The identity of that SHA-1, or the only RSA identity there is; gnupg-pkcs11-scd signs with RSA keys only. */
    public Plan plan(Optional<String> sha1) throws Problem {
        List<Identity> identities = manager.identities();
        List<Identity> rsa = identities.stream().filter(GitSigningSetup::rsa).toList();
        Identity chosen;
        if (sha1.isPresent()) {
            chosen = identities.stream().filter(identity -> identity.sha1().equalsIgnoreCase(sha1.get())).findFirst()
                    .orElseThrow(() -> choose("No certificate with the SHA-1 " + sha1.get() + " is available to this machine.", rsa));
            if (!rsa(chosen)) {
                throw choose(chosen.commonName() + " has an " + chosen.keyType() + " key; gnupg-pkcs11-scd, through which "
                        + "gpgsm signs, uses RSA keys only.", rsa);
            }
        } else if (rsa.size() == 1) {
            chosen = rsa.get(0);
        } else {
            throw choose(rsa.isEmpty() ? "No RSA certificate is available to this machine; gpgsm signs with RSA keys only."
                    : "More than one RSA certificate is available: choose one with --cert.", rsa);
        }
        return new Plan(chosen, IssuingCa.of(chosen));
    }

    /** Writes the GnuPG home, has gpgsm learn the token, and sets git's settings in that scope. */
    public Done apply(Plan plan, GitScope scope, boolean signEverything) throws Problem {
        config.check(scope);
        String sha1 = plan.identity().sha1().toUpperCase(Locale.ROOT);
        home.setUp(plan.ca(), sha1);
        Map<GitSetting, String> values = new EnumMap<>(GitSetting.class);
        values.put(GitSetting.FORMAT, "x509");
        values.put(GitSetting.PROGRAM, home.wrapper().toString());
        values.put(GitSetting.SIGNING_KEY, sha1);
        if (signEverything) {
            values.put(GitSetting.SIGN_COMMITS, "true");
            values.put(GitSetting.SIGN_TAGS, "true");
        }
        config.set(scope, values);
        return new Done(home.wrapper(), places.gnupgHome(), values.entrySet().stream()
                .map(value -> value.getKey().gitName() + "=" + value.getValue()).toList());
    }

    /**
     * Takes back the scope's settings (those the user changed since stay, and are answered); once no scope
     * is set up, stops the GnuPG home's agent and deletes the home.
     */
    public List<String> undo(GitScope scope) throws Problem {
        List<String> left = config.restore(scope).stream().map(GitSetting::gitName).toList();
        if (!config.anySetUp()) {
            home.remove();
        }
        return left;
    }

    private static boolean rsa(Identity identity) {
        return "RSA".equalsIgnoreCase(identity.keyType());
    }

    private static Problem choose(String message, List<Identity> rsa) {
        return new Problem(Problem.Kind.LOCAL, message,
                rsa.stream().map(identity -> identity.sha1() + "  " + identity.commonName()).toList(),
                rsa.isEmpty() ? "Ask an admin for an RSA code-signing certificate in the Signing Service."
                        : "Run git-setup --cert with one of the RSA certificates listed.", null);
    }
}
