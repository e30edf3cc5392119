package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.BrokeredRealms;
import io.appcredentials.it.support.ConsoleBrowser;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/**
 * The account console of a realm whose users sign in through an identity provider, in a real headless Chromium
 * (issue 19, the console's part). The realms are {@link BrokeredRealms}: "down" brokers "up" and trusts the one-time
 * code its users enter there. A user of up signs in to down's account console through up's login pages and creates
 * an application credential on the strength of the code entered at up; with a stale sign-in the console sends them
 * back through up (not down's own login) and completes the creation when they come back; and a user whose upstream
 * sign-in has no second factor is sent through up once, then told why it did not work, with no second trip.
 */
@ExtendWith(TestServer.class)
@Tag("browser")
class UpstreamConsoleBrowserIT {

    private static final Duration FIRST_LOAD = ConsoleBrowser.FIRST_LOAD;
    /** The policy's mfaMaxAgeSeconds for the stale sign-in: the test moves the server's clock past it, {@link TestClock}. */
    private static final int SHORT_MAX_AGE = 60;

    private static KeycloakServer server;
    private static BrokeredRealms realms;

    private ConsoleBrowser browser;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void twoRealms() {
        server = TestServer.server();
        realms = BrokeredRealms.create(server);
    }

    @AfterAll
    static void removeRealms() {
        if (realms != null) {
            realms.remove();
        }
    }

