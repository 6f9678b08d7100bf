package io.signingmanager.manager.agent;

import io.signingmanager.manager.agent.PeerSuites.Suite;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Each test of a suite's run, read from its JUnit-style XML (GoogleTest's or cmocka's). */
final class SuiteResults {
    private static final Pattern SKIPPED = Pattern.compile("Following tests were skipped because: (.*)\\n((?:  \\S+\\n)+)");

    private SuiteResults() {
    }

    /** How a test ended. */
    enum Outcome { PASSED, SKIPPED, FAILED }

    /** One test: its name as the suite gives it, how it ended and why (a failure's text, a skip's reason). */
    record Result(Suite suite, String name, Outcome outcome, String detail) {
    }

    /**
     * The tests of the run. pkcs11test counts a test it skips (saying why on stderr) as passed: those are
     * skipped here, unless they failed too (a fixture's failure); a disabled test is skipped.
     */
    static List<Result> read(PeerSuites.Run run) throws Exception {
        if (!Files.isRegularFile(run.xml())) {
            throw new AssertionError(run.suite().title + " wrote no result (exit " + run.exit() + "):\n"
                    + Files.readString(run.stdout()) + Files.readString(run.stderr()));
        }
        Map<String, String> skipped = skipReasons(Files.readString(run.stderr()));
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.xml().toFile())
                .getElementsByTagName("testcase");
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element test = (Element) cases.item(i);
            String name = test.getAttribute("classname").isEmpty() ? test.getAttribute("name")
                    : test.getAttribute("classname") + "." + test.getAttribute("name");
            String failure = failure(test);
            if (!failure.isEmpty()) {
                results.add(new Result(run.suite(), name, Outcome.FAILED, failure));
            } else if ("notrun".equals(test.getAttribute("status"))) {
                results.add(new Result(run.suite(), name, Outcome.SKIPPED, "disabled in the suite"));
            } else if (test.getElementsByTagName("skipped").getLength() > 0 || skipped.containsKey(name)) {
                results.add(new Result(run.suite(), name, Outcome.SKIPPED, skipped.getOrDefault(name, "")));
            } else {
                results.add(new Result(run.suite(), name, Outcome.PASSED, ""));
            }
        }
        return results;
    }

    /** The failure's message (GoogleTest's attribute, or cmocka's text), each on a line; empty when it passed. */
    private static String failure(Element test) {
        List<String> messages = new ArrayList<>();
        for (String tag : List.of("failure", "error")) {
            NodeList failures = test.getElementsByTagName(tag);
            for (int i = 0; i < failures.getLength(); i++) {
                Element failure = (Element) failures.item(i);
                String text = failure.hasAttribute("message") ? failure.getAttribute("message") : failure.getTextContent();
                messages.add(text.replaceAll("\\s+", " ").strip());
            }
        }
        return String.join("\n", messages);
    }

    /** pkcs11test's list of skipped tests, each with the reason it printed. */
    private static Map<String, String> skipReasons(String stderr) {
        Map<String, String> reasons = new HashMap<>();
        Matcher matcher = SKIPPED.matcher(stderr);
        while (matcher.find()) {
            for (String test : matcher.group(2).strip().split("\\s+")) {
                reasons.put(test, matcher.group(1).strip());
            }
        }
        return reasons;
    }
}
