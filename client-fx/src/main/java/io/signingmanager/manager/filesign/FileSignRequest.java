package io.signingmanager.manager.filesign;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file to sign with the identity of that SHA-1 fingerprint. {@code output} is where the signed
 * file goes (a file, or a folder to put it in under the input's name), {@code null} for next to the
 * input as {@code <name>-signed.<extension>}; it may be the input itself, which is then replaced.
 * {@code timestampUrl} is an RFC 3161 time-stamping authority, {@code null} for none.
 * {@code codeSign} are codesign's options, for Mach-O files only.
 */
public record FileSignRequest(Path input, Path output, String certSha1, URI timestampUrl, CodeSignOptions codeSign) {

    public FileSignRequest {
        codeSign = codeSign == null ? CodeSignOptions.NONE : codeSign;
    }

    /** A request with codesign's defaults (they matter for Mach-O files only). */
    public FileSignRequest(Path input, Path output, String certSha1, URI timestampUrl) {
        this(input, output, certSha1, timestampUrl, CodeSignOptions.NONE);
    }

    /** Where the signed file is written. */
    public Path outputFile() {
        if (output == null) {
            return signedSibling(input);
        }
        return Files.isDirectory(output) ? output.resolve(input.getFileName()) : output;
    }

    /** {@code app.jar} gives {@code app-signed.jar}, {@code setup.exe} {@code setup-signed.exe}. */
    static Path signedSibling(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String signed = dot <= 0 ? name + "-signed" : name.substring(0, dot) + "-signed" + name.substring(dot);
        return input.resolveSibling(signed);
    }
}
