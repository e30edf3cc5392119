package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/**
 * The "Application credentials" page of the account console in a real headless Chromium: sign in through the
 * Keycloak login pages (password, then TOTP), open the page from the navigation, create a credential with the
 * form, take the ID and secret from the one-time dialog to the token endpoint, then revoke it from the table.
 *
 * <p>Chromium and chromedriver come from the operating system ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; override with {@code -Dit.chromium=…} and {@code -Dit.chromedriver=…}); Selenium
 * Manager never runs. Screenshots go to {@code target/it-output/screenshots/}.
 */
@ExtendWith(TestServer.class)
@Tag("browser")
class AccountConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The first pages: the server may still be warming up (theme, caches) on a small machine. */
    private static final Duration FIRST_LOAD = Duration.ofSeconds(90);
    /**
     * Selenium warns when the browser is newer than the DevTools (CDP) versions it bundles; these tests speak only
     * W3C WebDriver to chromedriver, so that warning is noise. Held here so the logger keeps its level.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final KeycloakServer server = TestServer.server();
    private final Path screenshots = KeycloakServer.outputDir().resolve("screenshots");

    private Path profile;
    private ChromeDriverService service;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws IOException {
        Files.createDirectories(screenshots);
        String chromium = System.getProperty("it.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("it.chromedriver", "/usr/bin/chromedriver");
        assertTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium + " (apt-get install chromium)");
        assertTrue(Files.isExecutable(Path.of(chromedriver)), "no chromedriver at " + chromedriver + " (apt-get install chromium-driver)");
        // both given: Selenium Manager (which would download a browser and driver) never runs
        System.setProperty("webdriver.chrome.driver", chromedriver);

        profile = Files.createTempDirectory("it-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--lang=en-US", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));

        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .withLogFile(KeycloakServer.outputDir().resolve("chromedriver.log").toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(FIRST_LOAD);
        wait = new WebDriverWait(driver, WAIT);
        // React re-renders replace elements; a backdrop or toast on its way out may take a click: poll again
        wait.ignoring(StaleElementReferenceException.class).ignoring(ElementClickInterceptedException.class);
    }

    @AfterEach
    void quitBrowser() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            deleteQuietly(profile);
        }
    }

    @Test
    void createUseAndRevokeACredentialInTheAccountConsole(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        String name = "browser-ci-" + UUID.randomUUID().toString().substring(0, 6);
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            // a fresh user: the empty state with its create button
            visible(testId("app-credentials-empty"));
            assertTrue(driver.findElements(testId("create-blocked-reason")).isEmpty(), "creating is allowed");
            click(testId("create-app-credential"));

            // the create form
            WebElement form = modal(testId("create-app-credential-dialog"));
            assertEquals("Create application credential", modalTitle(form));
            WebElement nameInput = clickable(testId("app-credential-name"));
            nameInput.sendKeys(name);
            clickable(testId("app-credential-description")).sendKeys("created by the browser test");
            assertEquals("app-credentials", new Select(
                    visible(testId("app-credential-client"))).getFirstSelectedOption().getAttribute("value"),
                    "the default application is preselected");
            click(testId("app-credential-realm-roles"));
            click(testId("app-credential-realm-roles-reader"));
            wait.until(d -> d.findElement(By.cssSelector(
                    "[data-testid='app-credential-realm-roles-reader'] input[type='checkbox']")).isSelected());
            click(testId("app-credential-realm-roles")); // close the menu (Escape would close the whole modal)
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("app-credential-realm-roles-reader")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("app-credential-realm-roles"), "reader"));
            click(testId("app-credential-submit"));

            // the one-time secret dialog
            WebElement dialog = modal(testId("secret-dialog"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("create-app-credential-dialog")));
            assertEquals("Application credential \"" + name + "\" created", modalTitle(dialog));
            assertEquals("I have saved the secret", visible(testId("secret-dialog-close")).getText().trim());
            assertTrue(visible(testId("secret-dialog-warning")).getText().contains("it will not be shown again"));
            String id = clipboardText(testId("secret-dialog-id"));
            String secret = clipboardText(testId("secret-dialog-secret"));
            assertTrue(id.matches("ac_[0-9a-z]{20}"), "ID shown: " + id);
            assertTrue(secret.matches("acs_[0-9A-Za-z]{49}"), "secret shown: " + secret);
            assertEquals(server.tokenEndpoint(Demo.REALM), clipboardText(testId("secret-dialog-token-endpoint")));
            String shellSnippet = visible(testId("secret-snippet-shell")).getText();
            assertTrue(shellSnippet.contains("export APP_CREDENTIAL_ID=" + id + " APP_CREDENTIAL_SECRET=" + secret), shellSnippet);
            screenshot("secret-dialog");

            // what the dialog shows works at the token endpoint, as curl -u ID:SECRET would use it
            Http.Resp issued = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(200, issued.status(), issued.toString());
            String accessToken = issued.json().path("access_token").asText(null);
            assertNotNull(accessToken, issued.toString());
            JsonNode claims = Http.claims(accessToken);
            assertEquals(id, claims.path("app_credential").asText(), claims.toString());
            assertEquals(user.id(), claims.path("sub").asText(), claims.toString());
            List<String> realmRoles = new ArrayList<>();
            claims.path("realm_access").path("roles").forEach(n -> realmRoles.add(n.asText()));
            assertEquals(List.of("reader"), realmRoles, "only the role picked in the form");

            // close the dialog: the new row in the table
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-backdrop")));
            By row = testId("credential-row-" + id);
            WebElement tableRow = visible(row);
            assertEquals(name, tableRow.findElement(testId("credential-name")).getText());
            assertTrue(tableRow.getText().contains("created by the browser test"), tableRow.getText());
            assertEquals(id, clipboardText(tableRow.findElement(testId("credential-id"))));
            assertTrue(tableRow.getText().contains("app-credentials"), tableRow.getText());
            assertTrue(tableRow.getText().contains("reader"), tableRow.getText());
            assertEquals("Active", stateOf(row));
            assertFalse(driver.getPageSource().contains(secret), "the secret is gone from the page once the dialog is closed");
            screenshot("credential-list");

            // revoke through the row action, with the confirmation
            click(By.cssSelector("[data-testid='credential-row-" + id + "'] [data-testid='credential-actions-toggle']"));
            click(testId("credential-action-revoke"));
            WebElement confirm = modal(testId("confirm-revoke-dialog"));
            assertEquals("Revoke \"" + name + "\"?", modalTitle(confirm));
            assertTrue(confirm.getText().contains("This cannot be undone."), confirm.getText());
            click(testId("confirm-revoke"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("confirm-revoke-dialog")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("global-alerts"),
                    "Application credential \"" + name + "\" revoked."));
            wait.until(d -> "Revoked".equals(stateOf(row)));
            assertTrue(driver.findElement(row).findElements(testId("credential-actions-toggle")).isEmpty(),
                    "a revoked credential has no actions left");
            screenshot("credential-revoked");

            // and the secret no longer gets a token
            Http.Resp refused = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(401, refused.status(), refused.toString());
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info.getTestMethod().map(m -> m.getName()).orElse("failure"));
            throw e;
        }
    }

    // --- the steps a person takes ---

    private void signInToAccountConsole(String username, String password, String totpSecret) {
        driver.get(server.realmUrl(Demo.REALM) + "/account");
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.elementToBeClickable(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(By.id("kc-login"));

        // the second factor: Keycloak's OTP page
        WebElement otp = wait.until(ExpectedConditions.elementToBeClickable(By.id("otp")));
        otp.sendKeys(Totp.now(totpSecret));
        click(By.id("kc-login"));

        // back in the account console (keycloak-js finished its code exchange and rendered the navigation)
        slow.until(ExpectedConditions.urlContains("/realms/" + Demo.REALM + "/account"));
        slow.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='accountSecurity'] button")));
    }

    private void openApplicationCredentialsPage() {
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
    }

    private String stateOf(By row) {
        return driver.findElement(row).findElement(testId("credential-state")).getText().trim();
    }

    // --- Selenium helpers ---

    private static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private WebElement clickable(By by) {
        return wait.until(ExpectedConditions.elementToBeClickable(by));
    }

    /**
     * The PatternFly modal around an element of its body (a Modal's data-testid lands on its body, while the
     * title and the action buttons sit in the modal box around it).
     */
    private WebElement modal(By body) {
        return visible(body).findElement(By.xpath("ancestor::div[@role='dialog'][1]"));
    }

    private static String modalTitle(WebElement modal) {
        return modal.findElement(By.cssSelector(".pf-v5-c-modal-box__title-text")).getText().trim();
    }

    /**
     * Clicks once the element is clickable; retries while something else (a PatternFly backdrop that is going away,
     * a toast, a menu still moving into place) would take the click.
     */
    private void click(By by) {
        wait.until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** The value a PatternFly ClipboardCopy shows (what its copy button would put on the clipboard). */
    private String clipboardText(By by) {
        return clipboardText(visible(by));
    }

    private static String clipboardText(WebElement clipboardCopy) {
        List<WebElement> text = clipboardCopy.findElements(By.cssSelector(".pf-v5-c-clipboard-copy__text"));
        return (text.isEmpty() ? clipboardCopy : text.get(0)).getText().trim();
    }

    private void screenshot(String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A screenshot, the page's HTML and the browser console, to see what went wrong. */
    private void saveFailureArtifacts(String name) {
        if (driver == null) {
            return;
        }
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