    @BeforeEach
    void startBrowser() {
        browser = ConsoleBrowser.start(null);
        driver = browser.driver();
        wait = browser.waits();
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /**
     * Signed in through up with password and code: the page says where the second factor comes from, and a
     * credential is created at once (no second login), recording the factor done at up.
     */
    @Test
    void aBrokeredUserCreatesACredentialWithTheSecondFactorDoneUpstream(TestInfo info) {
        String username = realms.upstreamUser(true);
        String name = "via-up-" + UUID.randomUUID().toString().substring(0, 6);
        try {
            signInThroughUp(username, Demo.TEST_TOTP, "upstream-");
            browser.openApplicationCredentialsPage();

            // where the second factor comes from, and nothing asking to set one up here
            String upstream = visible(testId("second-factor-upstream")).getText();
            assertTrue(upstream.contains("sign in through " + BrokeredRealms.PROVIDER + "."), upstream);
            assertTrue(driver.findElements(testId("mfa-not-configured")).isEmpty(), "no local second factor is asked for");
            assertTrue(driver.findElements(testId("create-blocked-reason")).isEmpty(), "creating is allowed");
            visible(testId("app-credentials-empty"));
            browser.screenshot("upstream-page");

            click(testId("create-app-credential"));
            browser.modal(testId("create-app-credential-dialog"));
            browser.clickable(testId("app-credential-name")).sendKeys(name);
            click(testId("app-credential-submit"));

            // the sign-in is fresh: the secret at once, without leaving the page
            WebElement dialog = browser.modal(testId("secret-dialog"));
            assertEquals("Application credential \"" + name + "\" created", ConsoleBrowser.modalTitle(dialog));
            assertTrue(driver.getCurrentUrl().startsWith(server.realmUrl(realms.down()) + "/account/"), driver.getCurrentUrl());
            String id = browser.clipboardText(testId("secret-dialog-id"));
            String secret = browser.clipboardText(testId("secret-dialog-secret"));
            browser.screenshot("upstream-secret-dialog");
            assertEquals("idp:" + BrokeredRealms.PROVIDER + ":otp", stored(id).get("mfa").asText());
            Http.Resp issued = Http.postForm(server.tokenEndpoint(realms.down()), Http.form("grant_type", "client_credentials"), id, secret);
            assertEquals(200, issued.status(), issued.toString());

            // the list, and the details say where the second factor was done
            closeSecretDialog();
            visible(testId("credential-row-" + id));
            WebElement details = browser.expandDetails(id);
            assertEquals("otp at " + BrokeredRealms.PROVIDER, details.findElement(testId("credential-detail-mfa")).getText().trim());
            browser.screenshot("upstream-credential-details");
        } catch (RuntimeException | AssertionError e) {
            browser.saveFailureArtifacts(info.getTestMethod().get().getName());
            throw e;
        }
    }

    /**
     * The upstream code is older than the policy allows: Create sends the browser to up's login page (prompt=login,
     * down's own login never shows), and back on the page the form returns filled in as it was, and one click
     * creates the credential.
     */
    @Test
    void aStaleSignInGoesBackThroughTheProviderAndTheCreationResumes(TestInfo info) throws InterruptedException {
        String username = realms.upstreamUser(true);
        String name = "stale-up-" + UUID.randomUUID().toString().substring(0, 6);
        String description = "created after signing in again at up";
        ObjectNode policy = realms.policy();
        ObjectNode shortAge = policy.deepCopy();
        shortAge.put("mfaMaxAgeSeconds", SHORT_MAX_AGE);
        realms.setPolicy(shortAge);
        TestClock clock = new TestClock(server);
        try {
            signInThroughUp(username, Demo.TEST_TOTP, null);
            browser.openApplicationCredentialsPage();
            visible(testId("second-factor-upstream"));
            click(testId("create-app-credential"));
            browser.modal(testId("create-app-credential-dialog"));
            browser.clickable(testId("app-credential-name")).sendKeys(name);
            browser.clickable(testId("app-credential-description")).sendKeys(description);
            // the code entered at up must be older than the policy allows: both realms are on this server's clock, moved
            // after that sign-in (a sign-in at up after the move is fresh again)
            clock.advance(Duration.ofSeconds(SHORT_MAX_AGE + 1));
            click(testId("app-credential-submit"));

            // up's login page, asked to sign in again (prompt=login), straight from the console
            upstreamLogin(username, Demo.TEST_TOTP, true, "upstream-step-up-login");

            // back in down's console: the form as it was, saying why it is back
            new WebDriverWait(driver, FIRST_LOAD).until(ExpectedConditions.urlContains("/realms/" + realms.down() + "/account/account-security/app-credentials"));
            WebElement form = browser.modal(testId("create-app-credential-dialog"));
            assertTrue(form.getText().contains("You signed in again."), form.getText());
            assertEquals(name, visible(testId("app-credential-name")).getAttribute("value"));
            assertEquals(description, visible(testId("app-credential-description")).getAttribute("value"));
            wait.until(d -> !d.getCurrentUrl().contains("resume="));
            browser.screenshot("upstream-step-up-resumed");
            click(testId("app-credential-submit"));

            WebElement dialog = browser.modal(testId("secret-dialog"));
            assertEquals("Application credential \"" + name + "\" created", ConsoleBrowser.modalTitle(dialog));
            String id = browser.clipboardText(testId("secret-dialog-id"));
            JsonNode created = stored(id);
            assertEquals(description, created.get("description").asText(), created.toString());
            assertEquals("idp:" + BrokeredRealms.PROVIDER + ":otp", created.get("mfa").asText(), created.toString());
            browser.screenshot("upstream-step-up-secret");
            closeSecretDialog();
            WebElement row = visible(testId("credential-row-" + id));
            assertEquals(name, row.findElement(testId("credential-name")).getText().trim());
            assertEquals("otp at " + BrokeredRealms.PROVIDER,
                    browser.expandDetails(id).findElement(testId("credential-detail-mfa")).getText().trim());
            browser.screenshot("upstream-step-up-list");
        } catch (RuntimeException | AssertionError e) {
            browser.saveFailureArtifacts(info.getTestMethod().get().getName());
            throw e;
        } finally {
            realms.setPolicy(policy);
            clock.reset();
        }
    }

    /**
     * A user whose upstream sign-in had no second factor (up asks none of a user without one): Create sends them
     * to up's login page once; back with again only a password, the console says what is missing instead of sending
     * them round again. Pressing Create once more is then the user's choice, and goes through up again.
     */
    @Test
    void aPasswordOnlyUpstreamSignInGoesThroughTheProviderOnceAndIsToldWhy(TestInfo info) throws InterruptedException {
        String username = realms.upstreamUser(false);
        String name = "pwd-only-" + UUID.randomUUID().toString().substring(0, 6);
        try {
            signInThroughUp(username, null, null);
            browser.openApplicationCredentialsPage();
            visible(testId("second-factor-upstream"));
            click(testId("create-app-credential"));
            browser.modal(testId("create-app-credential-dialog"));
            browser.clickable(testId("app-credential-name")).sendKeys(name);
            click(testId("app-credential-submit"));

            // up's login again, and again only the password
            upstreamLogin(username, null, true, "upstream-password-only-login");
            new WebDriverWait(driver, FIRST_LOAD).until(ExpectedConditions.urlContains("/realms/" + realms.down() + "/account/account-security/app-credentials"));
            browser.modal(testId("create-app-credential-dialog"));
            assertEquals(name, visible(testId("app-credential-name")).getAttribute("value"));
            wait.until(d -> !d.getCurrentUrl().contains("resume="));
            // marks this page: another trip to a login page would replace it
            browser.js("window.__backFromUp = true;");
            String consoleUrl = driver.getCurrentUrl();
            click(testId("app-credential-submit"));

            // what is missing, in the form, and no second trip
            WebElement problem = visible(testId("step-up-failed"));
            String text = problem.getText();
            assertTrue(text.contains("Signing in again through " + BrokeredRealms.PROVIDER + " did not prove a second factor"), text);
            assertTrue(text.contains("set one up there"), text);
            browser.screenshot("upstream-password-only-error");
            try {
                new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> !consoleUrl.equals(d.getCurrentUrl()));
                throw new AssertionError("the console left the page again: " + driver.getCurrentUrl());
            } catch (org.openqa.selenium.TimeoutException expected) {
                // stayed
            }
            assertEquals(Boolean.TRUE, browser.js("return window.__backFromUp === true;"), "the same page, not reloaded");
            assertEquals(name, visible(testId("app-credential-name")).getAttribute("value"), "the form is still there, filled in");
            assertTrue(driver.findElements(testId("secret-dialog")).isEmpty(), "nothing was created");
            JsonNode listed = Http.get(realms.adminUrl(realms.down(), "/app-credentials?user=" + realms.downUserId(username)), realms.admin()).json();
            assertEquals(0, listed.size(), listed.toString());

            // trying again is the user's own choice (say, after setting up a second factor at up): through up again
            click(testId("app-credential-submit"));
            upstreamLoginPage(true);
        } catch (RuntimeException | AssertionError e) {
            browser.saveFailureArtifacts(info.getTestMethod().get().getName());
            throw e;
        }
    }

