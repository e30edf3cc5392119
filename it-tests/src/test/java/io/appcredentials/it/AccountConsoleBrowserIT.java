package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Accessibility;
import io.appcredentials.it.support.ConsoleBrowser;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.Kcadm;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.Layout;
import io.appcredentials.it.support.SecondFactors;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/**
 * The "Application credentials" page of the account console in a real headless Chromium, driven as a person would:
 * sign in through the Keycloak login pages (password, then TOTP), open the page from the navigation, create a
 * credential with the form and use what the one-time dialog shows with each tool, disable, enable, regenerate,
 * renew and revoke from a row's actions, go through the step-up login when the sign-in is too old, see what a user
 * without a second factor and an administrator's credential look like, and use the page 360 and 400 px wide. The
 * list's order and pages, the role picker, the renew dialog's proposal and the form's limits have tests of their
 * own; every state and dialog is checked at 360, 400 and 1400 px for its layout ({@link Layout}) and with axe-core
 * ({@link Accessibility}).
 *
 * <p>Chromium and chromedriver come from the operating system ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; override with {@code -Dit.chromium=…} and {@code -Dit.chromedriver=…}); Selenium
 * Manager never runs. Screenshots go to {@code target/it-output/screenshots/}.
 */
@ExtendWith(TestServer.class)
@Tag("browser")
class AccountConsoleBrowserIT {

    private static final Duration WAIT = ConsoleBrowser.WAIT;
    private static final Duration FIRST_LOAD = ConsoleBrowser.FIRST_LOAD;
    /**
     * The browser's time zone: not UTC and not a whole number of hours away from it, so that the expiry the page
     * sends (a local date and time with the browser's offset) is checked for real. No daylight saving time there.
     */
    private static final String BROWSER_TIME_ZONE = "Asia/Kolkata";

