package io.signingmanager.manager.filesign.bundle;

import io.signingmanager.manager.filesign.XmlPlist;
import io.signingmanager.manager.filesign.bundle.ResourceRules.Mode;
import io.signingmanager.manager.filesign.bundle.ResourceRules.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A bundle's {@code _CodeSignature/CodeResources}, as codesign writes it: {@code files} (version 1,
 * SHA-1) and {@code files2} (SHA-1 and SHA-256 of each file, the target of each symbolic link, the
 * CDHash and designated requirement of each piece of nested code) under the default rules, then the
 * rules themselves. Links are recorded, never followed; the main executable, the seal's own folder and
 * {@code Info.plist} (sealed in the executable's special slot) are not listed.
 */
final class ResourceSeal {
    private final BundleLayout layout;
    private final Map<String, NestedCode> nested;
    private final Map<String, Object> files = new TreeMap<>();
    private final Map<String, Object> files2 = new TreeMap<>();

    private ResourceSeal(BundleLayout layout, Map<String, NestedCode> nested) {
        this.layout = layout;
        this.nested = nested;
    }

    /** The XML property list for that bundle whose nested code (by relative path) is already signed. */
    static byte[] build(BundleLayout layout, Map<String, NestedCode> nested) throws IOException {
        ResourceSeal seal = new ResourceSeal(layout, nested);
        seal.walk();
        nested.forEach((path, code) -> {
            Map<String, Object> entry = entry("cdhash", code.cdHash());
            entry.put("requirement", code.requirement());
            seal.files2.put(path, entry);
        });
        Map<String, Object> root = new TreeMap<>();
        root.put("files", seal.files);
        root.put("files2", seal.files2);
        root.put("rules", ResourceRules.plist(ResourceRules.V1));
        root.put("rules2", ResourceRules.plist(ResourceRules.V2));
        return XmlPlist.write(root);
    }

    /** Whether codesign leaves that path out of every seal: the executable, the seal itself, a receipt. */
    static boolean excluded(String path, BundleLayout layout) {
        return path.equals(layout.executablePath()) || path.startsWith("_CodeSignature/") || path.equals("_CodeSignature")
                || path.equals("CodeResources") || path.startsWith("_MASReceipt/");
    }

    private void walk() throws IOException {
        Path content = layout.content();
        Files.walkFileTree(content, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String path = BundleLayout.relative(content, dir);
                return dir.equals(content) || !(excluded(path, layout) || nested.containsKey(path))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String path = BundleLayout.relative(content, file);
                if (!excluded(path, layout) && !nested.containsKey(path)) {
                    if (attributes.isSymbolicLink()) {
                        link(path, Files.readSymbolicLink(file).toString());
                    } else if (attributes.isRegularFile()) {
                        file(path, file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void file(String path, Path file) throws IOException {
        Optional<Rule> v1 = ResourceRules.best(ResourceRules.V1, path);
        Optional<Rule> v2 = ResourceRules.best(ResourceRules.V2, path);
        boolean inV1 = v1.isPresent() && v1.get().mode() != Mode.OMIT;
        boolean inV2 = v2.isPresent() && v2.get().mode() != Mode.OMIT;
        if (!inV1 && !inV2) {
            return;
        }
        byte[][] hashes = hashes(file);
        if (inV1) {
            files.put(path, v1.get().mode() == Mode.OPTIONAL ? optional(entry("hash", hashes[0])) : hashes[0]);
        }
        if (inV2) {
            Map<String, Object> entry = entry("hash", hashes[0]);
            entry.put("hash2", hashes[1]);
            files2.put(path, v2.get().mode() == Mode.OPTIONAL ? optional(entry) : entry);
        }
    }

    private void link(String path, String target) {
        Optional<Rule> v2 = ResourceRules.best(ResourceRules.V2, path);
        if (v2.isPresent() && v2.get().mode() != Mode.OMIT) {
            Map<String, Object> entry = entry("symlink", target);
            files2.put(path, v2.get().mode() == Mode.OPTIONAL ? optional(entry) : entry);
        }
    }

    /** A dict of one entry, keys sorted as codesign writes them. */
    private static Map<String, Object> entry(String key, Object value) {
        Map<String, Object> entry = new TreeMap<>();
        entry.put(key, value);
        return entry;
    }

    private static Map<String, Object> optional(Map<String, Object> entry) {
        entry.put("optional", true);
        return entry;
    }

    /** SHA-1 and SHA-256 of a file, read once. */
    private static byte[][] hashes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha1.update(buffer, 0, read);
                sha256.update(buffer, 0, read);
            }
            return new byte[][] {sha1.digest(), sha256.digest()};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1 or SHA-256", e);
        }
    }
}
