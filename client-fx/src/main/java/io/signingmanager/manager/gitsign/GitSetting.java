package io.signingmanager.manager.gitsign;

/** The git settings git-setup writes, each with its name in {@code git config}. */
enum GitSetting {
    FORMAT("gpg.format"),
    PROGRAM("gpg.x509.program"),
    SIGNING_KEY("user.signingkey"),
    SIGN_COMMITS("commit.gpgsign"),
    SIGN_TAGS("tag.gpgsign");

    private final String name;

    GitSetting(String name) {
        this.name = name;
    }

    String gitName() {
        return name;
    }

    /** Whether it makes git sign every commit or tag without -S / -s. */
    boolean automatic() {
        return this == SIGN_COMMITS || this == SIGN_TAGS;
    }
}
