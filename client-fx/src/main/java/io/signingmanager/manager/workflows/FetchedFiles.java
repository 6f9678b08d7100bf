package io.signingmanager.manager.workflows;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What fetching a workflow's signing files did: the profiles written (where, and what each is) and
 * the identities to sign with, each with the commands that use it. The command line prints it (as
 * JSON with {@code --json}, paths as the system writes them) and the Workflows window shows it.
 */
public record FetchedFiles(String workflow, String bundleId, Distribution distribution,
                           @JsonSerialize(using = ToStringSerializer.class) Path folder,
                           List<WrittenProfile> profiles, List<IdentityCommands> identities) {

    /** Said after the commands: how to sign an app with nested code. */
    public static final String INSIDE_OUT = "Sign nested code first (app extensions, helpers, frameworks), each with its "
            + "own entitlements, then the app: Apple advises against codesign --deep.";

    /**
     * Said with the commands, since they name identities whose keys no Mac holds: what reaches them and
     * what does not yet.
     */
    public static final String KEYS = "The keys stay in the Signing Service. On a Mac, codesign and productsign would "
            + "reach them through the Signing Manager's CryptoTokenKit extension, which is not built yet; today these "
            + "identities sign through the agent, the PKCS#11 module and the JCA provider.";

    /** A provisioning profile written byte for byte as the service holds it. */
    public record WrittenProfile(String uuid, String name, String bundleId, Instant expiresAt,
                                @JsonSerialize(using = ToStringSerializer.class) Path file) {
    }

    /** An identity of the workflow (its key stays in the service) and the ready commands that sign with it. */
    public record IdentityCommands(IdentityRole role, String sha1, String commonName, AppleCertificateType type,
                                   String teamId, List<String> commands) {
    }
}
