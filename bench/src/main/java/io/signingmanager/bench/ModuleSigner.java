package io.signingmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;

/**
 * SHA256withRSA through the PKCS#11 module loaded by SunPKCS11, as jarsigner uses it: the module
 * hashes the data (C_SignUpdate) and asks the agent for the signature at C_SignFinal.
 */
final class ModuleSigner {
    private final Signature signature;

    private ModuleSigner(Signature signature) {
        this.signature = signature;
    }

    /** The key whose label (the certificate's common name) is {@code alias}, the configuration written to {@code folder}. */
    static ModuleSigner open(Path module, String alias, Path folder) throws Exception {
        Path config = Files.writeString(folder.resolve("pkcs11.cfg"),
                "name=SigningBench\nlibrary=" + module.toAbsolutePath() + "\nslotListIndex=0\n");
        Provider provider = Security.getProvider("SunPKCS11").configure(config.toString());
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, new char[0]);
        if (!(token.getKey(alias, null) instanceof PrivateKey key)) {
            throw new GeneralSecurityException("The module at " + module + " lists no key labelled '" + alias + "'");
        }
        Signature signature = Signature.getInstance("SHA256withRSA", provider);
        signature.initSign(key);
        return new ModuleSigner(signature);
    }

    byte[] sign(byte[] data) throws GeneralSecurityException {
        signature.update(data);
        return signature.sign();
    }
}
