package io.signingmanager.manager.filesign;

import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.connection.ProblemCode;
import io.signingmanager.manager.filesign.bundle.BundleSigner;
import io.signingmanager.manager.filesign.macho.MachOOptions;
import io.signingmanager.manager.filesign.macho.MachOSigner;
import io.signingmanager.manager.filesign.pkg.PackageSigner;
import io.signingmanager.manager.provider.RemotePrivateKey;
import io.signingmanager.manager.provider.ServiceRoute;
import io.signingmanager.manager.provider.SigningManagerProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * Signs files with remote identities: hashes the input locally (streaming, with progress), signs a
 * copy (JARs with the JDK's JarSigner, Mach-O files, bundles and flat packages with our Apple signers, the
 * Authenticode formats with jsign) and puts it where the request says. Every remote signature's audit record names the file, its SHA-256 and its format.
 */
public final class FileSigner {
    private static final Logger LOG = Logger.getLogger(FileSigner.class.getName());
    /** The longest file name an audit record keeps (the service refuses longer context fields). */
    private static final int MAX_CONTEXT_NAME = 500;

    private final KeyStore identities;
    private final Provider provider;
    /** Files hashed at the same time, when many are signed at once: as many as the cores, more only thrash the disk. */
    private final Semaphore hashing = new Semaphore(Runtime.getRuntime().availableProcessors());

    private FileSigner(KeyStore identities, Provider provider) {
        this.identities = identities;
        this.provider = provider;
    }

    /**
     * A signer with the identities of that provider's {@code SigningManager} key store, listed once
     * now: a certificate made inactive later is refused by the service when it signs.
     */
    public static FileSigner using(Provider provider) throws Problem {
        try {
            KeyStore identities = KeyStore.getInstance(SigningManagerProvider.KEYSTORE_TYPE, provider);
            identities.load(null, null);
            return new FileSigner(identities, provider);
        } catch (IOException | GeneralSecurityException e) {
            throw SignFailures.problem("Cannot list the identities", e);
        }
    }

    /** A signer straight through the Signing Service with that Manager's settings and client token. */
    public static FileSigner through(Manager manager) throws Problem {
        return using(new SigningManagerProvider(new ServiceRoute(manager)));
    }

    /** The format of a file to sign, or a {@link Problem} saying why it cannot be signed. */
    public static FileFormat formatOf(Path input) throws Problem {
        if (!Files.isRegularFile(input) && !Files.isDirectory(input)) {
            throw new Problem(Problem.Kind.LOCAL, input + " does not exist or is not a file.", "Check the path.", null);
        }
        try {
            Optional<FileFormat> format = FileFormat.of(input);
            if (Files.isDirectory(input) && format.isEmpty()) {
                throw new Problem(Problem.Kind.LOCAL, input + " is a folder, not a macOS bundle: a bundle (.app .framework"
                        + " .xpc .appex .bundle .plugin) has Contents/Info.plist naming its executable. Nothing was signed.",
                        "Give the bundle itself (like Hello.app), or the files in the folder one by one.", null);
            }
            return format.orElseThrow(() -> new Problem(Problem.Kind.LOCAL,
                    input + " is not a format the Signing Manager signs.",
                    "It signs these formats: " + FileFormat.list() + ".", null));
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot read " + input + ": " + e.getMessage(), "Check the file.", e);
        }
    }

    /** Signs one file; nothing is written when it fails. */
    public FileSignResult sign(FileSignRequest request, HashProgress progress) throws Problem {
        Path input = request.input();
        FileFormat format = formatOf(input);
        refuseCodeSignOptions(request, format);
        if (format.isFolder()) {
            return signBundle(request);
        }
        try (Staging staging = new Staging(request.outputFile())) {
            List<Receipt> receipts = new CopyOnWriteArrayList<>();
            RemotePrivateKey remoteKey = remoteKey(request.certSha1()).withReceipts(receipts::add);
            Path unsigned = staging.newFile();
            StreamedPeDigest peDigest = format == FileFormat.PE
                    ? new StreamedPeDigest(AuthenticodeSigning.digestFor(remoteKey)) : null;
            String sha256 = hash(input, unsigned, progress, peDigest == null ? HashingCopy.ChunkHash.NONE : peDigest);
            SigningKey key = new SigningKey(remoteKey.withContext(
                    new SignContext(input.getFileName().toString(), sha256, format.code(), null)),
                    chain(request.certSha1()), provider);
            Path signed = unsigned;
            switch (format) {
                case JAR -> {
                    signed = staging.newFile();
                    JarSigning.sign(unsigned, signed, key, request.timestampUrl());
                }
                case MACHO -> MachOSigner.sign(signed, key, machOOptions(request, format));
                case PKG -> {
                    signed = staging.newFile();
                    PackageSigner.sign(unsigned, signed, key, request.timestampUrl());
                }
                default -> AuthenticodeSigning.sign(signed, format, key, request.timestampUrl(),
                        peDigest == null ? null : peDigest.result().orElse(null));
            }
            Path output = staging.publish(signed, input);
            LOG.info(() -> "Signed " + input + " (" + format.code() + ", SHA-256 " + sha256 + ") as " + output
                    + " with " + request.certSha1());
            return new FileSignResult(output, format, key.signer(), sha256, List.copyOf(receipts));
        } catch (Problem problem) {
            throw problem;
        } catch (Exception e) {
            throw SignFailures.problem("Cannot sign " + input, e);
        }
    }

