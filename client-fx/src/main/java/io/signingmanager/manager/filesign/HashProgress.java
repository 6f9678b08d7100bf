package io.signingmanager.manager.filesign;

/** How far hashing the input has come, for a progress bar; called from the signing thread. */
@FunctionalInterface
public interface HashProgress {
    HashProgress NONE = (hashed, total) -> {
    };

    void hashed(long bytes, long total);
}
