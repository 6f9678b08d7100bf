package io.signingmanager.service.clientapi;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.RegisterResponse;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResponse;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.SignResponse;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.WhoAmI;
import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.service.apikeys.ApiKeyRepository;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.apple.WorkflowFiles;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.Credential;
import io.signingmanager.service.audit.Logged;
import io.signingmanager.service.audit.RequestType;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.clients.Client;
import io.signingmanager.service.clients.ClientRepository;
import io.signingmanager.service.failure.Input;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.Tokens;
import io.signingmanager.service.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The client protocol v1: register, identities, sign, Apple workflows and their signing files, whoami,
 * with the authorization rules. Every call but whoami is audited, failed or not, and the record is
 * durable before the call returns. {@code token} is the caller's bearer credential as sent, {@code null} when none.
 */
public final class ClientProtocol {
    private static final Pattern SHA1 = Pattern.compile("[0-9A-F]{40}");

    private final Database database;
    private final ApiKeyService apiKeys;
    private final ClientRepository clients;
    private final CertificateRepository certificates;
    private final CertificateService certificateService;
    private final AuditLog audit;
    private final Clock clock;
    private final ClientAuthenticator authenticator;
    private final WorkflowFiles workflows;

    /** A request body, read only once the caller is known, so that nothing it holds is looked at before. */
    @FunctionalInterface
    public interface Body<T> {
        T read() throws Refusal;
    }

    public ClientProtocol(Database database, ApiKeyService apiKeys, ClientRepository clients,
                          CertificateRepository certificates, CertificateService certificateService,
                          WorkflowFiles workflows, AuditLog audit, Clock clock) {
        this.database = database;
        this.apiKeys = apiKeys;
        this.clients = clients;
        this.certificates = certificates;
        this.certificateService = certificateService;
        this.audit = audit;
        this.clock = clock;
        this.authenticator = new ClientAuthenticator(database, clients, clock);
        this.workflows = workflows;
    }

    /** Registers a machine under the API key {@code token}: a new client and its token. */
    public RegisterResponse register(String token, String remoteAddress, Body<RegisterRequest> body) throws Refusal {
        return audited(RequestType.REGISTER, Credential.API_KEY, remoteAddress, trail -> register(token, remoteAddress, body, trail));
    }

    /** The certificates the client's API key may sign with. */
    public List<Identity> identities(String token, String remoteAddress) throws Refusal {
        return audited(RequestType.INDEX, Credential.CLIENT_TOKEN, remoteAddress, trail -> identities(token, remoteAddress, trail));
    }

    /** Signs the request's data with the certificate it names, once the signature verifies. */
    public SignResponse sign(String token, String remoteAddress, Body<SignRequest> body) throws Refusal {
        return audited(RequestType.SIGN, Credential.CLIENT_TOKEN, remoteAddress, trail -> sign(token, remoteAddress, body, trail),
                (answer, logged) -> answer.withReceipt(logged.get(0).receipt()));
    }

    /**
     * Signs each item like {@link #sign}, each refused alone and audited as its own sign record, all in one
     * commit. The caller is checked once: an unknown or inactive one is refused for the whole batch; each
     * certificate is read once for the batch.
     */
    public SignBatchResponse signBatch(String token, String remoteAddress, Body<SignBatchRequest> body) throws Refusal {
        return audited(RequestType.SIGN, Credential.CLIENT_TOKEN, remoteAddress, trail -> {
            ClientRepository.Caller caller = identified(token, remoteAddress, trail);
            ClientAuthenticator.requireActive(caller);
            UsableCertificates usable = new UsableCertificates(database, certificates, caller);
            return BatchSigning.sign(BatchSigning.items(body.read()), trail,
                    (item, itemTrail) -> checkedItem(item, itemTrail, usable), this::signed);
        }, BatchSigning::withReceipts);
    }

    /** The Apple signing workflows the client's API key may fetch, each with its readiness. */
    public List<WorkflowSummary> workflows(String token, String remoteAddress) throws Refusal {
        return audited(RequestType.FETCH, Credential.CLIENT_TOKEN, remoteAddress, trail -> {
            ClientRepository.Caller caller = identified(token, remoteAddress, trail);
            ClientAuthenticator.requireActive(caller);
            List<WorkflowSummary> summaries = workflows.fetchable(caller.apiKeyId());
            trail.add(e -> e.context(Map.of("workflows", String.valueOf(summaries.size()))));
            return summaries;
        });
    }

