package io.signingmanager.manager.filesign.bundle;

/**
 * A piece of code signed inside a bundle (a nested bundle or a Mach-O file), as its parent's seal
 * lists it: its CDHash (20 bytes) and its designated requirement.
 */
record NestedCode(byte[] cdHash, String requirement) {
}
