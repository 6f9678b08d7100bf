package io.signingmanager.manager.agent;

import io.signingmanager.manager.agent.PeerSuites.Suite;
import io.signingmanager.manager.agent.SuiteResults.Outcome;
import io.signingmanager.manager.agent.SuiteResults.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Why each peer-suite test that fails fails: the classification behind the conformance table. A class
 * names its suite, the tests (GoogleTest-style patterns, {@code *} for any text), the reason, and the
 * answer each of its failures must show (so a test failing otherwise is not taken for it). A test that
 * fails and matches no class fails PeerSuitesTest (it passed before, or it is new); so does a class
 * that matches a test that passes, or no failing test (the data is stale).
 */
enum PeerFailure {
    READ_WRITE_SESSIONS(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_TOKEN_WRITE_PROTECTED",
            "read/write sessions: the token is write-protected and opens read-only sessions only (v2.40 §5.6); these tests"
                    + " open a read/write session to write objects, keys or state",
            "ReadWriteSessionTest.*", "RWEitherSessionTest.*", "DataObjectTest.*", "KeyPairTest.*", "PKCS11Test.ParallelSessions"),
    NEVER_ENDING(Kind.NOT_RUN, Suite.PKCS11TEST, "",
            "read/write sessions, and left out: with the read/write session refused, the suite's object listing asks"
                    + " C_FindObjects again until it returns no object, which a refused session never does",
            "ReadWriteSessionTest.EnumerateObjects", "ReadWriteSessionTest.ConsistentObjects",
            "ReadWriteSessionTest.CreateCopyDestroyObject", "ReadWriteSessionTest.FindObjectSubset"),
    KEY_GENERATION(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "key generation (C_GenerateKeyPair, C_GenerateKey): keys are made and kept by the Signing Service; these tests"
                    + " sign with a key pair they generate",
            "Signatures/SignTest.*", "ReadOnlySessionTest.GenerateKeyInvalid", "ReadOnlySessionTest.GenerateKeyPairInvalid",
            "ReadOnlySessionTest.SignVerifyRecover"),
    ENCRYPTION(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "encryption and decryption (C_Encrypt*, C_Decrypt*, the dual functions) with secret keys the test generates",
            "Ciphers/SecretKeyTest.*", "Duals/DualSecretKeyTest.*"),
    DIGEST(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "digests (C_Digest*): a client hashes itself, or signs with a hash-and-sign mechanism",
            "Digests/DigestTest.*", "ReadOnlySessionTest.DigestInitInvalid", "ReadOnlySessionTest.DigestTestVectors"),
    OBJECT_CREATION(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "creating objects (C_CreateObject): the token shows the Signing Service's identities only; these tests import"
                    + " keys (HMAC, secret, RSA) to use them",
            "ReadOnlySessionTest.CreateKeyPairObjects", "ReadOnlySessionTest.CreateSecretKeyAttributes",
            "ReadOnlySessionTest.SecretKeyTestVectors", "ReadOnlySessionTest.HmacTestVectors", "HMACs/HmacTest.*"),
    RANDOM(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_RANDOM_NO_RNG",
            "random numbers (C_GenerateRandom, C_SeedRandom): the token has no RNG (CKF_RNG is not set) and says so first",
            "PKCS11Test.SeedRandomNoSession", "PKCS11Test.GenerateRandomNoSession", "RNG.*",
            "ReadOnlySessionTest.SeedRandomBadArguments", "ReadOnlySessionTest.GenerateRandomBadArguments"),
    OBJECT_SIZE(Kind.NOT_OFFERED, Suite.PKCS11TEST, "C_GetObjectSize",
            "object sizes (C_GetObjectSize, which no client was seen calling); the listing itself passes",
            "ReadOnlySessionTest.EnumerateObjects"),
    PIN(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_PIN_INCORRECT",
            "PIN checks: any PIN logs in, as the keys are guarded by the Signing Manager's own login to the service",
            "ReadOnlySessionTest.UserLoginWrongPIN"),
    STUBS_BEFORE_INITIALIZE(Kind.NOT_OFFERED, Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "functions not offered answer CKR_FUNCTION_NOT_SUPPORTED, before C_Initialize too, as v2.40 §11 has a stub do;"
                    + " the test wants CKR_CRYPTOKI_NOT_INITIALIZED (every offered function answers that)",
            "Init.Uninitialized", "Slot.NoInit"),
    P11TEST_READ_WRITE_SESSIONS(Kind.NOT_OFFERED, Suite.P11TEST, "Test setup failed",
            "read/write sessions: p11test opens each session read/write, which the write-protected token refuses (v2.40"
                    + " §5.6); its run with sessions opened read-only runs these tests",
            "*");

    /** Whether the failures are what the module deliberately does not offer, or tests the suite would never end. */
    enum Kind { NOT_OFFERED, NOT_RUN }

    final Kind kind;
    final Suite suite;
    final String answer;
    final String reason;
    final List<String> tests;
    private final Pattern pattern;

    PeerFailure(Kind kind, Suite suite, String answer, String reason, String... tests) {
        this.kind = kind;
        this.suite = suite;
        this.answer = answer;
        this.reason = reason;
        this.tests = List.of(tests);
        this.pattern = Pattern.compile(this.tests.stream()
                .map(test -> Arrays.stream(test.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                .collect(Collectors.joining("|")));
    }

    boolean covers(Result result) {
        return result.suite() == suite && pattern.matcher(result.name()).matches();
    }

    /** The class of a failed test, if any (a test left out is never run, so never failed). */
    static Optional<PeerFailure> of(Result result) {
        return Arrays.stream(values()).filter(failure -> failure.kind != Kind.NOT_RUN && failure.covers(result)).findFirst();
    }

    /**
     * What is wrong with the classification of these results: a failure no class covers, or without its
     * class's answer; a class that covers a test that passes, or no failure at all.
     */
    static List<String> problems(List<Result> results) {
        List<String> problems = new ArrayList<>();
        for (Result result : results) {
            Optional<PeerFailure> failure = of(result);
            String test = result.suite().title + " " + result.name();
            if (result.outcome() == Outcome.FAILED && failure.isEmpty()) {
                problems.add(test + " failed and no class covers it (it passed before, or it is new): " + result.detail());
            } else if (result.outcome() == Outcome.FAILED && !result.detail().contains(failure.get().answer)) {
                problems.add(test + " failed without " + failure.get().answer + ", which its class " + failure.get() + " expects: "
                        + result.detail());
            } else if (result.outcome() == Outcome.PASSED && failure.isPresent()) {
                problems.add(test + " passes now: take it out of " + failure.get());
            }
        }
        for (PeerFailure failure : values()) {
            if (failure.kind == Kind.NOT_OFFERED && results.stream()
                    .noneMatch(result -> result.outcome() == Outcome.FAILED && of(result).orElse(null) == failure)) {
                problems.add(failure + " covers no failed test: remove it, or the tests that pass now");
            }
        }
        return problems;
    }
}