    /** A ready workflow's profiles and identities, for a client whose API key may fetch it. */
    public SigningFiles signingFiles(String token, String remoteAddress, String workflow) throws Refusal {
        return audited(RequestType.FETCH, Credential.CLIENT_TOKEN, remoteAddress, trail -> {
            ClientRepository.Caller caller = identified(token, remoteAddress, trail);
            trail.add(e -> e.context(Map.of("workflow", abbreviate(workflow, AuditContext.MAX_FIELD))));
            ClientAuthenticator.requireActive(caller);
            return workflows.signingFiles(workflow, caller.apiKeyId());
        });
    }

    /** The client and its API key, active or not (diagnostics; not audited). */
    public WhoAmI whoami(String token, String remoteAddress) throws Refusal {
        ClientRepository.Caller caller = authenticator.identify(token, remoteAddress);
        return new WhoAmI(new WhoAmI.Party(caller.clientId(), caller.hostname(), caller.clientActive()),
                new WhoAmI.Party(caller.apiKeyId(), caller.apiKeyName(), caller.apiKeyActive()));
    }

    @FunctionalInterface
    private interface AuditedCall<T> {
        T run(AuditTrail trail) throws Refusal;
    }

    /** Runs the call and records it; {@code credential} names what identifies its caller, for refusals before that. */
    private <T> T audited(RequestType requestType, Credential credential, String remoteAddress, AuditedCall<T> call)
            throws Refusal {
        return audited(requestType, credential, remoteAddress, call, (answer, logged) -> answer);
    }

    /** An answer completed with the signing log's receipts of the records the call wrote, in the trail's order. */
    @FunctionalInterface
    interface Receipted<T> {
        T answer(T answer, List<Logged> logged);
    }

    private <T> T audited(RequestType requestType, Credential credential, String remoteAddress, AuditedCall<T> call,
                          Receipted<T> receipted) throws Refusal {
        AuditTrail trail = new AuditTrail(AuditEntry.of(requestType, remoteAddress));
        T answer;
        try {
            answer = call.run(trail);
        } catch (Refusal e) {
            recordFailure(trail, credential, e.code(), AuditTrail.reason(e));
            throw e;
        } catch (RuntimeException e) {
            recordFailure(trail, credential, ErrorCode.INTERNAL, "internal error");
            throw e;
        }
        return receipted.answer(answer, audit.recordAll(trail.entries()));
    }

    /** A known caller's failure keeps all the trail holds; an unknown one's is compact and rate-limited. */
    private void recordFailure(AuditTrail trail, Credential credential, ErrorCode code, String reason) {
        if (trail.callerKnown()) {
            audit.record(trail.entry().failed(reason));
            return;
        }
        audit.recordAnonymous(trail.entry().requestType(), code, credential, trail.entry().remoteAddress());
    }