    // --- the steps a person takes ---

    /**
     * Opens down's account console and signs in with the provider's button on down's login page, then at up (password,
     * and the code when {@code totpSecret} is given). Returns when the code (or the password) was sent, System.nanoTime().
     */
    private long signInThroughUp(String username, String totpSecret, String shotPrefix) {
        driver.get(server.realmUrl(realms.down()) + "/account");
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        // down's login page: its users have no password there, they take the provider's button
        WebElement provider = slow.until(ExpectedConditions.elementToBeClickable(By.id("social-" + BrokeredRealms.PROVIDER)));
        assertTrue(driver.getCurrentUrl().startsWith(server.realmUrl(realms.down()) + "/"), driver.getCurrentUrl());
        if (shotPrefix != null) {
            browser.screenshot(shotPrefix + "down-login");
        }
        provider.click();
        long sent = upstreamLogin(username, totpSecret, false, shotPrefix == null ? null : shotPrefix + "up-login");
        // back in down's account console (keycloak-js finished its code exchange and rendered the page)
        slow.until(ExpectedConditions.urlContains("/realms/" + realms.down() + "/account"));
        slow.until(ExpectedConditions.visibilityOfElementLocated(testId("page-heading")));
        return sent;
    }

    /**
     * Up's login page (the browser must be there, not on down's), with {@code prompt=login} when {@code again}: the
     * password, then the code if {@code totpSecret} is given. Returns when the last form was sent, System.nanoTime().
     */
    private long upstreamLogin(String username, String totpSecret, boolean again, String shot) {
        String upBase = server.realmUrl(realms.up()) + "/";
        WebElement password = upstreamLoginPage(again);
        java.util.List<WebElement> user = driver.findElements(By.id("username"));
        if (!user.isEmpty() && user.get(0).isDisplayed() && user.get(0).isEnabled() && user.get(0).getAttribute("value").isEmpty()) {
            user.get(0).sendKeys(username);
        }
        if (shot != null) {
            browser.screenshot(shot);
        }
        password.sendKeys(BrokeredRealms.PASSWORD);
        click(By.id("kc-login"));
        if (totpSecret != null) {
            wait.until(d -> d.getCurrentUrl().startsWith(upBase));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("otp"))).sendKeys(Totp.now(totpSecret));
            click(By.id("kc-login"));
        }
        return System.nanoTime();
    }

    /** Waits for up's login page (not down's), asked by down's broker, with prompt=login when {@code again}; returns its password field. */
    private WebElement upstreamLoginPage(boolean again) {
        String upBase = server.realmUrl(realms.up()) + "/";
        WebDriverWait slow = new WebDriverWait(driver, FIRST_LOAD);
        slow.until(d -> d.getCurrentUrl().startsWith(upBase) && !d.findElements(By.id("password")).isEmpty()
                && d.findElements(By.id("social-" + BrokeredRealms.PROVIDER)).isEmpty());
        String url = driver.getCurrentUrl();
        assertTrue(url.startsWith(upBase + "protocol/openid-connect/auth?") && url.contains("client_id=downstream"),
                "up's login page, asked by down's broker: " + url);
        if (again) {
            assertTrue(url.contains("prompt=login"), "up is asked to sign the user in again: " + url);
        }
        return slow.until(ExpectedConditions.elementToBeClickable(By.id("password")));
    }

    private void closeSecretDialog() {
        click(testId("secret-dialog-close"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("secret-dialog")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-backdrop")));
    }

    /** The credential as the admin API has it. */
    private JsonNode stored(String id) {
        Http.Resp r = Http.get(realms.adminUrl(realms.down(), "/app-credentials/" + id), realms.admin());
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static By testId(String id) {
        return ConsoleBrowser.testId(id);
    }

    private WebElement visible(By by) {
        return browser.visible(by);
    }

    private void click(By by) {
        browser.click(by);
    }
}
