package io.signingmanager.manager.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Collections;

/**
 * A Java program that uses the module through SunPKCS11 the way a long-running build tool does:
 * it lists the token's keys, waits until the file {@code go} appears (the test changes the world
 * meanwhile), then signs with the key of that alias. Prints {@code listed <aliases>}, then
 * {@code signed} or the failure's messages, cause by cause. Runs in its own JVM so that the module
 * is told the test agent's socket by the environment and its log line lands on this process's stderr.
 * <pre>java SunPkcs11Host CONFIG ALIAS GO-FILE</pre>
 */
final class SunPkcs11Host {
    private SunPkcs11Host() {
    }

    public static void main(String[] args) throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(args[0]);
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, new char[0]);
        System.out.println("listed " + Collections.list(token.aliases()));
        PrivateKey key = (PrivateKey) token.getKey(args[1], null);
        Path go = Path.of(args[2]);
        for (int wait = 0; wait < 400 && !Files.exists(go); wait++) {
            Thread.sleep(50);
        }
        try {
            Signature signature = Signature.getInstance(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA",
                    provider);
            signature.initSign(key);
            signature.update("a build's file".getBytes(StandardCharsets.UTF_8));
            signature.sign();
            System.out.println("signed");
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                System.out.println(cause.getClass().getName() + ": " + cause.getMessage());
            }
            System.exit(1);
        }
    }
}