    private RegisterResponse register(String token, String remoteAddress, Body<RegisterRequest> request,
                                      AuditTrail trail) throws Refusal {
        if (token == null) {
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "Send the API key as 'Authorization: Bearer <key>'");
        }
        ApiKeyRepository.Match key = apiKeys.authenticate(token)
                .orElseThrow(() -> new Refusal(ErrorCode.UNAUTHENTICATED, "This API key is unknown"));
        trail.caller(e -> e.apiKey(key.id(), key.name()));
        if (!key.active()) {
            throw new Refusal(ErrorCode.KEY_INACTIVE, "The API key '" + key.name() + "' is inactive");
        }
        RegisterRequest body = request.read();
        Instant now = clock.instant();
        Client client = new Client(UUID.randomUUID().toString(), key.id(), key.name(),
                Input.requireText("hostname", body.hostname(), 255),
                Input.requireText("platform", body.platform(), 255),
                Input.requireText("appVersion", body.appVersion(), 64), true, now, now, remoteAddress);
        String clientToken = Tokens.generate("smc_");
        database.transaction(c -> {
            clients.insert(c, client, Tokens.hash(clientToken));
            return null;
        });
        trail.add(e -> e.client(client.id(), client.hostname()));
        return new RegisterResponse(client.id(), clientToken);
    }

    private List<Identity> identities(String token, String remoteAddress, AuditTrail trail) throws Refusal {
        ClientRepository.Caller caller = identified(token, remoteAddress, trail);
        ClientAuthenticator.requireActive(caller);
        List<Identity> identities = database.read(c -> certificates.listForApiKey(c, caller.apiKeyId())).stream()
                .map(ClientProtocol::identity).toList();
        trail.add(e -> e.context(Map.of("identities", String.valueOf(identities.size()))));
        return identities;
    }

    private SignResponse sign(String token, String remoteAddress, Body<SignRequest> request, AuditTrail trail)
            throws Refusal {
        ClientRepository.Caller caller = identified(token, remoteAddress, trail);
        SignRequest body;
        try {
            body = request.read();
        } catch (Refusal unreadable) {
            ClientAuthenticator.requireActive(caller);
            throw unreadable;
        }
        Refusal contextProblem = describe(body, trail);
        ClientAuthenticator.requireActive(caller);
        if (contextProblem != null) {
            throw contextProblem;
        }
        SignJob job = checked(body, trail, new UsableCertificates(database, certificates, caller));
        byte[] signature = signed(job);
        trail.add(e -> job.audited(e, signature));
        return new SignResponse(Base64.getEncoder().encodeToString(signature));
    }

    /** One item of a batch, for a caller found active: checked like a sign call's body, to be signed. */
    private static SignJob checkedItem(SignRequest item, AuditTrail trail, UsableCertificates usable) throws Refusal {
        Refusal contextProblem = describe(item, trail);
        if (contextProblem != null) {
            throw contextProblem;
        }
        return checked(item, trail, usable);
    }

    /** Checks a sign body already described in the trail and finds its certificate: what is left to sign. */
    private static SignJob checked(SignRequest body, AuditTrail trail, UsableCertificates usable) throws Refusal {
        String sha1 = Input.requireText("sha1", body.sha1(), 40).toUpperCase(Locale.ROOT);
        if (!SHA1.matcher(sha1).matches()) {
            throw Refusal.badRequest("Field 'sha1' must be 40 hex digits, the certificate's SHA-1 fingerprint");
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.fromWire(Input.requireText("algorithm", body.algorithm(), 32));
        if (algorithm == null) {
            throw Refusal.badRequest("Unknown algorithm '" + body.algorithm() + "'; use one of "
                    + Arrays.toString(SignatureAlgorithm.values()));
        }
        byte[] data = Input.base64("data", body.data());
        trail.add(e -> e.algorithm(algorithm.name()));
        return new SignJob(usable.require(sha1, trail), algorithm, data);
    }

    /** The job's signature, once it verifies with the certificate; safe on any thread (see ParallelSigner). */
    private byte[] signed(SignJob job) throws Refusal {
        return certificateService.signVerified(job.certificate(), job.algorithm(), job.data());
    }

    /**
     * Records what a sign call asks for (certificate, algorithm, context) once the caller is known but
     * before it is checked for being active, so a refusal says what it refused. Answers why the context
     * is refused, or {@code null}; that reason is given once the caller is found active.
     */
    private static Refusal describe(SignRequest body, AuditTrail trail) {
        String sha1 = body.sha1() == null ? "" : body.sha1().trim().toUpperCase(Locale.ROOT);
        trail.add(e -> e.algorithm(abbreviate(body.algorithm())));
        if (SHA1.matcher(sha1).matches()) {
            trail.add(e -> e.certificate(sha1, null));
        }
        try {
            trail.context(AuditContext.of(body.context()));
            return null;
        } catch (Refusal e) {
            return e;
        }
    }

    /** The caller, active or not, added to the trail; nothing of the request is looked at before this. */
    private ClientRepository.Caller identified(String token, String remoteAddress, AuditTrail trail) throws Refusal {
        ClientRepository.Caller caller = authenticator.identify(token, remoteAddress);
        trail.caller(e -> e.apiKey(caller.apiKeyId(), caller.apiKeyName()).client(caller.clientId(), caller.hostname()));
        return caller;
    }

    private static Identity identity(StoredCertificate c) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new Identity(c.sha1(), c.sha256(), c.commonName(), c.notBefore(), c.notAfter(), c.keyType().name(),
                c.keySize(), b64.encodeToString(c.certificate()), c.chain().stream().map(b64::encodeToString).toList());
    }

    private static String abbreviate(String value) {
        return abbreviate(value, 32);
    }

    private static String abbreviate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
