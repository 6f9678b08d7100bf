package io.signingmanager.service.apple;

/** A profile's file as uploaded, with the name build machines save it under ({@code <UUID>.provisionprofile}). */
public record ProfileFile(String fileName, byte[] content) {
}
