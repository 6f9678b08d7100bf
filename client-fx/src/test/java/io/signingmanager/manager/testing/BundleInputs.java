package io.signingmanager.manager.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * macOS bundles made in the test run from clang-made Mach-O files: an app with resources (a
 * localization, Base.lproj, a link, files the rules omit) and, when asked, nested code of every kind
 * the rules know (a versioned framework, a plain dylib, a helper tool, an XPC service, a login item).
 */
public final class BundleInputs {
    public static final String APP_ID = "com.example.hello";

    private BundleInputs() {
    }

    /** {@code folder/name.app}: a universal main executable and resources, nested code when {@code nested}. */
    public static Path app(Path folder, String name, boolean nested) throws Exception {
        Path work = Files.createDirectories(folder.resolve(name + "-parts"));
        Path app = folder.resolve(name + ".app");
        Path contents = Files.createDirectories(app.resolve("Contents"));
        appBundle(app, name, APP_ID, MachOInputs.universal(work, name));
        Files.writeString(contents.resolve("PkgInfo"), "APPL????");
        Path resources = Files.createDirectories(contents.resolve("Resources"));
        Files.writeString(resources.resolve("readme.txt"), "Hello from the Signing Manager\n");
        Files.writeString(Files.createDirectories(resources.resolve("en.lproj")).resolve("Localizable.strings"),
                "\"hello\" = \"Hello\";\n");
        Files.writeString(resources.resolve("en.lproj").resolve("locversion.plist"), "<plist/>\n");
        Files.writeString(Files.createDirectories(resources.resolve("Base.lproj")).resolve("Main.txt"), "base\n");
        Files.writeString(resources.resolve(".DS_Store"), "finder state\n");
        Files.createSymbolicLink(resources.resolve("latest.txt"), Path.of("readme.txt"));
        Files.writeString(contents.resolve("version.plist"), "<plist version=\"1.0\"><dict/></plist>\n");
        if (nested) {
            Path frameworks = Files.createDirectories(contents.resolve("Frameworks"));
            move(MachOInputs.dylib(work, "arm64", "libkit.dylib"), frameworks.resolve("libkit.dylib"));
            framework(frameworks.resolve("Kit.framework"), MachOInputs.dylib(work, "x86_64", "Kit"));
            move(MachOInputs.thin(work, "x86_64", "tool"), contents.resolve("MacOS").resolve("tool"));
            appBundle(contents.resolve("XPCServices").resolve("Service.xpc"), "Service", APP_ID + ".service",
                    MachOInputs.thin(work, "arm64", "Service"));
            Path helper = contents.resolve("Library").resolve("LoginItems").resolve("Helper.app");
            appBundle(helper, "Helper", APP_ID + ".helper", MachOInputs.thin(work, "x86_64", "Helper"));
            Files.writeString(Files.createDirectories(helper.resolve("Contents").resolve("Resources")).resolve("h.txt"), "h\n");
        }
        return app;
    }

    /** The main executable of an app or XPC bundle. */
    public static Path executable(Path bundle) throws Exception {
        String name = bundle.getFileName().toString();
        return bundle.resolve("Contents").resolve("MacOS").resolve(name.substring(0, name.lastIndexOf('.')));
    }

    private static void appBundle(Path bundle, String executable, String identifier, Path binary) throws Exception {
        Path contents = Files.createDirectories(bundle.resolve("Contents"));
        Files.writeString(contents.resolve("Info.plist"), infoPlist(executable, identifier));
        move(binary, Files.createDirectories(contents.resolve("MacOS")).resolve(executable));
    }

    /** A versioned framework: Versions/A holds the library and Resources, Current and the top entries are links. */
    private static void framework(Path framework, Path library) throws Exception {
        Path version = Files.createDirectories(framework.resolve("Versions").resolve("A"));
        move(library, version.resolve("Kit"));
        Files.writeString(Files.createDirectories(version.resolve("Resources")).resolve("Info.plist"),
                infoPlist("Kit", APP_ID + ".kit"));
        Files.createSymbolicLink(framework.resolve("Versions").resolve("Current"), Path.of("A"));
        Files.createSymbolicLink(framework.resolve("Kit"), Path.of("Versions/Current/Kit"));
        Files.createSymbolicLink(framework.resolve("Resources"), Path.of("Versions/Current/Resources"));
    }

    private static String infoPlist(String executable, String identifier) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                \t<key>CFBundleExecutable</key>
                \t<string>%s</string>
                \t<key>CFBundleIdentifier</key>
                \t<string>%s</string>
                \t<key>CFBundlePackageType</key>
                \t<string>APPL</string>
                </dict>
                </plist>
                """.formatted(executable, identifier);
    }

    private static void move(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