    private String hash(Path input, Path copy, HashProgress progress, HashingCopy.ChunkHash alongside)
            throws IOException, InterruptedException {
        hashing.acquire();
        try {
            return HashingCopy.copy(input, copy, progress, alongside);
        } finally {
            hashing.release();
        }
    }

    /**
     * A bundle, signed in a copy beside the output: each Mach-O file inside is its own remote signature,
     * audited with its path in the bundle, its SHA-256 and the format {@code app}.
     */
    private FileSignResult signBundle(FileSignRequest request) throws Problem {
        Path input = request.input();
        try (Staging staging = new Staging(request.outputFile())) {
            List<Receipt> receipts = new CopyOnWriteArrayList<>();
            RemotePrivateKey remoteKey = remoteKey(request.certSha1()).withReceipts(receipts::add);
            List<X509Certificate> chain = chain(request.certSha1());
            Path bundle = staging.copyOf(input);
            String name = input.toAbsolutePath().getFileName().toString();
            List<BundleSigner.Signed> signed = BundleSigner.sign(bundle, (file, sha256) -> new SigningKey(
                    remoteKey.withContext(new SignContext(contextName(name, bundle, file), sha256, FileFormat.APP.code(),
                            null)), chain, provider), machOOptions(request, FileFormat.APP));
            Path output = staging.publish(bundle, input);
            BundleSigner.Signed main = signed.get(signed.size() - 1);
            LOG.info(() -> "Signed the bundle " + input + " (" + signed.size() + " pieces of code; " + main.path()
                    + ", SHA-256 " + main.sha256() + ", CDHash " + main.cdHash() + ") as " + output + " with "
                    + request.certSha1());
            return new FileSignResult(output, FileFormat.APP, chain.get(0).getSubjectX500Principal().toString(),
                    main.sha256(), List.copyOf(receipts));
        } catch (Problem problem) {
            throw problem;
        } catch (Exception e) {
            throw SignFailures.problem("Cannot sign " + input, e);
        }
    }

    /** A file's path in the bundle under the bundle's own name, cut to what the service keeps. */
    private static String contextName(String bundleName, Path bundle, Path file) {
        String path = bundleName + "/" + bundle.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        return path.length() <= MAX_CONTEXT_NAME ? path : "..." + path.substring(path.length() - MAX_CONTEXT_NAME + 3);
    }

    /** codesign's options are for Mach-O files and bundles: given for another format, they are refused, not ignored. */
    public static void refuseCodeSignOptions(FileSignRequest request, FileFormat format) throws Problem {
        if (!format.takesCodeSignOptions() && request.codeSign().isGiven()) {
            throw new Problem(Problem.Kind.LOCAL, "--identifier, --entitlements and --options are for Mach-O files and"
                    + " bundles; " + request.input() + " is a " + format.description() + ". Nothing was signed.",
                    "Sign it without them, or sign the Mach-O files in a command of their own.", null);
        }
    }

    private static MachOOptions machOOptions(FileSignRequest request, FileFormat format) throws IOException {
        CodeSignOptions options = request.codeSign();
        byte[] entitlements = options.entitlements() == null ? null : Files.readAllBytes(options.entitlements());
        String identifier = options.identifier() != null ? options.identifier()
                : format == FileFormat.APP ? BundleSigner.identifierOf(request.input())
                : options.identifierFor(request.input());
        if (identifier == null) {
            throw new IOException(request.input().getFileName() + " has no CFBundleIdentifier in its Info.plist: give"
                    + " one with --identifier");
        }
        return new MachOOptions(identifier, options.hardenedRuntime(), entitlements, request.timestampUrl());
    }

    /** Looked up before the input is hashed, so an unknown certificate is said at once. */
    private RemotePrivateKey remoteKey(String certSha1) throws GeneralSecurityException, Problem {
        if (!(identities.getKey(certSha1, null) instanceof RemotePrivateKey key)) {
            throw new Problem(ProblemCode.UNKNOWN_CERTIFICATE, "No certificate with the SHA-1 " + certSha1
                    + " is available to this machine: the Signing Service does not know it, or it is inactive or not"
                    + " authorized for this API key.",
                    "Run signing-manager -r to list the certificates; ask an admin if this one should be available.", null);
        }
        return key;
    }

    private List<X509Certificate> chain(String certSha1) throws KeyStoreException {
        return Arrays.stream(identities.getCertificateChain(certSha1)).map(X509Certificate.class::cast).toList();
    }
}
