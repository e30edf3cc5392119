package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the account console tests, driven through the chromedriver next to it, with the waits,
 * clicks and screenshots they share.
 *
 * <p>Chromium and chromedriver come from the operating system ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; override with {@code -Dit.chromium=…} and {@code -Dit.chromedriver=…}); Selenium
 * Manager never runs. Screenshots go to {@code target/it-output/screenshots/}.
 */
public final class ConsoleBrowser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(30);
    /** The first pages: the server may still be warming up (theme, caches) on a small machine. */
    public static final Duration FIRST_LOAD = Duration.ofSeconds(90);
    /**
     * Selenium warns when the browser is newer than the DevTools (CDP) versions it bundles; these tests speak only
     * W3C WebDriver to chromedriver, so that warning is noise. Held here so the logger keeps its level.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final Path screenshots = KeycloakServer.outputDir().resolve("screenshots");
    private final Path profile;
    private final ChromeDriverService service;
    private final WebDriver driver;
    private final WebDriverWait wait;

    /** Starts the browser, 1400 × 1000, in {@code timeZone} (e.g. {@code Asia/Kolkata}) or the system's if null. */
    public static ConsoleBrowser start(String timeZone) {
        try {
            return new ConsoleBrowser(timeZone);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConsoleBrowser(String timeZone) throws IOException {
        Files.createDirectories(screenshots);
        String chromium = System.getProperty("it.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("it.chromedriver", "/usr/bin/chromedriver");
        // a machine without them skips the browser tests (reported as skipped, with the reason), not fails them
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium)),
                "browser test skipped: no Chromium at " + chromium + " (apt-get install chromium, or -Dit.chromium=…)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromedriver)),
                "browser test skipped: no chromedriver at " + chromedriver + " (apt-get install chromium-driver, or -Dit.chromedriver=…)");
        // both given: Selenium Manager (which would download a browser and driver) never runs
        System.setProperty("webdriver.chrome.driver", chromedriver);

        profile = Files.createTempDirectory("it-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--lang=en-US", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));

        ChromeDriverService.Builder builder = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .withLogFile(KeycloakServer.outputDir().resolve("chromedriver.log").toFile());
        if (timeZone != null) {
            builder.withEnvironment(Map.of("TZ", timeZone));
        }
        ChromeDriverService started = builder.build();
        WebDriver chrome;
        try {
            chrome = new ChromeDriver(started, options);
        } catch (RuntimeException | Error e) {
            started.stop();
            deleteQuietly(profile);
            throw e;
        }
        service = started;
        driver = chrome;
        driver.manage().timeouts().pageLoadTimeout(FIRST_LOAD);
        wait = new WebDriverWait(driver, WAIT);
        // React re-renders replace elements; a backdrop or toast on its way out may take a click: poll again
        wait.ignoring(StaleElementReferenceException.class).ignoring(ElementClickInterceptedException.class);
    }

    public WebDriver driver() {
        return driver;
    }

    /** The usual wait ({@link #WAIT}), ignoring stale elements and intercepted clicks. */
    public WebDriverWait waits() {
        return wait;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    // --- the account console ---

    /** Through the navigation, which a narrow window shows only after its toggle is pressed. */
    public void openApplicationCredentialsPage() {
        if ("true".equals(driver.findElement(testId("page-sidebar")).getAttribute("aria-hidden"))) {
            click(By.id("nav-toggle"));
            wait.until(ExpectedConditions.attributeToBe(testId("page-sidebar"), "aria-hidden", "false"));
        }
        By group = By.cssSelector("[data-testid='accountSecurity'] button");
        assertEquals("Account security", visible(group).getText().trim());
        if (!"true".equals(driver.findElement(group).getAttribute("aria-expanded"))) {
            click(group);
        }
        wait.until(ExpectedConditions.attributeToBe(group, "aria-expanded", "true"));
        By link = By.xpath("//*[@data-testid='account-security/app-credentials']/descendant-or-self::a");
        assertEquals("Application credentials", visible(link).getText().trim());
        click(link);
        wait.until(ExpectedConditions.urlContains("/account/account-security/app-credentials"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("page-heading"), "Application credentials"));
        wait.until(ExpectedConditions.attributeToBe(link, "aria-current", "page"));
        // the list (or its empty state) has loaded
        wait.until(d -> !d.findElements(testId("app-credentials-table")).isEmpty()
                || !d.findElements(testId("app-credentials-empty")).isEmpty());
    }

    /** Opens a row's details and returns them. */
    public WebElement expandDetails(String credentialId) {
        click(By.cssSelector("[data-testid='credential-row-" + credentialId + "'] [data-testid='credential-details-toggle'] button"));
        return visible(testId("credential-details-" + credentialId));
    }

    public void waitForAlert(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("global-alerts"), text));
    }

    // --- Selenium helpers ---

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement clickable(By by) {
        return wait.until(ExpectedConditions.elementToBeClickable(by));
    }

    /**
     * Clicks once the element is clickable; retries while something else (a PatternFly backdrop that is going away,
     * a toast, a menu still moving into place) would take the click.
     */
    public void click(By by) {
        wait.until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /**
     * The PatternFly modal around an element of its body (a Modal's data-testid lands on its body, while the
     * title and the action buttons sit in the modal box around it).
     */
    public WebElement modal(By body) {
        return visible(body).findElement(By.xpath("ancestor::div[@role='dialog'][1]"));
    }

    public static String modalTitle(WebElement modal) {
        return modal.findElement(By.cssSelector(".pf-v5-c-modal-box__title-text")).getText().trim();
    }

    /** The value a PatternFly ClipboardCopy shows (what its copy button would put on the clipboard). */
    public String clipboardText(By by) {
        return clipboardText(visible(by));
    }

    public static String clipboardText(WebElement clipboardCopy) {
        List<WebElement> text = clipboardCopy.findElements(By.cssSelector(".pf-v5-c-clipboard-copy__text"));
        return (text.isEmpty() ? clipboardCopy : text.get(0)).getText().trim();
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves what the browser shows as {@code screenshots/<name>.png}. */
    public void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A screenshot, the page's HTML and the browser console, as {@code screenshots/FAILED-<name>*}, to see what went wrong. */
    public void saveFailureArtifacts(String name) {
        try {
            screenshot("FAILED-" + name);
        } catch (RuntimeException e) {
            // the browser may be gone
        }
        try {
            Files.writeString(screenshots.resolve("FAILED-" + name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            // the browser may be gone
        }
        try {
            StringBuilder console = new StringBuilder();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.append(entry).append('\n');
            }
            Files.writeString(screenshots.resolve("FAILED-" + name + "-console.log"), console, StandardCharsets.UTF_8);
        } catch (RuntimeException | IOException e) {
            // not every driver keeps console logs
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }
}
