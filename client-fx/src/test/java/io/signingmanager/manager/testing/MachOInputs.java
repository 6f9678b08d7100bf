package io.signingmanager.manager.testing;

import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Mach-O files made in the test run by clang and lld (the apple-tools README's command), for macOS 11
 * on x86_64 (unsigned) and arm64 (lld signs it ad hoc), and universal ones joined by llvm-lipo.
 */
public final class MachOInputs {
    /** Code and constant data over several 4 KiB pages, so that a page hash other than the first is checked. */
    private static final String HELLO = """
            static const char table[9000] = "signed by the Signing Manager";

            int main(void) {
                unsigned sum = 0;
                for (unsigned i = 0; i < sizeof table; i++) {
                    sum += (unsigned char) table[i];
                }
                return (int) (sum & 0x7f);
            }
            """;

    private MachOInputs() {
    }

    /** {@code folder/name}, a thin executable for {@code arch} ({@code x86_64} or {@code arm64}). */
    public static Path thin(Path folder, String arch, String name) throws Exception {
        Path source = folder.resolve("hello.c");
        if (!Files.exists(source)) {
            Files.writeString(source, HELLO);
        }
        Path output = folder.resolve(name);
        make(folder, "clang", "-target", arch + "-apple-macos11", "-nostdlib", "-static", "-fuse-ld=lld",
                "-Wl,-e,_main", source.toString(), "-o", output.toString());
        return output;
    }

    /** {@code folder/name}, a thin dynamic library for {@code arch}, as a framework's or a plain dylib. */
    public static Path dylib(Path folder, String arch, String name) throws Exception {
        Path source = folder.resolve("kit.c");
        if (!Files.exists(source)) {
            Files.writeString(source, "int kit_answer(void) { return 42; }\n");
        }
        Path output = folder.resolve(name);
        make(folder, "clang", "-target", arch + "-apple-macos11", "-nostdlib", "-dynamiclib", "-fuse-ld=lld",
                "-install_name", "@rpath/" + name, source.toString(), "-o", output.toString());
        return output;
    }

    /** {@code folder/name}, a universal executable of an x86_64 and an arm64 one. */
    public static Path universal(Path folder, String name) throws Exception {
        Path x86 = thin(folder, "x86_64", name + "-x86_64");
        Path arm = thin(folder, "arm64", name + "-arm64");
        Path output = folder.resolve(name);
        make(folder, llvmTool("llvm-lipo"), "-create", x86.toString(), arm.toString(), "-output", output.toString());
        return output;
    }

    /** {@code folder/name}, a thin executable for {@code arch} stripped of its symbols by llvm-strip (an empty symbol table). */
    public static Path stripped(Path folder, String arch, String name) throws Exception {
        Path full = thin(folder, arch, name + "-full");
        Path output = folder.resolve(name);
        make(folder, llvmTool("llvm-strip"), "-o", output.toString(), full.toString());
        return output;
    }

    /** Debian names them llvm-TOOL-VERSION, with llvm-TOOL only in /usr/lib/llvm-VERSION/bin. */
    private static String llvmTool(String tool) throws Exception {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) {
                return tool;
            }
        }
        try (var versions = Files.newDirectoryStream(Path.of("/usr/lib"), "llvm-*")) {
            for (Path version : versions) {
                if (Files.isExecutable(version.resolve("bin").resolve(tool))) {
                    return version.resolve("bin").resolve(tool).toString();
                }
            }
        }
        throw new AssertionError(tool + " is not installed (Debian's llvm package)");
    }

    private static void make(Path folder, String... command) throws Exception {
        ExternalTool.Run run = ExternalTool.run(List.of(command), Map.of(), folder);
        if (run.exit() != 0) {
            throw new AssertionError(run.toString());
        }
    }
}
