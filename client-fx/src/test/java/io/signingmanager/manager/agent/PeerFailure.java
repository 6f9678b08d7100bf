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
    KEY_GENERATION(Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "key generation (C_GenerateKeyPair, C_GenerateKey): keys are made and kept by the Signing Service; these tests"
                    + " sign, encrypt, find or (the Tookan attacks) change and extract a key they generate",
            "Signatures/SignTest.*", "ReadOnlySessionTest.GenerateKeyInvalid", "ReadOnlySessionTest.GenerateKeyPairInvalid",
            "ReadOnlySessionTest.SignVerifyRecover", "KeyPairTest.*", "*SessionTest.TookanAttack*",
            "ReadWriteSessionTest.AsymmetricTokenKeyPair", "ReadWriteSessionTest.ExtractKeys",
            "ReadWriteSessionTest.FindObjectSubset", "ReadWriteSessionTest.PublicExponent4Bytes",
            "ReadWriteSessionTest.SetLatchingAttribute"),
    ENCRYPTION(Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "encryption and decryption (C_Encrypt*, C_Decrypt*, the dual functions) with secret keys the test generates",
            "Ciphers/SecretKeyTest.*", "Duals/DualSecretKeyTest.*"),
    DIGEST(Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "digests (C_Digest*): a client hashes itself, or signs with a hash-and-sign mechanism",
            "Digests/DigestTest.*", "ReadOnlySessionTest.DigestInitInvalid", "ReadOnlySessionTest.DigestTestVectors"),
    OBJECT_CREATION(Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "creating objects (C_CreateObject; C_CopyObject, C_DestroyObject, C_SetAttributeValue too): the token shows the"
                    + " Signing Service's identities only and writes none, in a read/write session too; these tests import keys"
                    + " (HMAC, secret, RSA) to use them, or create a data object to find, read, copy and destroy",
            "ReadOnlySessionTest.CreateKeyPairObjects", "ReadOnlySessionTest.CreateSecretKeyAttributes",
            "ReadOnlySessionTest.SecretKeyTestVectors", "ReadOnlySessionTest.HmacTestVectors", "HMACs/HmacTest.*",
            "DataObjectTest.*", "ReadWriteSessionTest.CreateCopyDestroyObject", "ReadWriteSessionTest.CreateObjectInvalid"),
    RANDOM(Suite.PKCS11TEST, "CKR_RANDOM_NO_RNG",
            "random numbers (C_GenerateRandom, C_SeedRandom): the token has no RNG (CKF_RNG is not set) and says so first",
            "PKCS11Test.SeedRandomNoSession", "PKCS11Test.GenerateRandomNoSession", "RNG.*",
            "ReadOnlySessionTest.SeedRandomBadArguments", "ReadOnlySessionTest.GenerateRandomBadArguments"),
    OBJECT_SIZE(Suite.PKCS11TEST, "C_GetObjectSize",
            "object sizes (C_GetObjectSize, which no client was seen calling); the listing itself passes",
            "*SessionTest.EnumerateObjects"),
    PIN(Suite.PKCS11TEST, "CKR_PIN_INCORRECT",
            "PIN checks: any PIN logs in, as the keys are guarded by the Signing Manager's own login to the service",
            "ReadOnlySessionTest.UserLoginWrongPIN"),
    STUBS_BEFORE_INITIALIZE(Suite.PKCS11TEST, "CKR_FUNCTION_NOT_SUPPORTED",
            "functions not offered answer CKR_FUNCTION_NOT_SUPPORTED, before C_Initialize too, as v2.40 §11 has a stub do;"
                    + " the test wants CKR_CRYPTOKI_NOT_INITIALIZED (every offered function answers that)",
            "Init.Uninitialized", "Slot.NoInit");

    final Suite suite;
    final String answer;
    final String reason;
    private final Pattern pattern;

    PeerFailure(Suite suite, String answer, String reason, String... tests) {
        this.suite = suite;
        this.answer = answer;
        this.reason = reason;
        this.pattern = Pattern.compile(Arrays.stream(tests)
                .map(test -> Arrays.stream(test.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                .collect(Collectors.joining("|")));
    }

    boolean covers(Result result) {
        return result.suite() == suite && pattern.matcher(result.name()).matches();
    }

    /** The class of a failed test, if any. */
    static Optional<PeerFailure> of(Result result) {
        return Arrays.stream(values()).filter(failure -> failure.covers(result)).findFirst();
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
            if (results.stream()
                    .noneMatch(result -> result.outcome() == Outcome.FAILED && of(result).orElse(null) == failure)) {
                problems.add(failure + " covers no failed test: remove it, or the tests that pass now");
            }
        }
        return problems;
    }
}
