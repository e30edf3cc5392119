package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Accessibility checks with axe-core (Deque's engine, from npm: the {@code axe-core} devDependency of
 * {@code themes/}), injected into the page under test; nothing is fetched from the Internet at test time. The file
 * is {@code themes/node_modules/axe-core/axe.min.js}, which the build's {@code npm ci} puts there, or
 * {@code -Dit.axe=…}.
 */
public final class Accessibility {

    /** The impacts a page must have none of. */
    public static final List<String> BLOCKING = List.of("serious", "critical");

    private static String axeSource;

    private Accessibility() {
    }

    private static synchronized String axe() {
        if (axeSource == null) {
            Path file = Path.of(System.getProperty("it.axe", "../themes/node_modules/axe-core/axe.min.js")).toAbsolutePath().normalize();
            assertTrue(Files.isReadable(file), "axe-core is not at " + file + ": build themes/ first (its npm ci installs it), or set -Dit.axe");
            try {
                axeSource = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }

    /**
     * Runs every axe rule on the whole document as it is now (an open dialog included: PatternFly hides the page
     * behind it from assistive technology) and asserts that no violation is serious or critical. Returns the
     * violations of lesser impact, one line each, for the report.
     */
    public static List<String> assertNoSeriousViolations(WebDriver driver, String state) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
            js.executeScript(axe());
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(results => done(results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
                  }))))
                  .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
                """);
        List<String> blocking = new ArrayList<>();
        List<String> minor = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            String line = v.get("impact") + " " + v.get("id") + " (" + v.get("help") + "): " + v.get("nodes");
            (BLOCKING.contains(String.valueOf(v.get("impact"))) ? blocking : minor).add(line);
        }
        assertTrue(blocking.isEmpty(), "serious or critical accessibility violations (" + state + "):\n" + String.join("\n", blocking));
        return minor;
    }
}
