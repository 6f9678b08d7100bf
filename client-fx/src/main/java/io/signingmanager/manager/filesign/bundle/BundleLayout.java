package io.signingmanager.manager.filesign.bundle;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a bundle keeps its parts, as macOS lays them out: an app, XPC service, app extension or
 * plug-in in {@code Contents/} (Info.plist there, the executable in {@code MacOS/}); a versioned
 * framework in {@code Versions/<Current>/} (Info.plist in {@code Resources/}, the executable at the
 * top); an unversioned framework in the folder itself, laid out the same. (iOS's shallow bundles, with
 * Info.plist at the top, are not macOS code.) The seal
 * ({@code _CodeSignature/CodeResources}) and the resource paths are relative to {@code content}.
 */
record BundleLayout(Path root, Path content, Path infoPlist, Path executable, String identifier) {
    private static final int MAX_INFO_PLIST = 4 << 20;

    /** The seal's file under the content folder. */
    Path codeResources() {
        return content.resolve("_CodeSignature").resolve("CodeResources");
    }

    /** The main executable's path relative to the content folder, with '/'. */
    String executablePath() {
        return relative(content, executable);
    }

    /**
     * The layout of that folder, or empty when it is not a bundle with code (no Info.plist, or one
     * without {@code CFBundleExecutable}); an {@link IOException} saying what is wrong with a bundle
     * that names an executable it does not have.
     */
    static Optional<BundleLayout> of(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path content;
        Path info;
        boolean executableInMacOS = false;
        if (isFile(folder.resolve("Contents").resolve("Info.plist"))) {
            content = folder.resolve("Contents");
            info = content.resolve("Info.plist");
            executableInMacOS = true;
        } else if (Files.isDirectory(folder.resolve("Versions"), LinkOption.NOFOLLOW_LINKS)) {
            content = currentVersion(folder);
            info = content.resolve("Resources").resolve("Info.plist");
        } else {
            content = folder;
            info = content.resolve("Resources").resolve("Info.plist");
        }
        if (!isFile(info)) {
            return Optional.empty();
        }
        NSDictionary plist = read(info);
        String executableName = string(plist, "CFBundleExecutable");
        if (executableName == null) {
            return Optional.empty();
        }
        if (executableName.isEmpty() || executableName.contains("/") || executableName.equals("..")
                || executableName.indexOf('\0') >= 0) {
            throw new IOException(info + " names the executable \"" + executableName + "\", which is not a file name");
        }
        Path executable = (executableInMacOS ? content.resolve("MacOS") : content).resolve(executableName);
        if (!isFile(executable)) {
            throw new IOException(folder.getFileName() + " has no executable " + relative(folder, executable)
                    + " (its Info.plist's CFBundleExecutable)");
        }
        return Optional.of(new BundleLayout(folder, content, info, executable, string(plist, "CFBundleIdentifier")));
    }

    /** A path under {@code base}, relative to it, with '/' whatever the platform. */
    static String relative(Path base, Path path) {
        return base.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    /** {@code Versions/Current}, a link to a sibling version folder, or a folder itself. */
    private static Path currentVersion(Path folder) throws IOException {
        Path current = folder.resolve("Versions").resolve("Current");
        if (!Files.isSymbolicLink(current)) {
            return current;
        }
        String target = Files.readSymbolicLink(current).toString();
        if (target.isEmpty() || target.contains("/") || target.equals("..") || target.equals(".")) {
            throw new IOException(current + " points to " + target + ", outside the framework's Versions folder");
        }
        return folder.resolve("Versions").resolve(target);
    }

    private static NSDictionary read(Path info) throws IOException {
        if (Files.size(info) > MAX_INFO_PLIST) {
            throw new IOException(info + " is larger than " + (MAX_INFO_PLIST >> 20) + " MiB: not an Info.plist");
        }
        try {
            NSObject root = PropertyListParser.parse(Files.readAllBytes(info));
            if (root instanceof NSDictionary dict) {
                return dict;
            }
            throw new IOException(info + " does not hold a dictionary");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(info + " is not a readable property list: " + e.getMessage(), e);
        }
    }

    private static String string(NSDictionary plist, String key) {
        return plist.get(key) instanceof NSString value ? value.getContent() : null;
    }

    private static boolean isFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }
}
