package io.signingmanager.manager.filesign.bundle;

import io.signingmanager.manager.filesign.SigningKey;
import io.signingmanager.manager.filesign.macho.MachOOptions;
import io.signingmanager.manager.filesign.macho.MachOSigner;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a macOS bundle in place, inside out as codesign does: first the nested code where the rules
 * put it (Frameworks, PlugIns, XPCServices, Helpers, MacOS, Library/LoginItems ...), each nested
 * bundle with its own nested code and seal and each Mach-O file on its own; then the bundle's
 * {@code _CodeSignature/CodeResources}, which lists the nested code by CDHash and requirement and the
 * other files by hash; last the main executable, whose special slots hold the Info.plist's and the
 * seal's hashes. Entitlements are the main executable's only; the hardened runtime and the time-stamp
 * apply to every piece. Links are never followed.
 */
public final class BundleSigner {
    /** The key for one Mach-O file's signature, whose audit record names that file and its hash. */
    @FunctionalInterface
    public interface Keys {
        SigningKey forFile(Path file, String sha256) throws Exception;
    }

    /**
     * One piece of code signed: its path under the bundle's parent folder, its SHA-256 before it was
     * signed and its CDHash (hex).
     */
    public record Signed(String path, String sha256, String cdHash) {
    }

    private final Keys keys;
    private final MachOOptions options;
    private final Path top;
    private final List<Signed> signed = new ArrayList<>();

    private BundleSigner(Keys keys, MachOOptions options, Path top) {
        this.keys = keys;
        this.options = options;
        this.top = top;
    }

    /** Whether that path is a folder laid out as a bundle with an executable. */
    public static boolean isBundle(Path folder) throws IOException {
        return BundleLayout.of(folder).isPresent();
    }

    /**
     * Signs the bundle at that folder; {@code options.identifier()} is the main executable's (nested
     * bundles keep their own CFBundleIdentifier). Answers what was signed, innermost first, the main
     * executable last.
     */
    public static List<Signed> sign(Path bundle, Keys keys, MachOOptions options) throws Exception {
        BundleLayout layout = BundleLayout.of(bundle).orElseThrow(() -> new IOException(bundle.getFileName()
                + " is not a bundle with code: it needs Contents/Info.plist naming its CFBundleExecutable"));
        BundleSigner signer = new BundleSigner(keys, options, bundle.toAbsolutePath().getParent());
        signer.signBundle(layout, options.identifier());
        return signer.signed;
    }

    /** The identifier for {@link MachOOptions}: the one given, or the bundle's CFBundleIdentifier. */
    public static String identifierOf(Path bundle) throws IOException {
        return BundleLayout.of(bundle).map(BundleLayout::identifier).orElse(null);
    }

    private NestedCode signBundle(BundleLayout layout, String identifier) throws Exception {
        if (identifier == null || identifier.isBlank()) {
            throw new IOException(BundleLayout.relative(top, layout.root()) + " has no CFBundleIdentifier in its"
                    + " Info.plist: give one");
        }
        Map<String, NestedCode> nested = new TreeMap<>();
        for (Path code : nestedCode(layout)) {
            String path = BundleLayout.relative(layout.content(), code);
            BundleLayout inner = BundleLayout.of(code).orElse(null);
            nested.put(path, inner != null ? signBundle(inner, inner.identifier())
                    : signMachO(code, options.nested(code.getFileName().toString())));
        }
        byte[] seal = ResourceSeal.build(layout, nested);
        Files.createDirectories(layout.codeResources().getParent());
        Files.write(layout.codeResources(), seal);
        MachOOptions.BundleSeal bundleSeal = new MachOOptions.BundleSeal(sha256(Files.readAllBytes(layout.infoPlist())),
                sha256(seal));
        return signMachO(layout.executable(), options.sealing(identifier, bundleSeal));
    }

    private NestedCode signMachO(Path file, MachOOptions machO) throws Exception {
        String sha256 = HexFormat.of().formatHex(sha256(Files.readAllBytes(file)));
        SigningKey key = keys.forFile(file, sha256);
        List<String> cdHashes = MachOSigner.sign(file, key, machO);
        signed.add(new Signed(BundleLayout.relative(top, file.toAbsolutePath()), sha256, cdHashes.get(0)));
        return new NestedCode(HexFormat.of().parseHex(cdHashes.get(0)),
                MachOSigner.designatedRequirement(machO.identifier(), key.chain().get(0)));
    }

    /**
     * The nested code of a bundle, in path order: folders laid out as bundles and Mach-O files, where
     * the rules put nested code, not inside another nested bundle, not the main executable.
     */
    private static List<Path> nestedCode(BundleLayout layout) throws IOException {
        List<Path> found = new ArrayList<>();
        Path content = layout.content();
        Files.walkFileTree(content, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dir.equals(content)) {
                    return FileVisitResult.CONTINUE;
                }
                String path = BundleLayout.relative(content, dir);
                if (ResourceSeal.excluded(path, layout)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (ResourceRules.isNestedPlace(path) && BundleLayout.of(dir).isPresent()) {
                    found.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String path = BundleLayout.relative(content, file);
                if (attributes.isRegularFile() && !ResourceSeal.excluded(path, layout) && ResourceRules.isNestedPlace(path)
                        && MachOSigner.isMachO(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