    private final KeycloakServer server = TestServer.server();
    private ConsoleBrowser browser;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        browser = ConsoleBrowser.start(BROWSER_TIME_ZONE);
        driver = browser.driver();
        wait = browser.waits();
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Tag("container")
    void createUseAndRevokeACredentialInTheAccountConsole(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        String name = "browser-ci-" + UUID.randomUUID().toString().substring(0, 6);
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            // a fresh user: the empty state with its create button
            visible(testId("app-credentials-empty"));
            assertTrue(driver.findElements(testId("create-blocked-reason")).isEmpty(), "creating is allowed");
            assertTrue(driver.findElements(testId("mfa-not-configured")).isEmpty(), "the user has a second factor");
            String defaultDayBefore = browserDate(30);
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

            // the expiry: a date and a time, the end of the default day, and a hint that says so
            String defaultDay = visible(testId("app-credential-expiry")).getAttribute("value");
            assertTrue(List.of(defaultDayBefore, browserDate(30)).contains(defaultDay),
                    "the policy's default lifetime (30 days): " + defaultDay);
            assertEquals("23:59", visible(testId("app-credential-expiry-time")).getAttribute("value"));
            String hint = visible(testId("app-credential-expiry-hint")).getText();
            assertTrue(hint.contains("in your time zone, ") && hint.contains(" (UTC+05:30);")
                    && hint.contains("the end of the day") && hint.contains("The latest allowed is"), hint);
            // a day in the past: one error, once
            setInputValue(testId("app-credential-expiry"), browserDate(-1));
            wait.until(ExpectedConditions.textToBe(testId("app-credential-expiry-error"), "Choose a date and time in the future."));
            assertEquals(1, countVisibleText(form, "Choose a date and time in the future."), "the error is shown once");
            screenshot("create-expiry-error");
            // a chosen date and time
            String expiryDate = browserDate(20);
            setInputValue(testId("app-credential-expiry"), expiryDate);
            setInputValue(testId("app-credential-expiry-time"), "17:30");
            wait.until(ExpectedConditions.visibilityOfElementLocated(testId("app-credential-expiry-hint")));
            assertTrue(driver.findElements(testId("app-credential-expiry-error")).isEmpty());

            click(testId("app-credential-realm-roles"));
            click(testId("app-credential-realm-roles-reader"));
            wait.until(d -> isChosen(testId("app-credential-realm-roles-reader")));
            click(testId("app-credential-realm-roles")); // close the menu (Escape would close the whole modal)
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("app-credential-realm-roles-reader")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("app-credential-realm-roles"), "reader"));
            // realm-management view-users, all the realm-management roles the user holds: the admin API takes it
            click(testId("app-credential-client-roles"));
            click(testId("app-credential-client-roles-realm-management-view-users"));
            wait.until(d -> isChosen(testId("app-credential-client-roles-realm-management-view-users")));
            click(testId("app-credential-client-roles"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("app-credential-client-roles-realm-management-view-users")));
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
            screenshot("secret-dialog");

            // the expiry the API got is the local date and time picked in the form
            JsonNode stored = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
            assertEquals(browserInstant(expiryDate, "17:30"), Instant.parse(stored.get("expiresAt").asText()), stored.toString());

            // every snippet works with its tool
            checkSnippets(user, id, secret);

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
            assertEquals("credential-row-" + id, firstRowTestId(), "the new credential is the first row");
            assertEquals("New", tableRow.findElement(testId("credential-new")).getText().trim());
            assertTrue(tableRow.getText().contains("created by the browser test"), tableRow.getText());
            assertEquals(id, clipboardText(tableRow.findElement(testId("credential-id"))));
            assertTrue(tableRow.getText().contains("reader"), tableRow.getText());
            assertTrue(tableRow.findElements(testId("credential-admin-created")).isEmpty(), "the user's own");
            assertEquals("Active", stateOf(row));
            // its details
            WebElement details = expandDetails(id);
            assertEquals("app-credentials", details.findElement(testId("credential-detail-application")).getText().trim());
            assertTrue(details.findElement(testId("credential-detail-created")).getText().contains("by you"), details.getText());
            assertEquals("Your own second factors (authenticator app, security key, passkey, recovery codes)",
                    details.findElement(testId("credential-detail-binding")).getText().trim());
            assertFalse(driver.getPageSource().contains(secret), "the secret is gone from the page once the dialog is closed");
            screenshot("credential-list");

            // revoke through the row action, with the confirmation
            rowAction(id, "revoke");
            WebElement confirm = modal(testId("confirm-revoke-dialog"));
            assertEquals("Revoke \"" + name + "\"?", modalTitle(confirm));
            assertTrue(confirm.getText().contains("This cannot be undone."), confirm.getText());
            click(testId("confirm-revoke"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("confirm-revoke-dialog")));
            waitForAlert("Application credential \"" + name + "\" revoked.");
            wait.until(d -> "Revoked".equals(stateOf(row)));
            assertTrue(driver.findElement(row).findElements(testId("credential-actions-toggle")).isEmpty(),
                    "a revoked credential has no actions left");
            screenshot("credential-revoked");

            // and the secret no longer gets a token
            Http.Resp refused = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(401, refused.status(), refused.toString());
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * The create form's "Restrictions" section: two access rules, a network and DPoP. A rule the server refuses
     * gets the server's message at its row; once fixed, the credential is created with the restrictions as entered
     * (the network in canonical form), the secret dialog says that the tool must send DPoP proofs and leaves out the
     * snippets of tools that cannot, and the list marks the credential as restricted, its details showing the rules.
     */
    @Test
    void createARestrictedCredentialThroughTheRestrictionsSection(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        String name = "restricted-" + UUID.randomUUID().toString().substring(0, 6);
        String usersPath = "/admin/realms/" + Demo.REALM + "/users/**";
        String badPath = "/admin/realms/" + Demo.REALM + "/users/../clients";
        String resetPath = "/admin/realms/" + Demo.REALM + "/users/*/reset-password";
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();
            click(testId("create-app-credential"));
            WebElement form = modal(testId("create-app-credential-dialog"));
            clickable(testId("app-credential-name")).sendKeys(name);

            // the section starts collapsed, saying it is optional
            By toggle = By.id("app-credential-restrictions-toggle");
            assertEquals("false", visible(toggle).getAttribute("aria-expanded"));
            assertTrue(visible(toggle).getText().contains("Restrictions (optional)"), visible(toggle).getText());
            assertFalse(driver.findElement(testId("app-credential-add-rule")).isDisplayed(), "collapsed");
            click(toggle);
            wait.until(ExpectedConditions.attributeToBe(toggle, "aria-expanded", "true"));
            String rulesHint = visible(testId("app-credential-rules-hint")).getText();
            assertTrue(rulesHint.contains("* segment stands for one path segment") && rulesHint.contains("** for any number")
                    && rulesHint.contains("/admin/realms/" + Demo.REALM + "/users/**"), rulesHint);
            String dpopHint = form.findElement(By.cssSelector("#app-credential-require-dpop ~ .pf-v5-c-check__description")).getText();
            assertTrue(dpopHint.contains("DPoP proof") && dpopHint.contains("curl"), dpopHint);
            assertTrue(form.findElements(testId("app-credential-require-dpop-realm")).isEmpty(), "the realm does not require DPoP");

            // two rules: the first with the default method, the second with a path the server refuses
            click(testId("app-credential-add-rule"));
            assertEquals("GET", new Select(visible(testId("app-credential-rule-method-0"))).getFirstSelectedOption().getAttribute("value"));
            clickable(testId("app-credential-rule-path-0")).sendKeys(usersPath);
            click(testId("app-credential-add-rule"));
            new Select(visible(testId("app-credential-rule-method-1"))).selectByValue("PUT");
            clickable(testId("app-credential-rule-path-1")).sendKeys(badPath);
            // a network (a bare address) and DPoP
            click(testId("app-credential-add-network"));
            clickable(testId("app-credential-network-input-0")).sendKeys("192.0.2.7");
            WebElement dpop = clickable(testId("app-credential-require-dpop"));
            assertFalse(dpop.isSelected());
            dpop.click();
            wait.until(d -> d.findElement(testId("app-credential-require-dpop")).isSelected());
            assertTrue(visible(toggle).getText().contains("(2 access rules, 1 network, DPoP)"), visible(toggle).getText());
            screenshot("create-restrictions");

            // the server's message at the row it names, and at no other
            click(testId("app-credential-submit"));
            By pathError = testId("app-credential-rule-path-1-error");
            wait.until(ExpectedConditions.textToBe(pathError, "Path must not contain . or .. segments"));
            assertEquals("true", visible(testId("app-credential-rule-path-1")).getAttribute("aria-invalid"));
            assertFalse(visible(testId("app-credential-rule-1")).findElements(pathError).isEmpty(), "the error is at the second rule");
            assertTrue(driver.findElements(testId("app-credential-rule-path-0-error")).isEmpty(), "the first rule is fine");
            assertTrue(driver.findElements(testId("secret-dialog")).isEmpty(), "nothing was created");
            screenshot("create-restrictions-error");

            // fixed: the error goes as the path changes, and the credential is created
            setInputValue(testId("app-credential-rule-path-1"), resetPath);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(pathError));
            click(testId("app-credential-submit"));

            // the secret dialog: DPoP proofs needed, and only the snippets that hand the secret to such a tool
            WebElement dialog = modal(testId("secret-dialog"));
            assertEquals("Application credential \"" + name + "\" created", modalTitle(dialog));
            String dpopNote = visible(testId("secret-dialog-dpop")).getText();
            assertTrue(dpopNote.contains("The tool must send DPoP proofs") && dpopNote.contains("Nimbus OAuth 2.0 SDK")
                    && dpopNote.contains("openid-client") && dpopNote.contains("Authlib")
                    && dpopNote.contains("Plain curl, kcadm.sh and Terraform"), dpopNote);
            visible(testId("secret-snippet-tab-shell"));
            visible(testId("secret-snippet-tab-env"));
            for (String tab : List.of("curl", "kcadm", "terraform")) {
                assertTrue(dialog.findElements(testId("secret-snippet-tab-" + tab)).isEmpty(), "no " + tab + " snippet for a DPoP credential");
            }
            String id = clipboardText(testId("secret-dialog-id"));
            String secret = clipboardText(testId("secret-dialog-secret"));
            screenshot("secret-dialog-dpop");

            // the API has the restrictions as entered, the network in canonical form
            JsonNode stored = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
            assertEquals(Http.JSON.readTree("[{\"method\":\"GET\",\"path\":\"" + usersPath + "\"},"
                    + "{\"method\":\"PUT\",\"path\":\"" + resetPath + "\"}]"), stored.get("accessRules"), stored.toString());
            assertEquals(Http.JSON.readTree("[\"192.0.2.7/32\"]"), stored.get("allowedCidrs"), stored.toString());
            assertTrue(stored.get("requireDpop").asBoolean(), stored.toString());
            // and enforces them: this test's address is not 192.0.2.7
            assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status(), "refused from another address");

            // the list marks it as restricted, its details show the restrictions
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-backdrop")));
            WebElement row = visible(testId("credential-row-" + id));
            WebElement badge = row.findElement(testId("credential-restricted"));
            assertEquals("Restricted", badge.getText().trim());
            assertEquals("2 access rules, 1 network, DPoP", badge.getAttribute("title"));
            WebElement details = expandDetails(id);
            List<String> rules = new ArrayList<>();
            details.findElements(testId("credential-access-rule")).forEach(e -> rules.add(e.getText().trim()));
            assertEquals(List.of("GET " + usersPath, "PUT " + resetPath), rules);
            assertEquals("192.0.2.7/32", details.findElement(testId("credential-network")).getText().trim());
            assertTrue(details.findElement(testId("credential-detail-dpop")).getText().contains("bound to the tool's key"),
                    details.getText());
            screenshot("credential-restricted-details");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /** When the realm's policy requires DPoP, the form's box is checked for good and says why. */
    @Test
    void theRealmsDpopRequirementChecksTheBoxForGood(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode policy = Demo.setPolicy(server, Map.of("requireDpop", true));
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();
            click(testId("create-app-credential"));
            modal(testId("create-app-credential-dialog"));
            By toggle = By.id("app-credential-restrictions-toggle");
            assertTrue(visible(toggle).getText().contains("(DPoP)"), visible(toggle).getText());
            assertEquals("false", visible(toggle).getAttribute("aria-expanded"), "collapsed: nothing chosen yet");
            click(toggle);
            WebElement dpop = visible(testId("app-credential-require-dpop"));
            assertTrue(dpop.isSelected(), "checked");
            assertFalse(dpop.isEnabled(), "and cannot be unchecked");
            WebElement realmRequires = visible(testId("app-credential-require-dpop-realm"));
            assertEquals("This realm requires DPoP for every new application credential.", realmRequires.getText().trim());
            js("arguments[0].scrollIntoView({block: 'center'})", realmRequires);
            screenshot("create-dpop-required");
            click(testId("app-credential-cancel"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("create-app-credential-dialog")));
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }

    @Test
    void disableEnableRegenerateAndRenewFromTheRowActions(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode created = Demo.create(server, user.token(server), Map.of("name", "row-actions", "realmRoles", List.of("reader")));
        String id = created.get("id").asText();
        String secret = created.get("secret").asText();
        By row = testId("credential-row-" + id);
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();
            assertEquals("Active", stateOf(row));

            // disable: tools are refused
            rowAction(id, "disable");
            waitForAlert("Application credential \"row-actions\" disabled.");
            wait.until(d -> "Disabled · by you".equals(stateOf(row))); // the state says why (stateReason owner)
            assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status(), "a disabled credential gets no token");
            screenshot("credential-disabled");

            // enable: they get tokens again
            rowAction(id, "enable");
            waitForAlert("Application credential \"row-actions\" enabled.");
            wait.until(d -> "Active".equals(stateOf(row)));
            assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "enabled again");

            // regenerate (the sign-in is fresh, so no step-up): a new secret, the old one is dead
            rowAction(id, "regenerate");
            WebElement confirm = modal(testId("confirm-regenerate-dialog"));
            assertEquals("Regenerate the secret of \"row-actions\"?", modalTitle(confirm));
            click(testId("confirm-regenerate"));
            WebElement dialog = modal(testId("secret-dialog"));
            assertEquals("New secret for \"row-actions\"", modalTitle(dialog));
            assertEquals(id, clipboardText(testId("secret-dialog-id")));
            String newSecret = clipboardText(testId("secret-dialog-secret"));
            assertNotEquals(secret, newSecret);
            screenshot("regenerated-secret");
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
            assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status(), "the old secret is refused");
            assertEquals(200, Demo.clientCredentialsBasic(server, id, newSecret).status(), "the new one works");

            // renew to a chosen local date and time
            rowAction(id, "renew");
            WebElement renew = modal(testId("renew-dialog"));
            assertEquals("Renew \"row-actions\"", modalTitle(renew));
            // proposed: the end of the day the default 30 days from today reach (later than now + 30 days)
            assertEquals(browserDate(30), visible(testId("renew-expiry")).getAttribute("value"));
            assertEquals("23:59", visible(testId("renew-expiry-time")).getAttribute("value"));
            String date = browserDate(45);
            setInputValue(testId("renew-expiry"), date);
            setInputValue(testId("renew-expiry-time"), "09:15");
            screenshot("renew-dialog");
            click(testId("confirm-renew"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("renew-dialog")));
            waitForAlert("Application credential \"row-actions\" now expires");
            JsonNode renewed = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
            assertEquals(browserInstant(date, "09:15"), Instant.parse(renewed.get("expiresAt").asText()), renewed.toString());
            String shown = browserFormat(renewed.get("expiresAt").asText());
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid='credential-row-" + id + "'] [data-testid='credential-expires']"), shown));
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * RFC 9470 step-up in the browser: with a second-factor login older than the policy allows, Regenerate sends the
     * user through Keycloak's login (password and TOTP) and back, and the regeneration then completes.
     */
    @Test
    void regenerateWithAStaleSignInGoesThroughTheLoginAndCompletes(TestInfo info) throws InterruptedException {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode created = Demo.create(server, user.token(server), Map.of("name", "step-up"));
        String id = created.get("id").asText();
        String secret = created.get("secret").asText();
        TestClock clock = new TestClock(server);
        JsonNode policy = Demo.setPolicy(server, Map.of("mfaMaxAgeSeconds", 60));
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();
            visible(testId("credential-row-" + id));
            // the second factor must be older than the policy's 60 s: the server's clock moves past them
            clock.advance(Duration.ofSeconds(61));

            rowAction(id, "regenerate");
            modal(testId("confirm-regenerate-dialog"));
            click(testId("confirm-regenerate"));

            // Keycloak's login again (max_age): the password, then the second factor
            WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
            slow.until(ExpectedConditions.urlContains("/protocol/openid-connect/auth"));
            WebElement password = slow.until(ExpectedConditions.elementToBeClickable(By.id("password")));
            List<WebElement> username = driver.findElements(By.id("username"));
            if (!username.isEmpty() && username.get(0).isDisplayed() && username.get(0).isEnabled()
                    && username.get(0).getAttribute("value").isEmpty()) {
                username.get(0).sendKeys(user.username());
            }
            screenshot("step-up-login");
            password.sendKeys("password");
            click(By.id("kc-login"));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("otp"))).sendKeys(Totp.now(Demo.TEST_TOTP));
            click(By.id("kc-login"));

            // back on the page, which finishes what the user confirmed: the new secret
            slow.until(ExpectedConditions.urlContains("/account/account-security/app-credentials"));
            WebElement dialog = modal(testId("secret-dialog"));
            assertEquals("New secret for \"step-up\"", modalTitle(dialog));
            String newSecret = clipboardText(testId("secret-dialog-secret"));
            assertNotEquals(secret, newSecret);
            wait.until(d -> !d.getCurrentUrl().contains("resume="));
            screenshot("step-up-resumed");
            assertEquals(200, Demo.clientCredentialsBasic(server, id, newSecret).status(), "the new secret works");
            assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status(), "the old one is refused");
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            Demo.restorePolicy(server, policy);
            clock.reset();
        }
    }

    /**
     * WebAuthn as the second factor, with Chromium's virtual authenticator (a security key that answers by itself,
     * through WebDriver's WebAuthn commands): a fresh user without a second factor registers the key through
     * Keycloak's required action ({@code webauthn-register}) at the first sign-in, signs out, signs in again with
     * the password and the key (the stock browser flow, its WebAuthn step switched on for the test) and creates a
     * credential with the console's form; the API records the factor as {@code webauthn} and the secret works.
     */
    @Test
    void aSecurityKeyIsASecondFactorThatCreatesACredential(TestInfo info) throws Exception {
        Demo.TestUser keyUser = SecondFactors.newUserWithoutSecondFactor(server, "webauthn-register");
        VirtualAuthenticator key = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
        try (AutoCloseable flow = SecondFactors.enableInBrowserFlow(server, SecondFactors.WEBAUTHN)) {
            // the first sign-in: the password, then Keycloak asks for a security key
            enterUsernameAndPassword(keyUser.username(), "password");
            click(By.id("registerWebAuthn"));
            wait.until(ExpectedConditions.alertIsPresent()).accept(); // the key's label, as proposed
            waitForAccountConsole();
            assertEquals(1, key.getCredentials().size(), "the key holds one credential");
            assertTrue(SecondFactors.credentialTypes(server, keyUser.id()).contains("webauthn"), "Keycloak stored the key");

            // again, with the key as the second factor
            signOut();
            enterUsernameAndPassword(keyUser.username(), "password");
            click(By.id("authenticateWebAuthnButton"));
            waitForAccountConsole();
            openApplicationCredentialsPage();
            assertTrue(driver.findElements(testId("mfa-not-configured")).isEmpty(), "the user has a second factor");
            click(testId("create-app-credential"));
            modal(testId("create-app-credential-dialog"));
            clickable(testId("app-credential-name")).sendKeys("by-security-key");
            click(testId("app-credential-submit"));
            modal(testId("secret-dialog"));
            String id = clipboardText(testId("secret-dialog-id"));
            String secret = clipboardText(testId("secret-dialog-secret"));
            screenshot("created-with-security-key");
            JsonNode stored = Http.get(Demo.adminCredentialsUrl(server) + "/" + id, Demo.masterAdminToken(server)).json();
            assertEquals("webauthn", stored.path("mfa").asText(), stored.toString());
            assertEquals(keyUser.id(), stored.path("owner").path("id").asText(), stored.toString());
            assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "the secret works");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
        }
    }

    /**
     * A passkey (passwordless WebAuthn), as Keycloak's stock browser flow offers it once the realm's passwordless
     * policy turns passkeys on: the user registers one through the required action
     * ({@code webauthn-register-passwordless}), signs out, and signs in with the passkey alone (the login page asks
     * the browser for one as it loads; no password is typed); the console then creates a credential, recorded as
     * {@code webauthn-passwordless}. Keycloak records that sign-in as its username/password form's step, as it would
     * a password: without the extension's note of the passkey ({@code MfaEvidence.recordPasskeySignIn}) the create
     * form comes back after a step-up login instead of the secret.
     */
    @Test
    void aPasskeySignInCreatesACredential(TestInfo info) throws Exception {
        Demo.TestUser passkeyUser = SecondFactors.newUserWithoutSecondFactor(server, "webauthn-register-passwordless");
        VirtualAuthenticator key = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
        String[] policyFields = {"webAuthnPolicyPasswordlessPasskeysEnabled", "webAuthnPolicyPasswordlessRequireResidentKey",
                "webAuthnPolicyPasswordlessUserVerificationRequirement"};
        Map<String, JsonNode> before = new java.util.HashMap<>();
        Demo.updateRealm(server, realm -> {
            for (String field : policyFields) {
                before.put(field, realm.path(field).deepCopy());
            }
            realm.put("webAuthnPolicyPasswordlessPasskeysEnabled", true);
            realm.put("webAuthnPolicyPasswordlessRequireResidentKey", "Yes");
            realm.put("webAuthnPolicyPasswordlessUserVerificationRequirement", "required");
        });
        try {
            enterUsernameAndPassword(passkeyUser.username(), "password");
            click(By.id("registerWebAuthn"));
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            waitForAccountConsole();
            assertEquals(1, key.getCredentials().size(), "the authenticator holds the passkey");
            assertTrue(key.getCredentials().get(0).isResidentCredential(), "a discoverable credential");
            assertTrue(SecondFactors.credentialTypes(server, passkeyUser.id()).contains("webauthn-passwordless"), "Keycloak stored the passkey");

            signOut();
            driver.get(server.realmUrl(Demo.REALM) + "/account");
            // the login page asks the browser for a passkey as soon as it loads (conditional mediation), which the
            // virtual authenticator answers at once; the page's passkey button does the same if it is still there
            WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
            slow.until(d -> !d.findElements(By.id("authenticateWebAuthnButton")).isEmpty() || !d.findElements(testId("page-heading")).isEmpty());
            if (!driver.findElements(By.id("authenticateWebAuthnButton")).isEmpty()) {
                try {
                    driver.findElement(By.id("authenticateWebAuthnButton")).click();
                } catch (org.openqa.selenium.WebDriverException e) {
                    // the page went on to the console meanwhile
                }
            }
            waitForAccountConsole();
            openApplicationCredentialsPage();
            click(testId("create-app-credential"));
            modal(testId("create-app-credential-dialog"));
            clickable(testId("app-credential-name")).sendKeys("by-passkey");
            click(testId("app-credential-submit"));
            modal(testId("secret-dialog"));
            String id = clipboardText(testId("secret-dialog-id"));
            String secret = clipboardText(testId("secret-dialog-secret"));
            JsonNode stored = Http.get(Demo.adminCredentialsUrl(server) + "/" + id, Demo.masterAdminToken(server)).json();
            assertEquals("webauthn-passwordless", stored.path("mfa").asText(), stored.toString());
            assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "the secret works");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            Demo.updateRealm(server, realm -> before.forEach((field, value) -> {
                if (value.isMissingNode()) {
                    realm.remove(field);
                } else {
                    realm.set(field, value);
                }
            }));
            ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
        }
    }

    /**
     * The MFA binding's console path: removing the authenticator app under Signing in (Keycloak's delete-credential
     * action, confirmed on its page) suspends the user's credential: "Suspended" on the page and in the API, the
     * secret refused. Setting up a new authenticator app through the console does not revive it. Enable then sends
     * the user through a fresh login (the API's {@code max_age=0} challenge), with the new app, and back on the page
     * the credential is active and its old secret works.
     */
    @Test
    void removingTheOtpInTheConsoleSuspendsAndEnableWithANewAppBringsItBack(TestInfo info) throws InterruptedException {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode created = Demo.create(server, user.token(server), Map.of("name", "loses-its-factor"));
        String id = created.get("id").asText();
        String secret = created.get("secret").asText();
        By row = testId("credential-row-" + id);
        TestClock clock = new TestClock(server);
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openSigningInPage();
            click(By.cssSelector("[data-testid='otp/credential-list'] [data-testrole='remove']"));
            WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
            slow.until(ExpectedConditions.elementToBeClickable(By.id("kc-accept")));
            screenshot("remove-otp-confirm");
            click(By.id("kc-accept"));
            waitForAccountConsole();
            assertFalse(SecondFactors.credentialTypes(server, user.id()).contains("otp"), "the authenticator app is gone");

            waitForAdminState(id, "suspended");
            Http.Resp refused = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(401, refused.status(), refused.toString());
            assertTrue(refused.json().path("error_description").asText().contains("suspended"), refused.toString());
            openApplicationCredentialsPage();
            wait.until(d -> "Suspended".equals(stateOf(row)));
            screenshot("credential-suspended");

            // a new authenticator app, set up from the console through Keycloak's page
            openSigningInPage();
            click(testId("otp/create"));
            slow.until(ExpectedConditions.elementToBeClickable(By.id("totp")));
            String newApp = (String) js("return document.querySelector(\"input[name='totpSecret']\").value");
            driver.findElement(By.id("totp")).sendKeys(Totp.now(newApp));
            driver.findElement(By.id("userLabel")).sendKeys("new phone");
            click(By.id("saveTOTPBtn"));
            waitForAccountConsole();
            assertTrue(SecondFactors.credentialTypes(server, user.id()).contains("otp"), "a new authenticator app");
            assertEquals("suspended", adminState(id), "not revived by the new factor alone");
            assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status());

            // Keycloak records the factor's set-up and its use in whole seconds: the login proving it comes later
            clock.advance(Duration.ofSeconds(2));
            openApplicationCredentialsPage();
            rowAction(id, "enable");
            // the sign-in that set up the app is older than the app: Keycloak's login again, with the new app
            stepUpLogin(user.username(), newApp);
            slow.until(ExpectedConditions.urlContains("/account/account-security/app-credentials"));
            waitForAlert("Application credential \"loses-its-factor\" enabled.");
            wait.until(d -> "Active".equals(stateOf(row)));
            screenshot("credential-reactivated");
            assertEquals("active", adminState(id));
            assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "the old secret works again");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            clock.reset();
        }
    }

    @Test
    void aUserWithoutASecondFactorIsToldBeforeCreating(TestInfo info) {
        try {
            signInToAccountConsole(Demo.BOB, Demo.BOB_PASSWORD, null);
            openApplicationCredentialsPage();

            WebElement alert = visible(testId("mfa-not-configured"));
            assertTrue(alert.getText().contains("needs a second factor"), alert.getText());
            WebElement create = visible(testId("create-app-credential"));
            assertFalse(create.isEnabled(), "nothing to fill in before the second factor is set up");
            assertEquals("Set up a second factor first.", visible(testId("create-blocked-reason")).getText().trim());
            screenshot("second-factor-needed");

            click(testId("mfa-setup-link"));
            wait.until(ExpectedConditions.urlContains("/account/account-security/signing-in"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("page-heading"), "Signing in"));
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    @Test
    void adminCreatedAndExpiredCredentialsAreMarkedAndAnExpiredOneCanBeRevoked(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        String userToken = user.token(server);
        JsonNode own = Demo.create(server, userToken, Map.of("name", "terraform-ci", "description", "nightly plan",
                "realmRoles", List.of("reader"), "clientRoles", Map.of("my-api", List.of("reader"))));
        JsonNode expiring = Demo.create(server, userToken, Map.of("name", "one-off-migration",
                "expiresAt", Instant.now().plusSeconds(2).toString(), "realmRoles", List.of("reader")));
        Http.Resp byAdmin = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), Demo.masterAdminToken(server),
                Map.of("name", "backup-job", "description", "set up by the platform team", "realmRoles", List.of("reader")));
        assertEquals(201, byAdmin.status(), byAdmin.toString());
        String adminId = byAdmin.json().get("id").asText();
        String expiredId = expiring.get("id").asText();
        try {
            // the user's own one has been used (last use is recorded in batches, every 2 s in the tests)
            assertEquals(200, Demo.clientCredentialsBasic(server, own.get("id").asText(), own.get("secret").asText()).status());
            waitForCredential(user, own.get("id").asText(), "used", c -> !c.path("lastUsedAt").isNull());
            waitForCredential(user, expiredId, "expired", c -> "expired".equals(c.path("state").asText()));
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            // the administrator's credential is marked in the list and in its details
            WebElement adminRow = visible(testId("credential-row-" + adminId));
            assertEquals("Created by an administrator", adminRow.findElement(testId("credential-admin-created")).getText().trim());
            WebElement details = expandDetails(adminId);
            assertTrue(details.findElement(testId("credential-detail-created")).getText().contains("by an administrator (admin)"),
                    details.getText());
            // bound to the owner's factor though nobody proved one to create it
            assertEquals("Your own second factors (authenticator app, security key, passkey, recovery codes)",
                    details.findElement(testId("credential-detail-binding")).getText().trim());
            assertTrue(details.findElements(testId("credential-detail-mfa")).isEmpty(), details.getText());
            assertTrue(visible(testId("credential-row-" + own.get("id").asText()))
                    .findElements(testId("credential-admin-created")).isEmpty(), "the user's own is not marked");

            // the expired one offers what the API allows: revoking it
            By expiredRow = testId("credential-row-" + expiredId);
            assertEquals("Expired", stateOf(expiredRow));
            // the README's picture of the page, which fits its width too
            checkPage("account-console");
            click(By.cssSelector("[data-testid='credential-row-" + expiredId + "'] [data-testid='credential-actions-toggle']"));
            visible(testId("credential-action-revoke"));
            List<String> offered = new ArrayList<>();
            for (WebElement item : driver.findElements(By.cssSelector("[data-testid^='credential-action-']"))) {
                offered.add(item.getAttribute("data-testid"));
            }
            assertEquals(List.of("credential-action-revoke"), offered);
            click(testId("credential-action-revoke"));
            WebElement confirm = modal(testId("confirm-revoke-dialog"));
            assertTrue(confirm.getText().contains("It has expired and no longer works."), confirm.getText());
            click(testId("confirm-revoke"));
            waitForAlert("Application credential \"one-off-migration\" revoked.");
            wait.until(d -> "Revoked".equals(stateOf(expiredRow)));
            assertEquals("revoked", Http.get(Demo.credentialsUrl(server) + "/" + expiredId, user.token(server)).json().get("state").asText());
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * At a phone's width (360 and 400 px): the navigation starts closed and its toggle opens and closes it, the
     * list does not overflow sideways, a row's details and actions open within the screen, and the dialogs fit,
     * titles and all. Screenshots {@code phone-*} are of the 400 px run, {@code phone360-*} of the other.
     */
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = { 360, 400 })
    void thePageIsUsableAtPhoneWidth(int width, TestInfo info) {
        String shot = width == 400 ? "phone-" : "phone" + width + "-";
        Demo.TestUser user = Demo.aliceLike(server);
        String longName = "nightly-terraform-plan-for-the-production-cluster";
        JsonNode credential = Demo.create(server, user.token(server), Map.of("name", longName,
                "description", "runs every night from the CI server", "realmRoles", List.of("reader"),
                "clientRoles", Map.of("my-api", List.of("reader", "writer"))));
        Demo.create(server, user.token(server), Map.of("name", "laptop-scripts", "realmRoles", List.of("reader")));
        String id = credential.get("id").asText();
        try {
            driver.manage().window().setSize(new Dimension(width, 860));
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            assertEquals((long) width, js("return window.innerWidth"), "the page is laid out " + width + " px wide");

            // the navigation starts closed; the masthead's toggle opens it
            By sidebar = testId("page-sidebar");
            wait.until(ExpectedConditions.attributeToBe(sidebar, "aria-hidden", "true"));
            By toggle = By.id("nav-toggle");
            click(toggle);
            wait.until(ExpectedConditions.attributeToBe(sidebar, "aria-hidden", "false"));
            wait.until(ExpectedConditions.attributeToBe(toggle, "aria-expanded", "true"));
            // slid in completely (a CSS transition)
            wait.until(d -> ((Number) js("return arguments[0].getBoundingClientRect().left", d.findElement(sidebar))).doubleValue() >= 0);
            screenshot(shot + "navigation-open");
            // choosing a page closes it
            openApplicationCredentialsPage();
            wait.until(ExpectedConditions.attributeToBe(sidebar, "aria-hidden", "true"));
            // and the toggle closes it too
            click(toggle);
            wait.until(ExpectedConditions.attributeToBe(sidebar, "aria-hidden", "false"));
            click(toggle);
            wait.until(ExpectedConditions.attributeToBe(sidebar, "aria-hidden", "true"));
            wait.until(ExpectedConditions.attributeToBe(toggle, "aria-expanded", "false"));

            // the list: stacked rows, nothing wider than the screen
            WebElement row = visible(testId("credential-row-" + id));
            assertNoHorizontalOverflow();
            assertWithinViewport(row, "the credential's row");
            screenshot(shot + "list");

            // its details too (their toggle sits beside the name, on the stacked row's first line)
            By detailsToggle = By.cssSelector("[data-testid='credential-row-" + id + "'] [data-testid='credential-details-toggle'] button");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(detailsToggle));
            assertWithinViewport(visible(detailsToggle), "the row's details toggle");
            WebElement details = expandDetails(id);
            js("arguments[0].scrollIntoView({block: 'center'})", details);
            assertWithinViewport(details, "the row's details");
            assertTrue(details.getText().contains("app-credentials"), details.getText());
            assertNoHorizontalOverflow();
            screenshot(shot + "details");

            // a row's actions are reachable and open within the screen
            By actionsToggle = By.cssSelector("[data-testid='credential-row-" + id + "'] [data-testid='credential-actions-toggle']");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(actionsToggle));
            assertWithinViewport(visible(actionsToggle), "the row's actions toggle");
            click(actionsToggle);
            for (String action : List.of("disable", "regenerate", "renew", "revoke")) {
                assertWithinViewport(visible(testId("credential-action-" + action)), "the " + action + " action");
            }
            screenshot(shot + "row-actions");
            click(testId("credential-action-regenerate"));
            WebElement confirm = modal(testId("confirm-regenerate-dialog"));
            assertDialogFits(confirm);
            WebElement title = confirm.findElement(By.cssSelector(".pf-v5-c-modal-box__title-text"));
            assertEquals("Regenerate the secret of \"" + longName + "\"?", title.getText().trim());
            screenshot(shot + "regenerate-dialog");
            click(testId("confirm-cancel"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("confirm-regenerate-dialog")));

            // the create dialog fits, down to its buttons
            click(testId("create-app-credential"));
            WebElement form = modal(testId("create-app-credential-dialog"));
            assertDialogFits(form);
            for (String field : List.of("app-credential-name", "app-credential-client", "app-credential-realm-roles",
                    "app-credential-expiry", "app-credential-expiry-time")) {
                WebElement input = visible(testId(field));
                js("arguments[0].scrollIntoView({block: 'center'})", input);
                assertWithinViewport(input, field);
            }
            screenshot(shot + "create-dialog");
            // its Restrictions section, open with a rule and a network
            By restrictions = By.id("app-credential-restrictions-toggle");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(restrictions));
            click(restrictions);
            click(testId("app-credential-add-rule"));
            clickable(testId("app-credential-rule-path-0")).sendKeys("/admin/realms/" + Demo.REALM + "/users/**");
            click(testId("app-credential-add-network"));
            clickable(testId("app-credential-network-input-0")).sendKeys("2001:db8::/32");
            for (String field : List.of("app-credential-rule-method-0", "app-credential-rule-path-0",
                    "app-credential-rule-remove-0", "app-credential-network-input-0", "app-credential-network-remove-0",
                    "app-credential-require-dpop")) {
                WebElement input = visible(testId(field));
                js("arguments[0].scrollIntoView({block: 'center'})", input);
                assertWithinViewport(input, field);
            }
            assertDialogFits(form);
            // the method shows in full and the path is wide enough to read (a line of its own on a phone)
            assertTrue(width(visible(testId("app-credential-rule-method-0"))) >= 96, "the method select is squeezed");
            double body = width(form.findElement(By.cssSelector(".pf-v5-c-modal-box__body")));
            double path = width(visible(testId("app-credential-rule-path-0")));
            assertTrue(path >= 0.6 * body, "the path input is " + path + " px wide in a " + body + " px dialog");
            js("arguments[0].scrollIntoView({block: 'start'})", visible(restrictions));
            screenshot(shot + "create-restrictions");
            WebElement submit = visible(testId("app-credential-submit"));
            js("arguments[0].scrollIntoView({block: 'center'})", submit);
            assertWithinViewport(submit, "the Create button");
            click(testId("app-credential-cancel"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("create-app-credential-dialog")));
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * Idle retirement in the list, at 360, 400 and 1400 px: with the realm's {@code maxIdleDays} at 4 and the server's
     * clock two days and an hour on, a credential never used since its creation says "Idle for 2 days" beside its
     * last use, and its details "Idle for 2 days; disabled on … unless used"; one its owner disabled says
     * "Disabled · by you". The page fits its width and axe-core finds no serious violation. Screenshots
     * {@code w<width>-idle*.png}.
     */
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = { 360, 400, 1400 })
    void anIdleCredentialIsMarkedAndFitsItsWidth(int width, TestInfo info) {
        String shot = "w" + width + "-";
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode policy = Demo.setPolicy(server, Map.of("maxIdleDays", 4));
        TestClock clock = new TestClock(server);
        try {
            JsonNode idle = Demo.create(server, token, Map.of("name", "forgotten-nightly-job", "realmRoles", List.of("reader")));
            JsonNode byOwner = Demo.create(server, token, Map.of("name", "paused-by-me"));
            String id = idle.get("id").asText();
            String pausedId = byOwner.get("id").asText();
            Http.Resp disabled = Http.patchJson(Demo.credentialsUrl(server) + "/" + pausedId, token, Map.of("state", "disabled"));
            assertEquals(200, disabled.status(), disabled.toString());
            clock.advance(Duration.ofDays(2).plusHours(1));

            driver.manage().window().setSize(new Dimension(width, width > 1000 ? 1000 : 860));
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            By row = testId("credential-row-" + id);
            WebElement badge = visible(By.cssSelector("[data-testid='credential-row-" + id + "'] [data-testid='credential-idle']"));
            assertEquals("Idle for 2 days", badge.getText().trim());
            assertEquals("Active", stateOf(row));
            By pausedRow = testId("credential-row-" + pausedId);
            assertEquals("Disabled · by you", stateOf(pausedRow));
            assertTrue(driver.findElement(pausedRow).findElements(testId("credential-idle")).isEmpty(),
                    "a disabled credential is not marked idle");
            checkPage(shot + "idle-list");
            assertRowLayout(width, id);

            WebElement details = expandDetails(id);
            js("arguments[0].scrollIntoView({block: 'center'})", details);
            String idleDetail = details.findElement(testId("credential-detail-idle")).getText();
            assertTrue(idleDetail.startsWith("Idle for 2 days; disabled on ") && idleDetail.endsWith(" unless used"), idleDetail);
            checkPage(shot + "idle-details");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            clock.reset();
            Demo.restorePolicy(server, policy);
        }
    }

    /**
     * Every state of the page and every dialog at 360, 400 and 1400 px: the list (with an administrator's, a
     * restricted, an expiring, a revoked and an expired credential), a row's details and actions, the create dialog
     * (as it opens, with the role menu open, with errors, with its restrictions), the secret dialog (two snippet
     * tabs), the list with the new credential, and the renew, regenerate and revoke dialogs. In each, nothing is
     * wider than the dialog or the page's main section, nor than the window (the "Download .env" button was wider
     * than the secret dialog at 400 px), and axe-core finds no serious or critical violation. Screenshots
     * {@code w<width>-<state>.png}.
     */
    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = { 360, 400, 1400 })
    void everyStateFitsItsWidthAndHasNoSeriousAccessibilityViolation(int width, TestInfo info) {
        String shot = "w" + width + "-";
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        String longName = "nightly-terraform-plan-for-the-production-cluster";
        JsonNode restricted = Demo.create(server, token, Map.of("name", longName,
                "description", "runs every night from the CI server", "realmRoles", List.of("reader"),
                "clientRoles", Map.of("my-api", List.of("reader", "writer"), "realm-management", List.of("view-users")),
                "accessRules", List.of(Map.of("method", "GET", "path", "/admin/realms/" + Demo.REALM + "/users/**")),
                "allowedCidrs", List.of("10.0.0.0/8")));
        Demo.create(server, token, Map.of("name", "expires-soon", "realmRoles", List.of("reader"),
                "expiresAt", Instant.now().plus(Duration.ofDays(2)).toString()));
        Http.Resp byAdmin = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), Demo.masterAdminToken(server),
                Map.of("name", "backup-job", "description", "set up by the platform team", "realmRoles", List.of("reader")));
        assertEquals(201, byAdmin.status(), byAdmin.toString());
        JsonNode revoked = Demo.create(server, token, Map.of("name", "old-laptop"));
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + revoked.get("id").asText(), token).status());
        JsonNode expired = Demo.create(server, token, Map.of("name", "one-off-migration",
                "expiresAt", Instant.now().plusSeconds(2).toString()));
        String id = restricted.get("id").asText();
        try {
            waitForCredential(user, expired.get("id").asText(), "expired", c -> "expired".equals(c.path("state").asText()));
            driver.manage().window().setSize(new Dimension(width, width > 1000 ? 1000 : 860));
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            assertEquals((long) width, js("return window.innerWidth"), "the page is laid out " + width + " px wide");
            openApplicationCredentialsPage();
            visible(testId("expiry-banner"));

            // the list, a row's details and its actions
            checkPage(shot + "list");
            assertRowLayout(width, id);
            WebElement details = expandDetails(id);
            js("arguments[0].scrollIntoView({block: 'center'})", details);
            checkPage(shot + "details");
            By actionsToggle = By.cssSelector("[data-testid='credential-row-" + id + "'] [data-testid='credential-actions-toggle']");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(actionsToggle));
            click(actionsToggle);
            visible(testId("credential-action-revoke"));
            checkPage(shot + "row-actions");
            click(actionsToggle);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("credential-action-revoke")));

            // the create dialog: as it opens, with the role menu, with errors, with restrictions
            js("window.scrollTo(0, 0)");
            click(testId("create-app-credential"));
            WebElement form = modal(testId("create-app-credential-dialog"));
            checkDialog(form, shot + "create");
            By realmRoles = testId("app-credential-realm-roles");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(realmRoles));
            click(realmRoles);
            WebElement reader = visible(testId("app-credential-realm-roles-reader"));
            assertOpensBelow(realmRoles, reader);
            checkDialog(form, shot + "create-roles");
            click(realmRoles);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("app-credential-realm-roles-reader")));
            click(testId("app-credential-submit"));
            visible(testId("name-helper"));
            checkDialog(form, shot + "create-errors");
            By restrictions = By.id("app-credential-restrictions-toggle");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(restrictions));
            click(restrictions);
            click(testId("app-credential-add-rule"));
            clickable(testId("app-credential-rule-path-0")).sendKeys("/admin/realms/" + Demo.REALM + "/users/**");
            click(testId("app-credential-add-network"));
            clickable(testId("app-credential-network-input-0")).sendKeys("2001:db8::/32");
            js("arguments[0].scrollIntoView({block: 'start'})", visible(restrictions));
            checkDialog(form, shot + "create-restrictions");
            click(testId("app-credential-rule-remove-0"));
            click(testId("app-credential-network-remove-0"));
            WebElement name = clickable(testId("app-credential-name"));
            js("arguments[0].scrollIntoView({block: 'center'})", name);
            name.sendKeys("deploy-bot-for-the-staging-environment");
            click(testId("app-credential-submit"));

            // the secret dialog, its footer's buttons within it
            WebElement secretDialog = modal(testId("secret-dialog"));
            String newId = clipboardText(testId("secret-dialog-id"));
            checkDialog(secretDialog, shot + "secret");
            WebElement download = visible(testId("secret-dialog-download"));
            js("arguments[0].scrollIntoView({block: 'center'})", download);
            assertInside(download, secretDialog, "the Download .env button");
            assertInside(visible(testId("secret-dialog-close")), secretDialog, "the close button");
            // the last tab: scrolled to with the tabs' arrow on a phone, as a person would
            showTab(testId("secret-snippet-tab-terraform"));
            click(testId("secret-snippet-tab-terraform"));
            visible(testId("secret-snippet-terraform"));
            checkDialog(secretDialog, shot + "secret-terraform");
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-backdrop")));

            // the new credential: the first row, marked
            WebElement newRow = visible(testId("credential-row-" + newId));
            assertEquals("credential-row-" + newId, firstRowTestId());
            visible(By.cssSelector("[data-testid='credential-row-" + newId + "'] [data-testid='credential-new']"));
            checkPage(shot + "created");

            // the renew, regenerate and revoke dialogs of the long-named one
            for (String action : List.of("renew", "regenerate", "revoke")) {
                rowAction(id, action);
                By body = testId(action.equals("renew") ? "renew-dialog" : "confirm-" + action + "-dialog");
                WebElement dialog = modal(body);
                checkDialog(dialog, shot + action);
                click(By.cssSelector("[role='dialog'] [data-testid='confirm-cancel']"));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(body));
            }
            assertTrue(newRow.isDisplayed());
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * The list's order and pages: live credentials before revoked and expired ones, newest first within each, ten to a
     * page (PatternFly's pagination, as Keycloak's tables page), whether or not the server pages itself; a credential
     * made in the form comes first and is marked "New" and highlighted, until the list loads anew.
     */
    @Test
    void theListIsLiveFirstNewestFirstInPagesAndTheNewCredentialIsHighlighted(TestInfo info) throws InterruptedException {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        // in this order, each in a second of its own (the API's times have whole seconds): eight live, two revoked
        // and one expired among them
        for (int i = 0; i < 8; i++) {
            nextSecond();
            Demo.create(server, token, Map.of("name", "live-" + i));
            if (i == 2 || i == 6) {
                nextSecond();
                JsonNode gone = Demo.create(server, token, Map.of("name", "revoked-" + i));
                assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + gone.get("id").asText(), token).status());
            }
            if (i == 4) {
                nextSecond();
                Demo.create(server, token, Map.of("name", "expired-" + i, "expiresAt", Instant.now().plusSeconds(2).toString()));
            }
        }
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        Http.get(Demo.credentialsUrl(server), token).json().forEach(c -> byId.put(c.get("id").asText(), c));
        assertEquals(11, byId.size());
        for (JsonNode c : List.copyOf(byId.values())) {
            if (c.get("name").asText().startsWith("expired")) {
                waitForCredential(user, c.get("id").asText(), "expired", n -> "expired".equals(n.path("state").asText()));
                byId.put(c.get("id").asText(), Http.get(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), token).json());
            }
        }
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            // the first page: ten rows; the second: the eleventh
            List<String> first = rowIds();
            assertEquals(10, first.size(), "a page of ten");
            screenshot("list-order-page-1");
            click(By.cssSelector("[data-testid='table-toolbar'] button[data-action='next']"));
            wait.until(d -> !rowIds().equals(first));
            List<String> second = rowIds();
            assertEquals(1, second.size());
            screenshot("list-order-page-2");
            List<String> shown = new ArrayList<>(first);
            shown.addAll(second);
            assertEquals(byId.keySet(), new java.util.HashSet<>(shown), "every credential once");
            // live ones first, then revoked and expired ones; newest first within each (whole seconds: ties in any order)
            for (int i = 1; i < shown.size(); i++) {
                JsonNode before = byId.get(shown.get(i - 1)), after = byId.get(shown.get(i));
                boolean liveBefore = isLive(before), liveAfter = isLive(after);
                assertTrue(liveBefore || !liveAfter, "a live credential after a revoked or expired one: " + names(shown, byId));
                if (liveBefore == liveAfter) {
                    assertTrue(Instant.parse(before.get("createdAt").asText()).isAfter(Instant.parse(after.get("createdAt").asText())),
                            "an older credential before a newer one: " + names(shown, byId));
                }
            }
            assertEquals(8, shown.stream().filter(id -> isLive(byId.get(id))).count());

            // a new one, made in the form: the first row of the first page, marked and highlighted
            click(By.cssSelector("[data-testid='table-toolbar'] button[data-action='previous']"));
            wait.until(d -> rowIds().equals(first));
            click(testId("create-app-credential"));
            modal(testId("create-app-credential-dialog"));
            clickable(testId("app-credential-name")).sendKeys("just-made");
            click(testId("app-credential-submit"));
            modal(testId("secret-dialog"));
            String id = clipboardText(testId("secret-dialog-id"));
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
            By newRow = testId("credential-row-" + id);
            wait.until(d -> ("credential-row-" + id).equals(firstRowTestId()));
            assertEquals("New", visible(newRow).findElement(testId("credential-new")).getText().trim());
            assertTrue(driver.findElement(newRow).getAttribute("class").contains("app-credentials-row-new"), "highlighted");
            assertWithinViewport(driver.findElement(newRow), "the new row");
            screenshot("list-new-credential");
            assertEquals(1, driver.findElements(testId("credential-new")).size(), "one new row");

            // loaded anew, it is a row like the others, still the first
            reloadApplicationCredentialsPage();
            assertEquals("credential-row-" + id, firstRowTestId());
            assertTrue(driver.findElements(testId("credential-new")).isEmpty());
            assertFalse(driver.findElement(newRow).getAttribute("class").contains("app-credentials-row-new"));
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * The role picker offers the roles a user would grant: those they hold, without the roles every user of the
     * realm has through Keycloak's default role ({@code default-roles-demo}, {@code offline_access},
     * {@code uma_authorization}, the {@code account} client's), which {@code /options} lists too; those come on
     * request, as Keycloak's role mapping shows inherited roles on request. Its menus open below their toggles,
     * never over the fields above.
     */
    @Test
    void theRolePickerOffersTheRolesAUserWouldGrantAndOpensDownwards(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", user.token(server)).json();
        List<String> held = new ArrayList<>();
        options.get("realmRoles").forEach(r -> held.add(r.asText()));
        assertTrue(held.containsAll(List.of("default-roles-demo", "offline_access", "uma_authorization", "reader", "writer")), held.toString());
        assertTrue(options.get("clientRoles").has("account"), options.toString());
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();
            click(testId("create-app-credential"));
            WebElement form = modal(testId("create-app-credential-dialog"));

            By realmRoles = testId("app-credential-realm-roles");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(realmRoles));
            click(realmRoles);
            assertOpensBelow(realmRoles, visible(testId("app-credential-realm-roles-reader")));
            assertEquals(List.of("reader", "writer"), menuOptions("app-credential-realm-roles"));
            screenshot("role-picker");
            click(realmRoles);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("app-credential-realm-roles-reader")));

            By clientRoles = testId("app-credential-client-roles");
            js("arguments[0].scrollIntoView({block: 'center'})", visible(clientRoles));
            click(clientRoles);
            assertOpensBelow(clientRoles, visible(testId("app-credential-client-roles-my-api-reader")));
            assertEquals(List.of("my-api-reader", "my-api-writer", "realm-management-query-groups", "realm-management-query-users",
                    "realm-management-view-users"), menuOptions("app-credential-client-roles"));
            click(clientRoles);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("app-credential-client-roles-my-api-reader")));

            // on request, all of them
            WebElement showAll = visible(testId("app-credential-show-built-in-roles"));
            String label = form.findElement(By.cssSelector("label[for='app-credential-show-built-in-roles']")).getText();
            assertTrue(label.startsWith("Show the ") && label.endsWith(" roles every user has"), label);
            showAll.click();
            click(realmRoles);
            assertEquals(List.of("default-roles-demo", "offline_access", "reader", "uma_authorization", "writer"),
                    menuOptions("app-credential-realm-roles"));
            click(testId("app-credential-realm-roles-offline_access"));
            wait.until(d -> isChosen(testId("app-credential-realm-roles-offline_access")));
            click(realmRoles);
            click(clientRoles);
            assertTrue(menuOptions("app-credential-client-roles").contains("account-manage-account"));
            screenshot("role-picker-all");
            click(clientRoles);
            // hidden again, a chosen one stays
            visible(testId("app-credential-show-built-in-roles")).click();
            click(realmRoles);
            assertEquals(List.of("offline_access", "reader", "writer"), menuOptions("app-credential-realm-roles"));
            click(realmRoles);
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * Renewing shows the new expiry before it is done: for a credential made today with the default lifetime (the
     * end of the day 30 days from now, what the form proposes), the default 30 days from today would not move it
     * later, so the dialog proposes 30 days from its current expiry, which the server takes. One that already expires
     * later than the policy now allows (its longest lifetime was shortened since) cannot be renewed, and the dialog
     * says so. A refusal of the server (another tab renewed it meanwhile) shows its date as a local date, not as an
     * ISO timestamp.
     */
    @Test
    void renewShowsTheNewExpiryFirstAndSaysWhenThereIsNone(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        Instant endOfDefaultDay = browserInstant(browserDate(30), "23:59");
        JsonNode today = Demo.create(server, token, Map.of("name", "made-today", "expiresAt", endOfDefaultDay.toString()));
        JsonNode beyond = Demo.create(server, token, Map.of("name", "beyond-the-latest",
                "expiresAt", Instant.now().plus(Duration.ofDays(300)).toString()));
        JsonNode elsewhere = Demo.create(server, token, Map.of("name", "renewed-elsewhere",
                "expiresAt", Instant.now().plus(Duration.ofDays(2)).toString()));
        // the longest lifetime shortened to 90 days: the second one's expiry is past it
        JsonNode policy = Demo.setPolicy(server, Map.of("maxLifetimeDays", 90));
        JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", token).json();
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            // made today with the default lifetime: 30 days from its expiry
            String id = today.get("id").asText();
            rowAction(id, "renew");
            WebElement renew = modal(testId("renew-dialog"));
            assertEquals("It now expires " + browserFormat(endOfDefaultDay.toString()) + ".", visible(testId("renew-current")).getText().trim());
            assertEquals(browserDate(60), visible(testId("renew-expiry")).getAttribute("value"));
            assertEquals("23:59", visible(testId("renew-expiry-time")).getAttribute("value"));
            assertTrue(visible(testId("renew-expiry-hint")).getText().contains("30 days (the default lifetime)"), renew.getText());
            assertTrue(visible(testId("confirm-renew")).isEnabled());
            screenshot("renew-made-today");
            click(testId("confirm-renew"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("renew-dialog")));
            Instant renewed = Instant.parse(Http.get(Demo.credentialsUrl(server) + "/" + id, token).json().get("expiresAt").asText());
            assertEquals(browserInstant(browserDate(60), "23:59"), renewed);
            waitForAlert("now expires " + browserFormat(renewed.toString()) + ".");

            // later than the policy now allows: nothing to renew to
            rowAction(beyond.get("id").asText(), "renew");
            modal(testId("renew-dialog"));
            String latest = visible(testId("renew-at-latest")).getText();
            assertTrue(latest.contains("Renewing cannot move its expiry later: the latest this realm allows now is ")
                    && latest.contains(browserFormat(options.get("maxExpiresAt").asText()).replaceAll(", [^,]*$", "")), latest);
            assertFalse(visible(testId("confirm-renew")).isEnabled(), "Renew is off");
            assertTrue(driver.findElements(testId("renew-expiry")).isEmpty(), "no date to choose");
            screenshot("renew-at-latest");
            click(testId("confirm-cancel"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("renew-dialog")));

            // renewed elsewhere while the dialog was open: the server's refusal, with a local date
            String otherId = elsewhere.get("id").asText();
            rowAction(otherId, "renew");
            modal(testId("renew-dialog"));
            assertEquals(browserDate(30), visible(testId("renew-expiry")).getAttribute("value"));
            Instant later = browserInstant(browserDate(40), "12:00");
            Http.Resp meanwhile = Http.postJson(Demo.credentialsUrl(server) + "/" + otherId + "/renew", token, Map.of("expiresAt", later.toString()));
            assertEquals(200, meanwhile.status(), meanwhile.toString());
            click(testId("confirm-renew"));
            String error = visible(testId("renew-expiry-error")).getText();
            assertTrue(error.contains(browserFormat(later.toString())), error);
            assertFalse(error.matches(".*\\d{4}-\\d{2}-\\d{2}T.*"), "no ISO timestamp: " + error);
            screenshot("renew-refused");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }

    /**
     * The create form's limits for the name and the description are the server's, from {@code /options}
     * ({@code limits}), as the restrictions' limits are: a name one character longer than it allows is refused in the
     * form with that number, and so is a description.
     */
    @Test
    void theCreateFormTakesItsLimitsFromOptions(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode limits = Http.get(Demo.credentialsUrl(server) + "/options", user.token(server)).json().get("limits");
        assertNotNull(limits, "/options has limits");
        int nameMax = limits.get("nameMaxLength").asInt();
        int descriptionMax = limits.get("descriptionMaxLength").asInt();
        assertEquals(List.of(64, 255), List.of(nameMax, descriptionMax));
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();
            click(testId("create-app-credential"));
            modal(testId("create-app-credential-dialog"));
            clickable(testId("app-credential-name")).sendKeys("n".repeat(nameMax + 1));
            clickable(testId("app-credential-description")).sendKeys("d".repeat(descriptionMax + 1));
            click(testId("app-credential-submit"));
            assertEquals("Use at most " + nameMax + " characters.", visible(testId("name-helper")).getText().trim());
            assertEquals("Use at most " + descriptionMax + " characters.", visible(testId("description-helper")).getText().trim());
            screenshot("create-limits");
            assertTrue(driver.findElements(testId("secret-dialog")).isEmpty(), "nothing was created");
            // at the limits: created
            WebElement name = driver.findElement(testId("app-credential-name"));
            name.sendKeys(Keys.BACK_SPACE);
            driver.findElement(testId("app-credential-description")).sendKeys(Keys.BACK_SPACE);
            click(testId("app-credential-submit"));
            modal(testId("secret-dialog"));
            assertEquals("n".repeat(nameMax), Http.get(Demo.credentialsUrl(server) + "/" + clipboardText(testId("secret-dialog-id")),
                    user.token(server)).json().get("name").asText());
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * Issue 16's console part. With reminders at 3 and 10 days (the first mail at 10), a credential expiring in two
     * days carries an "Expires in 2 days" badge and is the only one the banner names, one expiring in 60 days has
     * neither; with reminders off ({@code []}) neither shows; at 360 px the page with the banner still fits; the
     * banner's Renew opens the renew dialog, and renewing (by the default 30 days) takes the badge and the banner away.
     */
    @Test
    void credentialsExpiringSoonAreFlaggedAndRenewedFromTheBanner(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        String userToken = user.token(server);
        String soonName = "expiring-soon-for-the-nightly-backup-of-the-production-cluster";
        JsonNode soon = Demo.create(server, userToken, Map.of("name", soonName, "realmRoles", List.of("reader"),
                "expiresAt", Instant.now().plus(Duration.ofDays(2)).minus(Duration.ofHours(1)).toString()));
        JsonNode later = Demo.create(server, userToken, Map.of("name", "expiring-later", "realmRoles", List.of("reader"),
                "expiresAt", Instant.now().plus(Duration.ofDays(60)).toString()));
        String soonId = soon.get("id").asText();
        String laterId = later.get("id").asText();
        By soonRow = testId("credential-row-" + soonId);
        By laterRow = testId("credential-row-" + laterId);
        By banner = testId("expiry-banner");
        JsonNode policy = Demo.setPolicy(server, Map.of("expiryReminderDays", List.of(3, 10)));
        try {
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            // the badge next to the expiry of the first only
            WebElement badge = visible(soonRow).findElement(testId("credential-expires-soon"));
            assertEquals("Expires in 2 days", badge.getText().trim());
            assertTrue(driver.findElement(laterRow).findElements(testId("credential-expires-soon")).isEmpty(),
                    "60 days is beyond the first reminder (10 days)");

            // one banner, naming the first only
            WebElement alert = visible(banner);
            assertTrue(alert.getAttribute("class").contains("pf-m-warning"), alert.getAttribute("class"));
            assertEquals(1, driver.findElements(banner).size(), "one banner");
            assertTrue(alert.getText().contains("An application credential expires soon"), alert.getText());
            List<WebElement> items = alert.findElements(By.cssSelector("[data-testid^='expiry-banner-item-']"));
            assertEquals(1, items.size(), alert.getText());
            assertEquals("expiry-banner-item-" + soonId, items.get(0).getAttribute("data-testid"));
            String shownExpiry = browserFormat(soon.get("expiresAt").asText());
            assertTrue(items.get(0).getText().contains("\"" + soonName + "\" expires in 2 days, on " + shownExpiry + "."),
                    items.get(0).getText());
            assertFalse(alert.getText().contains("expiring-later"), alert.getText());
            screenshot("expiry-banner");

            // at a phone's width (the page loaded anew, as on a phone: the navigation closed) the page with its
            // banner still fits, the Renew button within reach
            driver.manage().window().setSize(new Dimension(360, 860));
            wait.until(d -> Long.valueOf(360).equals(js("return window.innerWidth")));
            reloadApplicationCredentialsPage();
            wait.until(ExpectedConditions.attributeToBe(testId("page-sidebar"), "aria-hidden", "true"));
            WebElement phoneBanner = visible(banner);
            assertNoHorizontalOverflow();
            assertWithinViewport(phoneBanner, "the banner");
            WebElement phoneRenew = visible(testId("expiry-banner-renew-" + soonId));
            js("arguments[0].scrollIntoView({block: 'center'})", phoneRenew);
            assertWithinViewport(phoneRenew, "the banner's Renew button");
            WebElement phoneBadge = visible(soonRow).findElement(testId("credential-expires-soon"));
            js("arguments[0].scrollIntoView({block: 'center'})", phoneBadge);
            assertWithinViewport(phoneBadge, "the badge");
            assertNoHorizontalOverflow();
            js("arguments[0].scrollIntoView({block: 'start'})", phoneBanner);
            screenshot("phone360-expiry-banner");
            // reminders off (back at the desktop's width): no badge, no banner
            driver.manage().window().setSize(new Dimension(1400, 1000));
            wait.until(d -> ((Number) js("return window.innerWidth")).longValue() > 1000);
            Demo.setPolicy(server, Map.of("expiryReminderDays", List.of()));
            reloadApplicationCredentialsPage();
            visible(soonRow);
            assertTrue(driver.findElements(banner).isEmpty(), "no banner when reminders are off");
            assertTrue(driver.findElements(testId("credential-expires-soon")).isEmpty(), "no badge when reminders are off");
            Demo.setPolicy(server, Map.of("expiryReminderDays", List.of(3, 10)));
            reloadApplicationCredentialsPage();
            visible(banner);

            // Renew from the banner: the renew dialog of that credential
            click(testId("expiry-banner-renew-" + soonId));
            WebElement renew = modal(testId("renew-dialog"));
            assertEquals("Renew \"" + soonName + "\"", modalTitle(renew));
            // proposed: the end of the day the default 30 days from today reach
            assertEquals(browserDate(30), visible(testId("renew-expiry")).getAttribute("value"));
            assertEquals("23:59", visible(testId("renew-expiry-time")).getAttribute("value"));
            screenshot("expiry-banner-renew-dialog");
            click(testId("confirm-renew"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("renew-dialog")));
            waitForAlert("Application credential \"" + soonName + "\" now expires");

            // the expiry moved past the threshold: the badge and the banner are gone
            JsonNode renewed = Http.get(Demo.credentialsUrl(server) + "/" + soonId, user.token(server)).json();
            Instant newExpiry = Instant.parse(renewed.get("expiresAt").asText());
            assertTrue(newExpiry.isAfter(Instant.now().plus(Duration.ofDays(29))), renewed.toString());
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid='credential-row-" + soonId + "'] [data-testid='credential-expires']"),
                    browserFormat(renewed.get("expiresAt").asText())));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(banner));
            assertTrue(driver.findElements(testId("credential-expires-soon")).isEmpty(), "no badge left");
            screenshot("expiry-banner-renewed");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }

    /**
     * A credential used from 127.0.0.1 and then from 127.0.0.2 lists both addresses in its details, most recent
     * first, each with when it was last seen there, instead of a single "Last used from". Uses reach the database
     * with the batched flush (every 2 s in the tests): the page is reloaded, boundedly, until they are there.
     */
    @Test
    void theDetailsListTheAddressesACredentialWasUsedFrom(TestInfo info) {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode created = Demo.create(server, user.token(server), Map.of("name", "used-from-two-addresses",
                "realmRoles", List.of("reader")));
        String id = created.get("id").asText();
        String secret = created.get("secret").asText();
        try {
            assertEquals(200, Demo.clientCredentialsFrom(server, "127.0.0.1", id, secret));
            assertEquals(200, Demo.clientCredentialsFrom(server, "127.0.0.2", id, secret));
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            openApplicationCredentialsPage();

            List<String> expected = List.of("127.0.0.2", "127.0.0.1");
            List<String> shown = recentUseAddresses(id);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!shown.equals(expected) && System.nanoTime() < deadline) {
                reloadApplicationCredentialsPage();
                shown = recentUseAddresses(id);
            }
            assertEquals(expected, shown, "the addresses in the details");

            // each with when it was last seen there, as the API has it; no separate "Last used from"
            JsonNode stored = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
            WebElement details = visible(testId("credential-details-" + id));
            WebElement recent = details.findElement(testId("credential-detail-recent-uses"));
            List<WebElement> uses = recent.findElements(testId("credential-recent-use"));
            assertEquals(2, uses.size(), recent.getText());
            for (int i = 0; i < 2; i++) {
                JsonNode use = stored.get("recentUses").get(i);
                assertEquals(use.get("ip").asText() + " " + browserFormat(use.get("lastSeenAt").asText()), uses.get(i).getText().trim());
            }
            String term = details.findElement(By.xpath(".//*[@data-testid='credential-detail-recent-uses']/preceding-sibling::dt")).getText().trim();
            assertEquals("Recent uses", term);
            assertTrue(details.findElements(testId("credential-detail-last-ip")).isEmpty(), "the last address is not shown twice");
            assertTrue(details.getText().contains("2 tokens"), details.getText());
            js("arguments[0].scrollIntoView({block: 'center'})", details);
            screenshot("credential-recent-uses");
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * Rotation without downtime (issue 28) at 360, 400 and 1400 px: the regenerate dialog offers keeping the old secret
     * working (None, 1 hour, 1 day, 7 days under the demo realm's default policy of 168 hours; None preselected);
     * with 1 hour both secrets work, the details say until when the previous one works and that it was not used
     * since the rotation, and "End now" (confirmed) ends it while the new one keeps working. Each new dialog state
     * and the details are checked for their layout and with axe-core.
     */
    @ParameterizedTest
    @ValueSource(ints = { 360, 400, 1400 })
    void regenerateKeepsTheOldSecretForTheChosenTimeAndTheDetailsEndIt(int width, TestInfo info) {
        String shot = "w" + width + "-";
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode created = Demo.create(server, user.token(server), Map.of("name", "fleet-rotation", "realmRoles", List.of("reader")));
        String id = created.get("id").asText();
        String oldSecret = created.get("secret").asText();
        try {
            driver.manage().window().setSize(new Dimension(width, width > 1000 ? 1000 : 860));
            signInToAccountConsole(user.username(), "password", Demo.TEST_TOTP);
            assertEquals((long) width, js("return window.innerWidth"), "the page is laid out " + width + " px wide");
            openApplicationCredentialsPage();

            rowAction(id, "regenerate");
            WebElement confirm = modal(testId("confirm-regenerate-dialog"));
            WebElement group = confirm.findElement(testId("regenerate-overlap"));
            List<String> labels = group.findElements(By.cssSelector("label.pf-v5-c-radio__label")).stream()
                    .map(e -> e.getText().trim()).toList();
            assertEquals(List.of("None", "1 hour", "1 day", "7 days"), labels, "the choices within the policy");
            assertTrue(confirm.getText().contains("Keep the old secret working for"), confirm.getText());
            assertTrue(driver.findElement(testId("regenerate-overlap-0")).isSelected(), "None is preselected");
            checkDialog(confirm, shot + "regenerate-overlap");
            click(testId("regenerate-overlap-3600"));
            wait.until(d -> d.findElement(testId("regenerate-overlap-3600")).isSelected());
            checkDialog(confirm, shot + "regenerate-overlap-hour");
            click(testId("confirm-regenerate"));
            modal(testId("secret-dialog"));
            String newSecret = clipboardText(testId("secret-dialog-secret"));
            assertNotEquals(oldSecret, newSecret);
            click(testId("secret-dialog-close"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-backdrop")));
            assertEquals(200, Demo.clientCredentialsBasic(server, id, oldSecret).status(), "the old secret still works for an hour");
            assertEquals(200, Demo.clientCredentialsBasic(server, id, newSecret).status(), "the new one works at once");

            JsonNode stored = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
            String until = stored.get("previousSecretExpiresAt").asText();
            WebElement details = expandDetails(id);
            WebElement previous = details.findElement(testId("credential-detail-previous-secret"));
            assertEquals("Works until " + browserFormat(until), previous.findElement(testId("credential-previous-secret-until")).getText().trim());
            assertEquals("Not used since the rotation", previous.findElement(testId("credential-previous-secret-used")).getText().trim());
            js("arguments[0].scrollIntoView({block: 'center'})", previous);
            checkPage(shot + "previous-secret");

            click(testId("credential-end-overlap"));
            WebElement end = modal(testId("confirm-end-overlap-dialog"));
            assertEquals("End the previous secret of \"fleet-rotation\" now?", modalTitle(end));
            checkDialog(end, shot + "end-overlap");
            click(testId("confirm-end-overlap"));
            waitForAlert("The previous secret of \"fleet-rotation\" no longer works.");
            assertEquals(401, Demo.clientCredentialsBasic(server, id, oldSecret).status(), "ended: the old secret is refused");
            assertEquals(200, Demo.clientCredentialsBasic(server, id, newSecret).status(), "the new one keeps working");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("confirm-end-overlap-dialog")));
            wait.until(d -> d.findElements(testId("credential-detail-previous-secret")).isEmpty());
            assertTrue(Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json().get("previousSecretExpiresAt").isNull());
        } catch (RuntimeException | AssertionError e) {
            saveFailureArtifacts(info);
            throw e;
        }
    }

    /**
     * Runs each snippet of the secret dialog with its tool, as a user would paste it: the shell line and the .env
     * file in bash, the curl command against the token endpoint, the kcadm.sh line with the distribution's kcadm.sh
     * (then reads the users with it), and the Terraform configuration through {@code terraform fmt} when Terraform
     * is installed (its provider cannot be downloaded here, so {@code terraform validate} cannot run).
     */
    private void checkSnippets(Demo.TestUser user, String id, String secret) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("it-snippets-");

            String shell = snippet("shell");
            assertEquals("export APP_CREDENTIAL_ID=" + id + " APP_CREDENTIAL_SECRET=" + secret, shell);
            assertEquals(id + " " + secret, run(dir, "bash", "-c",
                    shell + "\nprintf '%s %s' \"$APP_CREDENTIAL_ID\" \"$APP_CREDENTIAL_SECRET\"").assertOk());

            String env = snippet("env");
            for (String line : env.split("\n")) {
                assertTrue(line.matches("[A-Z_][A-Z0-9_]*=[^\\s'\"#]+"), ".env line: " + line);
            }
            Files.writeString(dir.resolve("app.env"), env + "\n");
            assertEquals(id + " " + secret + " " + server.tokenEndpoint(Demo.REALM), run(dir, "bash", "-c",
                    "set -a; . ./app.env; printf '%s %s %s' \"$APP_CREDENTIAL_ID\" \"$APP_CREDENTIAL_SECRET\" \"$APP_CREDENTIAL_TOKEN_ENDPOINT\"")
                    .assertOk());

            String curl = snippet("curl");
            assertTrue(curl.startsWith("curl "), curl);
            JsonNode token = Http.JSON.readTree(run(dir, "bash", "-c", curl + " --silent --show-error --fail").assertOk());
            assertTrue(token.path("access_token").asText().length() > 20, token.toString());

            String kcadm = snippet("kcadm");
            assertTrue(kcadm.startsWith("kcadm.sh config credentials "), kcadm);
            assertTrue(visible(testId("secret-snippet-kcadm-note")).getText().contains("every realm-management role"));
            String config = dir.resolve("kcadm.config").toString();
            String kcadmPath = server.home().resolve("bin/kcadm.sh").toString();
            run(dir, "bash", "-c", "'" + kcadmPath + "'" + kcadm.substring("kcadm.sh".length()) + " --config '" + config + "'").assertOk();
            String users = Kcadm.run(server, "get", "users", "-r", Demo.REALM, "-q", "username=" + user.username(),
                    "--fields", "username", "--config", config).assertOk();
            assertTrue(users.contains(user.username()), users);

            String terraform = snippet("terraform");
            assertTrue(terraform.contains("source  = \"keycloak/keycloak\""), terraform);
            assertTrue(terraform.contains("provider \"keycloak\" {\n"
                    + "  client_id     = \"" + id + "\"\n"
                    + "  client_secret = \"" + secret + "\"\n"
                    + "  url           = \"" + server.baseUrl() + "\"\n"
                    + "  realm         = \"" + Demo.REALM + "\"\n"
                    + "}"), terraform);
            assertTrue(visible(testId("secret-snippet-terraform-note")).getText().contains("every realm-management role"));
            screenshot("secret-dialog-terraform");
            Files.writeString(dir.resolve("main.tf"), terraform + "\n");
            Optional<Path> terraformBinary = onPath("terraform");
            if (terraformBinary.isPresent()) {
                // parses the configuration and fails when it is not laid out as terraform fmt would
                run(dir, terraformBinary.get().toString(), "fmt", "-check", "-diff", "-no-color", "main.tf").assertOk();
            }
            click(testId("secret-snippet-tab-shell"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    // --- the steps a person takes ---

    /** Signs in through Keycloak's login pages; {@code totpSecret} null for a user without a second factor. */
    private void signInToAccountConsole(String username, String password, String totpSecret) {
        driver.get(server.realmUrl(Demo.REALM) + "/account");
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.elementToBeClickable(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(By.id("kc-login"));

        if (totpSecret != null) {
            // the second factor: Keycloak's OTP page
            WebElement otp = wait.until(ExpectedConditions.elementToBeClickable(By.id("otp")));
            otp.sendKeys(Totp.now(totpSecret));
            click(By.id("kc-login"));
        }

        // back in the account console (keycloak-js finished its code exchange and rendered the page)
        slow.until(ExpectedConditions.urlContains("/realms/" + Demo.REALM + "/account"));
        slow.until(ExpectedConditions.visibilityOfElementLocated(testId("page-heading")));
    }

    /** The login page's username and password (Keycloak's form, after the account console sent the browser there). */
    private void enterUsernameAndPassword(String username, String password) {
        driver.get(server.realmUrl(Demo.REALM) + "/account");
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.elementToBeClickable(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        click(By.id("kc-login"));
    }

    /** Back in the account console, rendered. */
    private void waitForAccountConsole() {
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.urlContains("/realms/" + Demo.REALM + "/account"));
        slow.until(d -> !d.getCurrentUrl().contains("/protocol/openid-connect/") && !d.getCurrentUrl().contains("/login-actions/"));
        slow.until(ExpectedConditions.visibilityOfElementLocated(testId("page-heading")));
    }

    /** Signs out through Keycloak's logout page (its confirmation). */
    private void signOut() {
        driver.get(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/logout");
        click(By.id("kc-logout"));
        new WebDriverWait(driver, FIRST_LOAD).until(d -> d.findElements(By.id("kc-logout")).isEmpty());
    }

    /** The account console's Signing in page. */
    private void openSigningInPage() {
        driver.get(server.realmUrl(Demo.REALM) + "/account/account-security/signing-in");
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.textToBePresentInElementLocated(testId("page-heading"), "Signing in"));
        slow.until(ExpectedConditions.visibilityOfElementLocated(testId("otp/credential-list")));
    }

    /** Keycloak's login when the API asked for a fresher second factor: the password (and username if asked), then the OTP. */
    private void stepUpLogin(String username, String totpSecret) {
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.urlContains("/protocol/openid-connect/auth"));
        WebElement password = slow.until(ExpectedConditions.elementToBeClickable(By.id("password")));
        List<WebElement> usernameField = driver.findElements(By.id("username"));
        if (!usernameField.isEmpty() && usernameField.get(0).isDisplayed() && usernameField.get(0).isEnabled()
                && usernameField.get(0).getAttribute("value").isEmpty()) {
            usernameField.get(0).sendKeys(username);
        }
        password.sendKeys("password");
        click(By.id("kc-login"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("otp"))).sendKeys(Totp.now(totpSecret));
        click(By.id("kc-login"));
    }

    private String adminState(String credentialId) {
        return Http.get(Demo.adminCredentialsUrl(server) + "/" + credentialId, Demo.masterAdminToken(server)).json().path("state").asText();
    }

    /** Polls the admin API (bounded) until the credential is in {@code state}. */
    private void waitForAdminState(String credentialId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String current = adminState(credentialId);
        while (!state.equals(current) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            current = adminState(credentialId);
        }
        assertEquals(state, current, "credential " + credentialId);
    }

    private void openApplicationCredentialsPage() {
        browser.openApplicationCredentialsPage();
    }

    /** Reloads the page (keycloak-js signs in again from the session) and waits for the list. */
    private void reloadApplicationCredentialsPage() {
        driver.navigate().refresh();
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(ExpectedConditions.urlContains("/account/account-security/app-credentials"));
        slow.until(ExpectedConditions.textToBePresentInElementLocated(testId("page-heading"), "Application credentials"));
        slow.until(d -> !d.findElements(testId("app-credentials-table")).isEmpty()
                || !d.findElements(testId("app-credentials-empty")).isEmpty());
    }

    /** The addresses a row's details list under "Recent uses" (opening them), most recent first. */
    private List<String> recentUseAddresses(String credentialId) {
        WebElement details = expandDetails(credentialId);
        List<String> addresses = new ArrayList<>();
        details.findElements(testId("credential-recent-use-ip")).forEach(e -> addresses.add(e.getText().trim()));
        return addresses;
    }

    private String stateOf(By row) {
        return driver.findElement(row).findElement(testId("credential-state")).getText().trim();
    }

    private void rowAction(String credentialId, String action) {
        click(By.cssSelector("[data-testid='credential-row-" + credentialId + "'] [data-testid='credential-actions-toggle']"));
        click(testId("credential-action-" + action));
    }

    /** Opens a row's details and returns them. */
    private WebElement expandDetails(String credentialId) {
        return browser.expandDetails(credentialId);
    }

    private void waitForAlert(String text) {
        browser.waitForAlert(text);
    }

    /** The text of a snippet tab of the secret dialog, once the tab is chosen. */
    private String snippet(String key) {
        click(testId("secret-snippet-tab-" + key));
        visible(testId("secret-snippet-" + key));
        return visible(By.id("secret-snippet-" + key + "-code")).getText();
    }

    /** Polls the REST API (bounded) until the credential is as {@code condition} wants it. */
    private void waitForCredential(Demo.TestUser user, String credentialId, String what, Predicate<JsonNode> condition) {
        String token = user.token(server);
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            current = Http.get(Demo.credentialsUrl(server) + "/" + credentialId, token).json();
            if (condition.test(current)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("credential " + credentialId + " not " + what + ": " + current);
    }

    // --- dates as the browser sees them (its time zone and locale) ---

    /** yyyy-MM-dd, {@code days} from now in the browser's time zone. */
    private String browserDate(int days) {
        return (String) js("const d = new Date(Date.now() + arguments[0] * 864e5);"
                + "return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');",
                days);
    }

    /** The instant of a local date (yyyy-MM-dd) and time (HH:mm) in the browser's time zone. */
    private Instant browserInstant(String date, String time) {
        return Instant.parse((String) js("const [y, m, d] = arguments[0].split('-').map(Number);"
                + "const [h, min] = arguments[1].split(':').map(Number);"
                + "return new Date(y, m - 1, d, h, min).toISOString();", date, time));
    }

    /** An instant as the page shows it (the console's locale, medium date and short time). */
    private String browserFormat(String iso) {
        return (String) js("const locale = JSON.parse(document.getElementById('environment').textContent).locale;"
                + "return new Intl.DateTimeFormat(locale, {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(arguments[0]));",
                iso);
    }

    /**
     * Sets the value of a date or time input as its native picker does (the keys to type into one depend on the
     * browser's locale), with the input event React listens to.
     */
    private void setInputValue(By by, String value) {
        js("const [input, value] = arguments;"
                + "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);"
                + "input.dispatchEvent(new Event('input', {bubbles: true}));", visible(by), value);
        wait.until(d -> value.equals(d.findElement(by).getAttribute("value")));
    }

    // --- layout checks ---

    private Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    private long countVisibleText(WebElement scope, String text) {
        return scope.findElements(By.xpath(".//*[normalize-space(text())=" + xpathLiteral(text) + "]")).stream()
                .filter(WebElement::isDisplayed).count();
    }

    private static String xpathLiteral(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }

    /** The page as it is now: a screenshot, nothing wider than its main section or the window, no serious axe violation. */
    private void checkPage(String state) {
        screenshot(state);
        Layout.assertFitsWidth(driver, driver.findElement(By.cssSelector(".pf-v5-c-page__main")), state);
        assertNoHorizontalOverflow();
        Accessibility.assertNoSeriousViolations(driver, state);
    }

    /** An open dialog as it is now: a screenshot, nothing wider than the dialog or the window, no serious axe violation. */
    private void checkDialog(WebElement modalBox, String state) {
        screenshot(state);
        assertDialogFits(modalBox);
        Layout.assertFitsWidth(driver, modalBox, state);
        Accessibility.assertNoSeriousViolations(driver, state);
    }

    /** {@code element} lies within {@code container}'s left and right edges. */
    private void assertInside(WebElement element, WebElement container, String what) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js("const a = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
                + "return [a.left, a.right, b.left, b.right];", element, container);
        assertTrue(box.get(0).doubleValue() >= box.get(2).doubleValue() - 0.5 && box.get(1).doubleValue() <= box.get(3).doubleValue() + 0.5,
                what + " spans " + box.get(0) + ".." + box.get(1) + ", outside its dialog's " + box.get(2) + ".." + box.get(3));
    }

    /** A select's menu opens below its toggle (not upwards over the fields above it). */
    private void assertOpensBelow(By toggle, WebElement option) {
        WebElement menu = option.findElement(By.xpath("ancestor::*[contains(@class, 'pf-v5-c-menu')][1]"));
        double toggleBottom = ((Number) js("return arguments[0].getBoundingClientRect().bottom", driver.findElement(toggle))).doubleValue();
        double menuTop = ((Number) js("return arguments[0].getBoundingClientRect().top", menu)).doubleValue();
        assertTrue(menuTop >= toggleBottom - 1, "the menu opens at " + menuTop + ", above its toggle's foot at " + toggleBottom);
    }

    /** Waits (polling, bounded) until the clock is in a second later than the one it is in now. */
    private static void nextSecond() throws InterruptedException {
        long second = Instant.now().getEpochSecond();
        while (Instant.now().getEpochSecond() == second) {
            Thread.sleep(50);
        }
    }

    /** Presses the tabs' "Scroll forward" arrow, as a person would, until the tab is wholly in sight (polled, bounded). */
    private void showTab(By tab) {
        WebElement tabs = driver.findElement(tab).findElement(By.xpath("ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' pf-v5-c-tabs ')][1]"));
        js("arguments[0].scrollIntoView({block: 'center'})", tabs);
        WebElement list = tabs.findElement(By.cssSelector(".pf-v5-c-tabs__list"));
        wait.until(d -> {
            boolean inSight = (Boolean) js("const t = arguments[0].getBoundingClientRect(), l = arguments[1].getBoundingClientRect();"
                    + "return t.left >= l.left - 0.5 && t.right <= l.right + 0.5;", d.findElement(tab), list);
            if (!inSight) {
                WebElement forward = tabs.findElement(By.cssSelector("button[aria-label='Scroll forward']"));
                if (forward.isEnabled()) {
                    forward.click();
                }
            }
            return inSight;
        });
    }

    /** The IDs of the list's rows, top to bottom. */
    private List<String> rowIds() {
        List<String> ids = new ArrayList<>();
        for (WebElement body : driver.findElements(By.cssSelector("[data-testid='app-credentials-table'] tbody"))) {
            ids.add(body.getAttribute("data-testid").substring("credential-row-".length()));
        }
        return ids;
    }

    private static boolean isLive(JsonNode credential) {
        String state = credential.get("state").asText();
        return !state.equals("revoked") && !state.equals("expired");
    }

    private static String names(List<String> ids, Map<String, JsonNode> byId) {
        return ids.stream().map(id -> byId.get(id).get("name").asText()).toList().toString();
    }

    /** The test ids of an open multiple-choice menu's options, without the menu's prefix, top to bottom. */
    private List<String> menuOptions(String testId) {
        List<String> options = new ArrayList<>();
        for (WebElement option : driver.findElements(By.cssSelector("[data-testid^='" + testId + "-']"))) {
            String id = option.getAttribute("data-testid").substring(testId.length() + 1);
            if (!id.equals("error")) {
                options.add(id);
            }
        }
        return options;
    }

    /**
     * The list's layout at a width. From PatternFly's md breakpoint on, a row's expiry and last use are on one line
     * each (they wrapped onto three while the name had room); below it, in stacked rows, the state label is as wide as
     * its text (it stretched to the column's width) and the details toggle is on the name's line, beside it.
     */
    private void assertRowLayout(int width, String credentialId) {
        String row = "[data-testid='credential-row-" + credentialId + "'] ";
        WebElement expires = driver.findElement(By.cssSelector(row + "[data-testid='credential-expires']"));
        WebElement lastUsed = driver.findElement(By.cssSelector(row + "[data-testid='credential-last-used']"));
        if (width > 768) {
            for (WebElement cell : List.of(expires, lastUsed)) {
                double lines = ((Number) js("const e = arguments[0], s = getComputedStyle(e);"
                        + "const range = document.createRange(); range.selectNodeContents(e);"
                        + "return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;", cell)).doubleValue();
                assertEquals(1.0, lines, "on one line: " + cell.getText());
            }
            return;
        }
        WebElement state = driver.findElement(By.cssSelector(row + "[data-testid='credential-state']"));
        double labelWidth = width(state);
        double textWidth = ((Number) js("const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                + "return r.getBoundingClientRect().width;", state)).doubleValue();
        assertTrue(labelWidth < textWidth + 40, "the state label is " + labelWidth + " px wide for " + textWidth + " px of text");
        WebElement toggle = driver.findElement(By.cssSelector(row + "[data-testid='credential-details-toggle'] button"));
        WebElement name = driver.findElement(By.cssSelector(row + "[data-testid='credential-name']"));
        @SuppressWarnings("unchecked")
        List<Number> boxes = (List<Number>) js("const t = arguments[0].getBoundingClientRect(), n = arguments[1].getBoundingClientRect();"
                + "return [t.top, t.bottom, t.right, n.top, n.bottom, n.left];", toggle, name);
        double toggleTop = boxes.get(0).doubleValue(), toggleBottom = boxes.get(1).doubleValue(), toggleRight = boxes.get(2).doubleValue();
        double nameTop = boxes.get(3).doubleValue(), nameLeft = boxes.get(5).doubleValue();
        assertTrue(toggleTop <= nameTop + 16 && toggleBottom >= nameTop, "the details toggle (" + toggleTop + ".." + toggleBottom
                + ") is not on the name's line (" + nameTop + ")");
        assertTrue(toggleRight < nameLeft, "the details toggle is before the name");
    }

    /** Whether an option of a multiple-choice menu is chosen. */
    private boolean isChosen(By option) {
        return "true".equals(driver.findElement(option).findElement(By.cssSelector("[aria-selected]")).getAttribute("aria-selected"));
    }

    /** The data-testid of the list's first row. */
    private String firstRowTestId() {
        return driver.findElement(By.cssSelector("[data-testid='app-credentials-table'] tbody")).getAttribute("data-testid");
    }

    /** Nothing on the page is wider than the window (no sideways scrolling). */
    private void assertNoHorizontalOverflow() {
        assertEquals(Boolean.TRUE, js("const main = document.querySelector('.pf-v5-c-page__main');"
                + "return document.documentElement.scrollWidth <= window.innerWidth"
                + " && (!main || main.scrollWidth <= main.clientWidth);"),
                "the page scrolls sideways: " + js("return [document.documentElement.scrollWidth, window.innerWidth,"
                        + " document.querySelector('.pf-v5-c-page__main')?.scrollWidth]")); 
    }

    private double width(WebElement element) {
        return ((Number) js("return arguments[0].getBoundingClientRect().width", element)).doubleValue();
    }

    private void assertWithinViewport(WebElement element, String what) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js("const r = arguments[0].getBoundingClientRect();"
                + "return [r.left, r.right, r.width, window.innerWidth];", element);
        double left = box.get(0).doubleValue(), right = box.get(1).doubleValue(), width = box.get(2).doubleValue();
        double viewport = box.get(3).doubleValue();
        assertTrue(width > 0 && left >= -0.5 && right <= viewport + 0.5,
                what + " lies outside the " + viewport + " px window: " + left + ".." + right);
    }

    /** A dialog lies within the window and nothing in it needs sideways scrolling. */
    private void assertDialogFits(WebElement modalBox) {
        assertWithinViewport(modalBox, "the dialog");
        assertEquals(Boolean.TRUE, js("const box = arguments[0];"
                + "return [box, ...box.querySelectorAll('.pf-v5-c-modal-box__body, .pf-v5-c-modal-box__footer, .pf-v5-c-modal-box__header')]"
                + ".every(e => e.scrollWidth <= e.clientWidth);", modalBox), "the dialog's content is wider than the dialog");
        WebElement title = modalBox.findElement(By.cssSelector(".pf-v5-c-modal-box__title"));
        assertEquals(Boolean.TRUE, js("const t = arguments[0]; return t.scrollWidth <= t.clientWidth;", title),
                "the dialog's title is cut off: " + title.getText());
    }

    // --- processes ---

    private record Run(int exit, String output) {
        String assertOk() {
            assertEquals(0, exit, output);
            return output;
        }
    }

    /** Runs a command in {@code dir} (bounded: two minutes), stdout and stderr together. */
    private static Run run(Path dir, String... command) {
        try {
            Path out = Files.createTempFile(dir, "out-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("CHECKPOINT_DISABLE", "1"); // Terraform: no version check over the network
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish in 2 minutes: " + String.join(" ", command));
            }
            return new Run(process.exitValue(), Files.readString(out).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    // --- Selenium helpers (ConsoleBrowser's) ---

    private static By testId(String id) {
        return ConsoleBrowser.testId(id);
    }

    private WebElement visible(By by) {
        return browser.visible(by);
    }

    private WebElement clickable(By by) {
        return browser.clickable(by);
    }

    private WebElement modal(By body) {
        return browser.modal(body);
    }

    private static String modalTitle(WebElement modal) {
        return ConsoleBrowser.modalTitle(modal);
    }

    private void click(By by) {
        browser.click(by);
    }

    private String clipboardText(By by) {
        return browser.clipboardText(by);
    }

    private static String clipboardText(WebElement clipboardCopy) {
        return ConsoleBrowser.clipboardText(clipboardCopy);
    }

    private void screenshot(String name) {
        browser.screenshot(name);
    }

    private void saveFailureArtifacts(TestInfo info) {
        if (browser == null) {
            return;
        }
        String method = info.getTestMethod().map(m -> m.getName()).orElse("failure");
        // a parameterized run ("360 px") gets its own files
        browser.saveFailureArtifacts(info.getDisplayName().endsWith(" px") ? method + "-" + info.getDisplayName().replace(" ", "") : method);
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
