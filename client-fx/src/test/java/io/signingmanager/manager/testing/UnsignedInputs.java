package io.signingmanager.manager.testing;

import io.signingmanager.service.testing.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Real unsigned files made in the test run, each by the tool that makes such files. */
public final class UnsignedInputs {
    private static final String WIX = """
            <?xml version="1.0" encoding="utf-8"?>
            <Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
              <Product Id="*" Name="Signing Test" Version="1.0.0" Manufacturer="Signing Manager Tests"
                       UpgradeCode="6B29FC40-CA47-1067-B31D-00DD010662DA" Language="1033">
                <Package InstallerVersion="200" Compressed="yes"/>
                <Media Id="1" Cabinet="app.cab" EmbedCab="yes"/>
                <Directory Id="TARGETDIR" Name="SourceDir">
                  <Directory Id="ProgramFilesFolder">
                    <Directory Id="INSTALLDIR" Name="SigningTest">
                      <Component Id="Readme" Guid="5B2B0D36-2F4E-4C47-9E0B-6A1B8E3F9C11">
                        <File Id="ReadmeFile" Source="readme.txt"/>
                      </Component>
                    </Directory>
                  </Directory>
                </Directory>
                <Feature Id="Complete" Level="1"><ComponentRef Id="Readme"/></Feature>
              </Product>
            </Wix>
            """;

    private UnsignedInputs() {
    }

    /** A JAR with one class-path resource, written with JarOutputStream. */
    public static Path jar(Path folder) throws Exception {
        Path jar = folder.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("app/readme.txt"));
            out.write("signed by the Signing Manager\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** A 64-bit Windows executable, compiled by MinGW-w64 from a tiny C file. */
    public static Path exe(Path folder) throws Exception {
        Path source = Files.writeString(folder.resolve("setup.c"), "int main(void) { return 0; }\n");
        Path exe = folder.resolve("setup.exe");
        make(folder, "x86_64-w64-mingw32-gcc", "-o", exe.toString(), source.toString());
        return exe;
    }

    /** A cabinet of one text file, made by gcab. */
    public static Path cab(Path folder) throws Exception {
        Path cab = folder.resolve("files.cab");
        make(folder, "gcab", "--create", "--nopath", cab.toString(), readme(folder).toString());
        return cab;
    }

    /** A Windows Installer package installing one text file, made by msitools' wixl. */
    public static Path msi(Path folder) throws Exception {
        readme(folder);
        // wixl finds readme.txt beside the .wxs.
        Path wxs = Files.writeString(folder.resolve("installer.wxs"), WIX);
        Path msi = folder.resolve("installer.msi");
        make(folder, "wixl", "-o", msi.toString(), wxs.toString());
        return msi;
    }

    /** A PowerShell script, with Windows line ends. */
    public static Path powerShell(Path folder) throws Exception {
        return Files.writeString(folder.resolve("deploy.ps1"), "Write-Output \"deployed\"\r\n");
    }

    private static Path readme(Path folder) throws Exception {
        return Files.writeString(folder.resolve("readme.txt"), "installed by the test\n");
    }

    private static void make(Path folder, String... command) throws Exception {
        ExternalTool.Run run = ExternalTool.run(List.of(command), Map.of(), folder);
        if (run.exit() != 0) {
            throw new AssertionError(run.toString());
        }
    }
}
