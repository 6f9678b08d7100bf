package io.signingmanager.manager.cli;

import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.FileFormat;
import io.signingmanager.manager.filesign.FileSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code sign} makes of a folder given to it: a macOS bundle, or refused with words; and where
 * {@code --output} puts a bundle. A folder {@code --output} is where the bundle goes under its own
 * name, as for files, unless it is the bundle itself (signed in place) or a bundle signed before
 * under the same name (replaced with {@code --force}); an existing file or another existing bundle
 * is refused, not filled.
 */
final class Bundles {
    private Bundles() {
    }

    /** The folder as an absolute path (so "." has a name), once it is known to be a bundle. */
    static Path input(Path folder) throws Problem {
        Path bundle = folder.toAbsolutePath().normalize();
        FileSigner.formatOf(bundle);
        return bundle;
    }

    /** The request's output for that bundle: {@code null} (beside it), a folder to put it in, or a new name. */
    static Path output(Path bundle, Path output) throws Problem {
        if (output == null || !Files.exists(output)) {
            return output;
        }
        if (!Files.isDirectory(output)) {
            throw new Problem(Problem.Kind.LOCAL, "--output " + output + " is a file, and " + bundle.getFileName()
                    + " is a bundle (a folder). Nothing was signed.",
                    "Give a folder to put the signed bundle in, or a new name like Signed.app.", null);
        }
        Path target = output.toAbsolutePath().normalize();
        if (target.equals(bundle) || target.getFileName().equals(bundle.getFileName()) && isBundleName(target)) {
            // The bundle itself, or one of its name: the request says so as the folder it is in.
            return target.getParent();
        }
        if (isBundleName(target)) {
            throw new Problem(Problem.Kind.LOCAL, "--output " + output + " is a bundle that is there already; "
                    + bundle.getFileName() + " would go inside it. Nothing was signed.",
                    "Delete it first, or give the folder to put " + bundle.getFileName() + " in.", null);
        }
        return output;
    }

    private static boolean isBundleName(Path path) {
        String name = Optional.ofNullable(path.getFileName()).map(Path::toString).orElse("").toLowerCase(Locale.ROOT);
        return FileFormat.APP.extensions().stream().anyMatch(extension -> name.endsWith("." + extension));
    }
}
