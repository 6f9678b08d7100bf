package io.signingmanager.manager.connection;

import io.signingmanager.common.tlog.Receipt;

/** A signature the service made, and its receipt in the service's signing log ({@code null} when none came). */
public record Signed(byte[] signature, Receipt receipt) {
}
