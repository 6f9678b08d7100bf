package io.signingmanager.manager.gitsign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where git's settings go: the user's global configuration, or one repository's own. */
public record GitScope(Optional<Path> repository) {
    public static final GitScope GLOBAL = new GitScope(Optional.empty());

    public static GitScope repository(Path folder) {
        return new GitScope(Optional.of(folder.toAbsolutePath().normalize()));
    }

    /** {@code git config --global} or {@code git -C <repository> config --local}, then these arguments. */
    List<String> config(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git"));
        repository.ifPresent(folder -> command.addAll(List.of("-C", folder.toString())));
        command.addAll(List.of("config", repository.isPresent() ? "--local" : "--global"));
        command.addAll(List.of(arguments));
        return command;
    }

    /** How the undo record names it. */
    String key() {
        return repository.map(Path::toString).orElse("global");
    }

    @Override
    public String toString() {
        return repository.map(folder -> "the repository " + folder).orElse("your global git configuration");
    }
}
