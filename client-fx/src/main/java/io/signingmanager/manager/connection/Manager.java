package io.signingmanager.manager.connection;

import io.signingmanager.common.client.SignBatcher;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.RegisterResponse;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.SignResponse;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.WhoAmI;
import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.common.text.Plural;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.manager.receipts.ReceiptBook;
import io.signingmanager.manager.secrets.SecretStore;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.manager.settings.SettingsStore;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What the window and the command line do with the Signing Service: save the settings (which
 * registers this machine), list the identities, ask who we are. Every failure is a {@link Problem}.
 */
public final class Manager {
    private static final Logger LOG = Logger.getLogger(Manager.class.getName());

    private final SettingsStore settingsStore;
    private final SecretStore secrets;
    private final MachineInfo machine;
    private final ReceiptBook receipts;
    private volatile Connected connected;

    public Manager(SettingsStore settingsStore, SecretStore secrets, MachineInfo machine, ReceiptBook receipts) {
        this.settingsStore = settingsStore;
        this.secrets = secrets;
        this.machine = machine;
        this.receipts = receipts;
    }

    /** The receipts of what this machine signed, and the signing log's key it pinned. */
    public ReceiptBook receipts() {
        return receipts;
    }

    /**
     * The signing log's key: the one pinned in the state folder, or else the service's, pinned now (the
     * first one seen is trusted, as an SSH host key is).
     */
    public NoteVerifierKey logKey() throws Problem {
        Optional<NoteVerifierKey> pinned = receipts.pinnedKey();
        if (pinned.isPresent()) {
            return pinned.get();
        }
        Connected current = connect();
        try {
            String text = current.client().logKey();
            NoteVerifierKey key = NoteVerifierKey.parse(text).orElseThrow(() -> new Problem(Problem.Kind.SERVICE,
                    "The Signing Service at " + current.client().baseUrl() + " sent a log key that is not a note "
                            + "verifier key.", "See the Signing Manager log for details.", null));
            receipts.pin(key);
            return key;
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, current.client().baseUrl());
        }
    }

    /**
     * Keeps the receipt, and pins the log's key with the first one. The receipt is not checked here: that is an
     * Ed25519 verification per signature on the sign path, and verify-receipt and the window check it anyway.
     */
    private void keep(String sha1, SignContext context, Receipt receipt) {
        receipts.keep(sha1, context, receipt);
        if (receipts.pinnedKey().isEmpty()) {
            try {
                logKey();
            } catch (Problem problem) {
                LOG.warning(() -> "Cannot pin the signing log's key: " + problem.getMessage());
            }
        }
    }

    /** The signing log's latest checkpoint, as the service signed it. */
    public String logCheckpoint() throws Problem {
        Connected current = connect();
        try {
            return current.client().logCheckpoint(current.token());
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, current.client().baseUrl());
        }
    }

    /** The proof that the log's tree of {@code to} leaves extends the one of {@code from}. */
    public List<String> logConsistency(long from, long to) throws Problem {
        Connected current = connect();
        try {
            return current.client().consistencyProof(current.token(), from, to);
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, current.client().baseUrl());
        }
    }

    public Settings settings() throws Problem {
        try {
            return settingsStore.load();
        } catch (IOException e) {
            throw local(e);
        }
    }

    public String secretStoreDescription() {
        return secrets.description();
    }

    public boolean apiKeySet() throws Problem {
        try {
            return secrets.get(SecretStore.API_KEY).isPresent();
        } catch (IOException e) {
            throw local(e);
        }
    }

    /** The SHA-256 of the TLS certificate the service shows, to pin after the user agreed. */
    public String certificateOf(URI service) throws Problem {
        return ServerCertificate.sha256(checkUrl(service));
    }

    /**
     * Registers this machine with the API key and saves everything. An empty {@code apiKey} means the
     * saved one. {@code pinnedSha256} is the self-signed certificate the user agreed to trust, or
     * {@code null} for the system's trust.
     */
    public Settings save(URI apiHost, String apiKey, String pinnedSha256, boolean debug) throws Problem {
        URI service = checkUrl(apiHost);
        String key = apiKey == null || apiKey.isBlank() ? savedApiKey() : apiKey.strip();
        Settings before = settings();
        SigningServiceClient client = new SigningServiceClient(service, trust(pinnedSha256));
        if (registrationStands(before, service, key, client)) {
            // A new registration would leave the old client active on the service, one more per save.
            Settings kept = new Settings(service, pinnedSha256 != null, pinnedSha256, debug, before.clientId());
            saveSettings(kept);
            LOG.info(() -> "Saved the settings; still registered with " + service + " as client " + kept.clientId());
            return kept;
        }
        RegisterResponse registered;
        try {
            registered = client.register(key, new RegisterRequest(machine.hostname(), machine.platform(),
                    machine.appVersion()));
        } catch (SigningServiceException e) {
            throw Problems.ofRegistration(e, service);
        }
        Settings settings = new Settings(service, pinnedSha256 != null, pinnedSha256, debug, registered.clientId());
        try {
            secrets.put(SecretStore.API_KEY, key);
            secrets.put(SecretStore.CLIENT_TOKEN, registered.clientToken());
        } catch (IOException e) {
            throw local(e);
        }
        saveSettings(settings);
        LOG.info(() -> "Registered with " + service + " as client " + registered.clientId());
        return settings;
    }

    /**
     * The same service and API key as the saved registration, and the service still knows its token
     * (one set up anew does not: then only a new registration helps). Any other answer keeps the
     * registration; the refresh that follows the save says what is wrong.
     */
    private boolean registrationStands(Settings saved, URI service, String key, SigningServiceClient client)
            throws Problem {
        if (!saved.configured() || !service.equals(saved.apiHost())) {
            return false;
        }
        Optional<String> token;
        try {
            if (secrets.get(SecretStore.API_KEY).filter(key::equals).isEmpty()) {
                return false;
            }
            token = secrets.get(SecretStore.CLIENT_TOKEN);
        } catch (IOException e) {
            throw local(e);
        }
        if (token.isEmpty()) {
            return false;
        }
        try {
            client.whoami(token.get());
            return true;
        } catch (SigningServiceException e) {
            return e.status() != 401;
        }
    }

    private void saveSettings(Settings settings) throws Problem {
        try {
            settingsStore.save(settings);
        } catch (IOException e) {
            throw local(e);
        }
    }

    private String savedApiKey() throws Problem {
        try {
            return secrets.get(SecretStore.API_KEY).orElseThrow(() -> new Problem(Problem.Kind.LOCAL,
                    "The API key is empty.", "Copy it from the API Keys page of the Signing Service (show value).", null));
        } catch (IOException e) {
            throw local(e);
        }
    }

    /** The identities this machine may sign with, by common name. */
    public List<Identity> identities() throws Problem {
        Connected connected = connect();
        try {
            List<Identity> identities = connected.client().identities(connected.token());
            LOG.info(() -> "Refreshed: " + Plural.of(identities.size(), "identity", "identities") + " from "
                    + connected.client().baseUrl());
            return identities.stream().sorted(Comparator.comparing(Identity::commonName, String.CASE_INSENSITIVE_ORDER))
                    .toList();
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, connected.client().baseUrl());
        }
    }

    /**
     * The service's signature of {@code data} with the identity of that SHA-1; {@code context}
     * (may be {@code null}) is what the audit records about it. Callers signing at the same time
     * share round trips: their requests go together in batches ({@link SignBatcher}).
     */
    public Signed sign(String sha1, String algorithm, byte[] data, SignContext context) throws Problem {
        Connected connected = connect();
        try {
            SignResponse answer = connected.batcher().sign(
                    new SignRequest(sha1, algorithm, Base64.getEncoder().encodeToString(data), context));
            Signed signed = new Signed(Base64.getDecoder().decode(answer.signature()), answer.receipt());
            if (signed.receipt() != null) {
                keep(sha1, context, signed.receipt());
            }
            return signed;
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, connected.client().baseUrl());
        } catch (IllegalArgumentException e) {
            throw new Problem(Problem.Kind.SERVICE, "The Signing Service sent a signature that is not base64.",
                    "See the Signing Manager log for details.", e);
        }
    }

    /** The Apple signing workflows this machine's API key may fetch, ready or not, by name. */
    public List<WorkflowSummary> workflows() throws Problem {
        Connected connected = connect();
        try {
            return connected.client().workflows(connected.token()).stream()
                    .sorted(Comparator.comparing(WorkflowSummary::name, String.CASE_INSENSITIVE_ORDER)).toList();
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, connected.client().baseUrl());
        }
    }

    /** What a build machine may hold to sign the workflow's app; a workflow that is not ready is refused with its checklist. */
    public SigningFiles signingFiles(String workflow) throws Problem {
        Connected connected = connect();
        try {
            SigningFiles files = connected.client().signingFiles(connected.token(), workflow);
            LOG.info(() -> "Fetched the signing files of the workflow \"" + workflow + "\" from " + connected.client().baseUrl());
            return files;
        } catch (SigningServiceException e) {
            throw Problems.ofWorkflowCall(e, connected.client().baseUrl(), workflow);
        }
    }

    public WhoAmI whoami() throws Problem {
        Connected connected = connect();
        try {
            return connected.client().whoami(connected.token());
        } catch (SigningServiceException e) {
            throw Problems.ofClientCall(e, connected.client().baseUrl());
        }
    }

    /** A client and its token, for the settings they were made from, and the batcher of its sign calls. */
    private record Connected(Settings settings, SigningServiceClient client, String token, SignBatcher batcher) {
        Connected(Settings settings, SigningServiceClient client, String token) {
            this(settings, client, token, SignBatcher.of(client, token));
        }
    }

    /** Says how to set up the Signing Manager when it has no saved settings yet. */
    public void requireConfigured() throws Problem {
        configured();
    }

    private Settings configured() throws Problem {
        Settings settings = settings();
        if (!settings.configured()) {
            throw Problems.notConfigured();
        }
        return settings;
    }

    /**
     * The client for the saved settings, made once per settings: the agent signs through here, and a
     * new client would cost a TLS handshake and a secret-store lookup (a secret-tool process) per
     * signature. A new registration changes the client id, so it makes a new one.
     */
    private Connected connect() throws Problem {
        Settings settings = configured();
        Connected current = connected;
        if (current != null && current.settings().equals(settings)) {
            return current;
        }
        String token;
        try {
            token = secrets.get(SecretStore.CLIENT_TOKEN).orElseThrow(Problems::notConfigured);
        } catch (IOException e) {
            throw local(e);
        }
        current = new Connected(settings, new SigningServiceClient(settings.apiHost(), trust(settings.pinnedSha256())),
                token);
        connected = current;
        return current;
    }

    private static TlsTrust trust(String pinnedSha256) {
        return pinnedSha256 == null ? TlsTrust.system() : TlsTrust.pinned(pinnedSha256);
    }

    private static URI checkUrl(URI url) throws Problem {
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new Problem(Problem.Kind.LOCAL, "\"" + url + "\" is not a Signing Service URL.",
                    "Use the URL from the Signing Service's main page, like https://signing.example.com:3000.", null);
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    private static Problem local(IOException e) {
        return new Problem(Problem.Kind.LOCAL, e.getMessage(), "Check the Signing Manager's folders and files.", e);
    }
}
