package io.signingmanager.manager.filesign.bundle;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * codesign's default resource rules for macOS bundles, version 1 ({@code rules}) and 2
 * ({@code rules2}), on paths relative to the bundle's content folder: the rule of highest weight
 * among those whose expression is found in the path says whether a file is sealed, optional, omitted
 * or nested code.
 */
final class ResourceRules {
    /** What a rule does to the files it matches. */
    enum Mode {
        /** Sealed by its hashes. */
        SEAL,
        /** Sealed, but its absence does not break the seal (localizations). */
        OPTIONAL,
        /** Not sealed. */
        OMIT,
        /** Where nested code lives: a bundle or a Mach-O file here is sealed by its CDHash and requirement. */
        NESTED
    }

    /** One rule: an expression searched in the relative path, its weight, its mode. */
    record Rule(String expression, double weight, Mode mode) {
        private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

        boolean matches(String path) {
            return COMPILED.computeIfAbsent(expression, Pattern::compile).matcher(path).find();
        }
    }

    private static final String LPROJ = "^Resources/.*\\.lproj/";
    private static final String LOCVERSION = "^Resources/.*\\.lproj/locversion.plist$";
    private static final String BASE_LPROJ = "^Resources/Base\\.lproj/";

    static final List<Rule> V1 = List.of(
            new Rule("^Resources/", 1, Mode.SEAL),
            new Rule(LPROJ, 1000, Mode.OPTIONAL),
            new Rule(LOCVERSION, 1100, Mode.OMIT),
            new Rule(BASE_LPROJ, 1010, Mode.SEAL),
            new Rule("^version.plist$", 1, Mode.SEAL));

    static final List<Rule> V2 = List.of(
            new Rule(".*\\.dSYM($|/)", 11, Mode.SEAL),
            new Rule("^(.*/)?\\.DS_Store$", 2000, Mode.OMIT),
            new Rule("^(Frameworks|SharedFrameworks|PlugIns|Plug-ins|XPCServices|Helpers|MacOS"
                    + "|Library/(Automator|Spotlight|LoginItems))/", 10, Mode.NESTED),
            new Rule("^.*", 1, Mode.SEAL),
            new Rule("^Info\\.plist$", 20, Mode.OMIT),
            new Rule("^PkgInfo$", 20, Mode.OMIT),
            new Rule("^Resources/", 20, Mode.SEAL),
            new Rule(LPROJ, 1000, Mode.OPTIONAL),
            new Rule(LOCVERSION, 1100, Mode.OMIT),
            new Rule(BASE_LPROJ, 1010, Mode.SEAL),
            new Rule("^[^/]+$", 10, Mode.NESTED),
            new Rule("^embedded\\.provisionprofile$", 20, Mode.SEAL),
            new Rule("^version\\.plist$", 20, Mode.SEAL));

    private ResourceRules() {
    }

    /** The rule that decides for that path (relative, with '/'), or empty when none matches. */
    static Optional<Rule> best(List<Rule> rules, String path) {
        return rules.stream().filter(rule -> rule.matches(path)).max(Comparator.comparingDouble(Rule::weight));
    }

    /** Whether a path lies where nested code lives. */
    static boolean isNestedPlace(String path) {
        return best(V2, path).map(rule -> rule.mode() == Mode.NESTED).orElse(false);
    }

    /** The rules as CodeResources writes them, by expression: {@code true} for a plain weight-1 rule, else a dict. */
    static Map<String, Object> plist(List<Rule> rules) {
        Map<String, Object> dict = new TreeMap<>();
        for (Rule rule : rules) {
            if (rule.mode() == Mode.SEAL && rule.weight() == 1) {
                dict.put(rule.expression(), true);
                continue;
            }
            Map<String, Object> entry = new TreeMap<>();
            switch (rule.mode()) {
                case OPTIONAL -> entry.put("optional", true);
                case OMIT -> entry.put("omit", true);
                case NESTED -> entry.put("nested", true);
                case SEAL -> {
                }
            }
            if (rule.weight() != 1) {
                entry.put("weight", rule.weight());
            }
            dict.put(rule.expression(), entry);
        }
        return dict;
    }
}
