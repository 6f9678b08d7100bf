package io.signingmanager.manager.workflows;

import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.commands.SigningCommands;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.SigningFiles.SigningIdentity;
import io.signingmanager.common.protocol.SigningFiles.SigningProfile;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.workflows.FetchedFiles.IdentityCommands;
import io.signingmanager.manager.workflows.FetchedFiles.WrittenProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a workflow's provisioning profiles into a folder as {@code <UUID>.provisionprofile} and
 * makes the commands for its identities. Everything the service sent is checked before the first
 * file is written, since a file name made of a hostile service's text could reach outside the folder
 * and a command made of it could run more than the user pasted: a UUID must be a UUID, a profile's
 * content base64, an identity's SHA-1 40 hex digits. Each file is written beside its final name
 * and moved over it, so a failure leaves no half-written profile.
 */
public final class SigningFilesWriter {
    private static final Pattern UUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final Pattern SHA1 = Pattern.compile("[0-9A-Fa-f]{40}");
    private static final String EXTENSION = ".provisionprofile";

    private SigningFilesWriter() {
    }

    /** Writes the profiles into {@code folder} (made when missing) and answers what was written and the commands. */
    public static FetchedFiles write(SigningFiles files, Path folder) throws Problem {
        List<SigningProfile> profiles = present(files.profiles());
        List<SigningIdentity> identities = present(files.identities());
        List<byte[]> contents = new ArrayList<>();
        for (SigningProfile profile : profiles) {
            contents.add(checked(profile));
        }
        for (SigningIdentity identity : identities) {
            if (identity.sha1() == null || !SHA1.matcher(identity.sha1()).matches() || identity.role() == null) {
                throw badAnswer("an identity whose SHA-1 or role cannot be used (\"" + identity.sha1() + "\")");
            }
        }
        Path target = folder.toAbsolutePath().normalize();
        List<WrittenProfile> written = new ArrayList<>();
        try {
            Files.createDirectories(target);
            for (int i = 0; i < contents.size(); i++) {
                SigningProfile profile = profiles.get(i);
                Path file = target.resolve(profile.uuid() + EXTENSION);
                Path work = Files.createTempFile(target, ".", "-" + file.getFileName());
                try {
                    Files.write(work, contents.get(i));
                    Files.move(work, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(work);
                }
                written.add(new WrittenProfile(profile.uuid(), profile.name(), profile.bundleId(), profile.expiresAt(), file));
            }
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot write the provisioning profiles into " + target + ": " + e.getMessage(),
                    written.isEmpty() ? "Choose a folder you may write to." : "Wrote " + written.size() + " of "
                            + contents.size() + " before that; choose a folder you may write to and fetch again.", e);
        }
        String mainProfile = mainProfile(files, written);
        return new FetchedFiles(files.workflow(), files.bundleId(), files.distribution(), target, written,
                identities.stream().map(identity -> commands(identity, files, mainProfile)).toList());
    }

    private static <T> List<T> present(List<T> sent) {
        return sent == null ? List.of() : sent.stream().filter(Objects::nonNull).toList();
    }

    private static byte[] checked(SigningProfile profile) throws Problem {
        if (profile.uuid() == null || !UUID.matcher(profile.uuid()).matches()) {
            throw badAnswer("a provisioning profile whose UUID is not a UUID (\"" + profile.uuid() + "\")");
        }
        try {
            return Base64.getDecoder().decode(Objects.requireNonNullElse(profile.content(), ""));
        } catch (IllegalArgumentException e) {
            throw badAnswer("the provisioning profile " + profile.uuid() + " in a form that is not base64");
        }
    }

    private static Problem badAnswer(String what) {
        return new Problem(Problem.Kind.SERVICE, "The Signing Service sent " + what + ". Nothing was written.",
                "Tell the Signing Service's admins; see the Signing Manager log for details.", null);
    }

    /** The profile the app itself embeds: the one for the workflow's bundle ID (the others are its extensions'). */
    private static String mainProfile(SigningFiles files, List<WrittenProfile> written) {
        return written.stream().filter(profile -> Objects.equals(profile.bundleId(), files.bundleId())).findFirst()
                .or(() -> written.stream().findFirst()).map(profile -> profile.file().toString()).orElse(null);
    }

    private static IdentityCommands commands(SigningIdentity identity, SigningFiles files, String mainProfile) {
        List<String> commands = new ArrayList<>();
        if (identity.role() == IdentityRole.INSTALLER) {
            commands.add(SigningCommands.productsign(identity.sha1()));
        } else {
            if (mainProfile != null) {
                commands.add(SigningCommands.embedProfile(mainProfile));
            }
            commands.add(SigningCommands.codesignApp(identity.sha1(), files.distribution() != null
                    && files.distribution().hardenedRuntime()));
        }
        return new IdentityCommands(identity.role(), identity.sha1(), identity.commonName(), identity.type(),
                identity.teamId(), List.copyOf(commands));
    }
}
