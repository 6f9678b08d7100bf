package io.signingmanager.manager.agent;

import java.util.Map;

/** Where the PKCS#11 module is: {@code SIGNING_MANAGER_PKCS11_MODULE}, else where the package installs it. */
public final class ModuleLocation {
    /** Where the Signing Manager's package installs the module. */
    public static final String DEFAULT = "/usr/lib/signing-manager/libsigningmanager-pkcs11.so";
    /** The variable that points the copied commands and git-setup at another build of the module. */
    public static final String VARIABLE = "SIGNING_MANAGER_PKCS11_MODULE";

    private ModuleLocation() {
    }

    public static String of(Map<String, String> env) {
        String configured = env.get(VARIABLE);
        return configured == null || configured.isBlank() ? DEFAULT : configured;
    }
}
