package io.signingmanager.service.license;

import io.signingmanager.common.json.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/** Signs licenses with the issuer's Ed25519 key and checks them with its public key. */
public final class LicenseCodec {
    private LicenseCodec() {
    }

    /** Why a license file is refused. */
    public static final class InvalidLicenseException extends Exception {
        InvalidLicenseException(String message) {
            super(message);
        }
    }

    public static byte[] issue(License license, PrivateKey issuerKey) throws GeneralSecurityException, IOException {
        byte[] payload = Json.mapper().writeValueAsBytes(license);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(issuerKey);
        signer.update(payload);
        Base64.Encoder b64 = Base64.getEncoder();
        return Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new LicenseFile(b64.encodeToString(payload), b64.encodeToString(signer.sign())));
    }

    /** The license in the file, if its signature is the issuer's and it has not expired. */
    public static License verify(byte[] file, PublicKey issuerKey, Instant now) throws InvalidLicenseException {
        LicenseFile parsed;
        byte[] payload;
        byte[] signature;
        try {
            parsed = Json.mapper().readValue(file, LicenseFile.class);
            payload = Base64.getDecoder().decode(parsed.license());
            signature = Base64.getDecoder().decode(parsed.signature());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidLicenseException("This is not a license file");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(issuerKey);
            verifier.update(payload);
            if (!verifier.verify(signature)) {
                throw new InvalidLicenseException("The license is not signed by the configured license issuer; it may have been altered");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidLicenseException("The license signature cannot be checked: " + e.getMessage());
        }
        License license;
        try {
            license = Json.mapper().readValue(payload, License.class);
        } catch (IOException e) {
            throw new InvalidLicenseException("The license content cannot be read");
        }
        if (license.licensee() == null || license.expiresAt() == null || license.auditRetentionDays() < 1) {
            throw new InvalidLicenseException("The license lacks a licensee, an expiry or an audit retention");
        }
        if (!license.expiresAt().isAfter(now)) {
            throw new InvalidLicenseException("The license expired on " + license.expiresAt());
        }
        return license;
    }
}
