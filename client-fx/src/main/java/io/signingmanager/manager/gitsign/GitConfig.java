package io.signingmanager.manager.gitsign;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.tools.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * git's settings in a scope, changed so that they can be taken back: the value each had before
 * git-setup first changed it is kept in {@value #RECORD} in the GnuPG home, and {@link #restore} puts
 * it back unless the user changed the setting since.
 */
final class GitConfig {
    static final String RECORD = "git-setup.json";

    /** A setting's value before git-setup and the one it wrote; null for "not set". */
    record Change(String before, String written) {
    }

    private final Path record;
    private final Map<String, String> variables;

    GitConfig(Path gnupgHome, Map<String, String> variables) {
        this.record = gnupgHome.resolve(RECORD);
        this.variables = variables;
    }

    /** Refuses a scope git cannot write: a folder that is not a git repository. */
    void check(GitScope scope) throws Problem {
        if (scope.repository().isPresent()) {
            ToolRunner.Result result = Programs.run(List.of("git", "-C", scope.repository().get().toString(), "rev-parse",
                    "--git-dir"), variables);
            if (!result.succeeded()) {
                throw new Problem(Problem.Kind.LOCAL, scope.repository().get() + " is not a git repository.",
                        "Name the folder of a repository with --repo, or use --global.", null);
            }
        }
    }

    /** Writes the values, keeping what each setting had before the first set-up of this scope. */
    void set(GitScope scope, Map<GitSetting, String> values) throws Problem {
        Map<String, Map<GitSetting, Change>> changes = read();
        Map<GitSetting, Change> before = changes.getOrDefault(scope.key(), Map.of());
        Map<GitSetting, Change> now = new EnumMap<>(GitSetting.class);
        for (Map.Entry<GitSetting, String> value : values.entrySet()) {
            Change earlier = before.get(value.getKey());
            now.put(value.getKey(), new Change(earlier != null ? earlier.before() : get(scope, value.getKey()).orElse(null),
                    value.getValue()));
            git(scope.config(value.getKey().gitName(), value.getValue()));
        }
        changes.put(scope.key(), now);
        write(changes);
    }

    /** Puts back what each setting had before; the settings the user changed since are left and named. */
    List<GitSetting> restore(GitScope scope) throws Problem {
        Map<String, Map<GitSetting, Change>> changes = read();
        Map<GitSetting, Change> before = changes.remove(scope.key());
        if (before == null) {
            throw new Problem(Problem.Kind.LOCAL, "git-setup has not set up " + scope + ".",
                    "Run git-setup --undo with the --global or --repo it was set up with.", null);
        }
        List<GitSetting> left = new ArrayList<>();
        for (Map.Entry<GitSetting, Change> change : before.entrySet()) {
            GitSetting setting = change.getKey();
            if (!get(scope, setting).map(change.getValue().written()::equals).orElse(false)) {
                left.add(setting);
            } else if (change.getValue().before() == null) {
                git(scope.config("--unset", setting.gitName()));
            } else {
                git(scope.config(setting.gitName(), change.getValue().before()));
            }
        }
        write(changes);
        return left;
    }

    /** Whether any scope is still set up. */
    boolean anySetUp() throws Problem {
        return !read().isEmpty();
    }

    private Optional<String> get(GitScope scope, GitSetting setting) throws Problem {
        ToolRunner.Result result = Programs.run(scope.config("--get", setting.gitName()), variables);
        return result.succeeded() ? Optional.of(result.output().strip()) : Optional.empty();
    }

    private void git(List<String> command) throws Problem {
        ToolRunner.Result result = Programs.run(command, variables);
        if (!result.succeeded()) {
            throw new Problem(Problem.Kind.LOCAL, "git config failed: " + result.output().strip(),
                    "Check that the folder is a git repository you may write to.", null);
        }
    }

    private Map<String, Map<GitSetting, Change>> read() throws Problem {
        try {
            return Files.exists(record) ? Json.mapper().readValue(record.toFile(), new TypeReference<>() { })
                    : new TreeMap<>();
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot read " + record + ": " + e.getMessage(),
                    "Restore or delete that file.", e);
        }
    }

    private void write(Map<String, Map<GitSetting, Change>> changes) throws Problem {
        try {
            Files.createDirectories(record.getParent());
            Json.mapper().writeValue(record.toFile(), new TreeMap<>(changes));
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot write " + record + ": " + e.getMessage(),
                    "Check that folder's owner and permissions.", e);
        }
    }
}
