package io.signingmanager.common.crypto;

/** The kinds of signing key the product supports. */
public enum KeyType {
    RSA,
    EC
}
