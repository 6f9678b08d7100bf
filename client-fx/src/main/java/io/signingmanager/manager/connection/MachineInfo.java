package io.signingmanager.manager.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this machine introduces itself when it registers. */
public record MachineInfo(String hostname, String platform, String appVersion) {

    public static MachineInfo current() {
        String version = MachineInfo.class.getPackage().getImplementationVersion();
        return new MachineInfo(localHostname(), System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"), version == null ? "development" : version);
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null || fromEnv.isBlank() ? "unknown-host" : fromEnv;
        }
    }
}
