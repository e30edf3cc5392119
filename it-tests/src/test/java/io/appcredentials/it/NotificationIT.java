package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;

/**
 * Issue 16, mail: expiry reminders and "new credential" notices through Keycloak's mail machinery to a real SMTP
 * server (GreenMail on loopback), exactly once across job runs and a server restart. The mail job runs every 3 s in
 * the tests; the realm policy's default reminder threshold is 7 days.
 */
@ExtendWith(TestServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("mariadb")
class NotificationIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(90);

    private static KeycloakServer server;
    private static MailServer smtp;

    @BeforeAll
    static void startSmtp() {
        server = TestServer.server();
        smtp = MailServer.start();
        smtp.useFor(server);
    }

    @AfterAll
    static void stopSmtp() {
        try {
            MailServer.noSmtp(server);
        } finally {
            smtp.close();
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Predicate<Mail> about(JsonNode credential) {
        return m -> m.all().contains(credential.get("id").asText());
    }

    private static Predicate<Mail> reminder(JsonNode credential) {
        return about(credential).and(m -> m.subject().contains("expires on"));
    }

    private static Predicate<Mail> expired(JsonNode credential) {
        return about(credential).and(m -> m.subject().contains("has expired"));
    }

    private static String email(Demo.TestUser user) {
        return user.username() + "@example.com";
    }

    /** Nothing in a mail may be a secret: not this one, and nothing that looks like one. */
    private static void assertNoSecret(Mail mail, String secret) {
        assertFalse(mail.all().contains("acs_"), "no acs_ string: " + mail.all());
        assertFalse(mail.all().contains(secret), "not the secret");
    }

    /** Waits (bounded) until the mail job has run {@code more} more times on the server. */
    private static void awaitJobRuns(KeycloakServer node, int more) {
        long target = Demo.reminderRuns(node) + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Demo.reminderRuns(node) < target) {
            assertTrue(System.nanoTime() < deadline, "the mail job did not run " + more + " more times within 60 s");
            sleep(500);
        }
    }

    @Test
    @Order(1)
    void aCredentialCreatedAndRegeneratedByItsOwnerIsMailedOnceEachWithoutTheSecret() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode c = Demo.create(server, token, Map.of("name", name("notice-self")));
        String id = c.get("id").asText();
        String name = c.get("name").asText();

        Mail created = smtp.await(about(c).and(m -> m.subject().startsWith("New application credential")), 1, MAIL_WAIT).get(0);
        assertEquals(List.of(email(user)), created.to());
        assertEquals("New application credential \"" + name + "\"", created.subject());
        assertTrue(created.text().contains("You (" + user.username() + ") created the application credential \"" + name + "\""), created.text());
        assertTrue(created.text().contains("from the address " + server.clientAddress()), created.text());
        assertTrue(created.text().contains("Credential ID: " + id), created.text());
        assertTrue(created.text().contains("If this was not you, revoke the credential"), created.text());
        // the test server has no configured hostname: no link (never one from a request), but where to go in words
        assertTrue(created.text().contains("in the account console of Application credentials demo, under Account security, Application credentials"),
                created.text());
        assertFalse(created.text().contains(server.baseUrl()), created.text());
        assertNoSecret(created, c.get("secret").asText());

        Http.Resp regenerated = Http.postJson(Demo.credentialsUrl(server) + "/" + id + "/regenerate", token, Map.of());
        assertEquals(200, regenerated.status(), regenerated.toString());
        Mail newSecret = smtp.await(about(c).and(m -> m.subject().startsWith("New secret")), 1, MAIL_WAIT).get(0);
        assertEquals("New secret for application credential \"" + name + "\"", newSecret.subject());
        assertTrue(newSecret.text().contains("You (" + user.username() + ") generated a new secret"), newSecret.text());
        assertNoSecret(newSecret, regenerated.json().get("secret").asText());
        assertNoSecret(created, regenerated.json().get("secret").asText());

        // the job of the next runs finds nothing left to send
        awaitJobRuns(server, 2);
        assertEquals(2, smtp.mails(about(c)).size(), smtp.mails(about(c)).toString());
    }

    @Test
    @Order(2)
    void aCredentialAnAdministratorCreatedForAUserNamesTheAdministrator() {
        Demo.TestUser user = Demo.aliceLike(server);
        String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        Http.Resp r = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), admin, Map.of("name", name("on-behalf")));
        assertEquals(201, r.status(), r.toString());
        JsonNode c = r.json();

        Mail notice = smtp.await(about(c), 1, MAIL_WAIT).get(0);
        assertEquals(List.of(email(user)), notice.to());
        assertTrue(notice.text().contains("The administrator " + Demo.DEMO_ADMIN + " created the application credential \""
                + c.get("name").asText() + "\""), notice.text());
        assertTrue(notice.text().contains("on your behalf"), notice.text());
        assertTrue(notice.text().contains("If you did not ask for this, revoke the credential"), notice.text());
        assertTrue(notice.html().contains("The administrator " + Demo.DEMO_ADMIN), notice.html());
        assertNoSecret(notice, c.get("secret").asText());
    }

    /** The test: one reminder after two more job runs and a server restart, naming the credential, no secret. */
    @Test
    @Order(3)
    void aCredentialExpiringWithinTheThresholdGetsExactlyOneReminderAcrossJobRunsAndARestart() {
        Demo.TestUser user = Demo.aliceLike(server);
        String expiresAt = inDays(3);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", name("reminded"), "expiresAt", expiresAt));
        String name = c.get("name").asText();

        Mail reminder = smtp.await(reminder(c), 1, MAIL_WAIT).get(0);
        assertEquals(List.of(email(user)), reminder.to());
        assertEquals("Application credential \"" + name + "\" expires on " + expiresAt.substring(0, 10), reminder.subject());
        assertTrue(reminder.text().contains("Your application credential \"" + name + "\" for Application credentials expires on "
                + expiresAt.substring(0, 10) + " " + expiresAt.substring(11, 16) + " UTC, within 3 days"), reminder.text());
        assertTrue(reminder.text().contains("Credential ID: " + c.get("id").asText()), reminder.text());
        assertTrue(reminder.text().contains("renew it in the account console of Application credentials demo, under Account security"), reminder.text());
        assertFalse(reminder.text().contains(server.baseUrl()), "no link without a configured hostname: " + reminder.text());
        assertTrue(reminder.html().contains(name), reminder.html());
        assertNoSecret(reminder, c.get("secret").asText());

        awaitJobRuns(server, 2);
        assertEquals(1, smtp.mails(reminder(c)).size(), "two more runs: still one reminder");

        // the suite's one restart also checks what a restart must keep (credentials, hashes, hash key, policy, changelog)
        RestartPersistence.across(server, server::restart);
        awaitJobRuns(server, 2);
        assertEquals(1, smtp.mails(reminder(c)).size(), "after a restart and two more runs: still one reminder");
        assertEquals(0, smtp.mails(expired(c)).size());
    }

    /** The credential expires on the server's clock, which the test moves past the expiry ({@link TestClock}). */
    @Test
    @Order(4)
    void anExpiredCredentialGetsOneMailWhenItHasExpired() {
        TestClock clock = new TestClock(server);
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        Instant expiresAt = clock.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        JsonNode c = Demo.create(server, token, Map.of("name", name("expiring"), "expiresAt", expiresAt.toString()));
        try {
            clock.advance(Duration.between(clock.now(), expiresAt).plusSeconds(1));
            Mail expiredMail = smtp.await(expired(c), 1, MAIL_WAIT).get(0);
            assertEquals("Application credential \"" + c.get("name").asText() + "\" has expired", expiredMail.subject());
            assertTrue(expiredMail.text().contains("expired on"), expiredMail.text());
            assertTrue(expiredMail.text().contains("create a new one in the account console"), expiredMail.text());
            assertNoSecret(expiredMail, c.get("secret").asText());

            awaitJobRuns(server, 2);
            assertEquals(1, smtp.mails(expired(c)).size());
            // inside the 7-day threshold from the start: one reminder too, unless the job first ran after the expiry
            assertTrue(smtp.mails(reminder(c)).size() <= 1, smtp.mails(about(c)).toString());
        } finally {
            clock.reset();
        }
    }

    /**
     * Users without an email address cannot sign in to the demo realm (its user profile asks for one), nor can users
     * with an unverified one be mailed: their credentials are made by an administrator on their behalf.
     */
    @Test
    @Order(5)
    void aUserWithoutAVerifiedEmailGetsNoMail() {
        Demo.TestUser withoutEmail = Demo.aliceLike(server, false);
        Demo.TestUser unverified = Demo.aliceLike(server);
        Demo.updateUser(server, unverified.id(), u -> u.put("emailVerified", false));
        Demo.TestUser control = Demo.aliceLike(server);
        String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        JsonNode silent = createFor(admin, withoutEmail, "no-email");
        JsonNode unverifiedOnes = createFor(admin, unverified, "unverified");
        JsonNode mailed = createFor(admin, control, "control");

        smtp.await(reminder(mailed), 1, MAIL_WAIT);
        smtp.await(about(mailed).and(m -> m.subject().startsWith("New application credential")), 1, MAIL_WAIT);
        awaitJobRuns(server, 2);
        assertEquals(List.of(), smtp.mails(about(silent)));
        assertEquals(List.of(), smtp.mails(m -> m.all().contains(silent.get("name").asText())));
        assertEquals(List.of(), smtp.mails(about(unverifiedOnes)));
        assertEquals(List.of(), smtp.mails(m -> m.to().contains(email(unverified))));
    }

    /** A credential expiring in two days, made by an administrator for the user. */
    private static JsonNode createFor(String adminToken, Demo.TestUser owner, String prefix) {
        Http.Resp r = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + owner.id(), adminToken,
                Map.of("name", name(prefix), "expiresAt", inDays(2)));
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    @Test
    @Order(6)
    void withoutAnSmtpServerNothingIsSentAndAFailedSendIsRetriedOnTheNextRun() {
        Demo.TestUser user = Demo.aliceLike(server);
        // no SMTP server: no mail, and nothing is recorded as sent
        MailServer.noSmtp(server);
        JsonNode unmailed = Demo.create(server, user.token(server), Map.of("name", name("no-smtp"), "expiresAt", inDays(2)));
        awaitJobRuns(server, 2);

        // an SMTP server that is down: the sends fail, are logged and counted, and stay owed
        int closedPort = KeycloakServer.freePort();
        Demo.updateRealm(server, realm -> {
            ObjectNode s = realm.putObject("smtpServer");
            s.put("host", "127.0.0.1");
            s.put("port", Integer.toString(closedPort));
            s.put("from", "keycloak@example.com");
        });
        JsonNode failing = Demo.create(server, user.token(server), Map.of("name", name("smtp-down"), "expiresAt", inDays(2)));
        awaitLog("Could not send the reminder mail about application credential " + failing.get("id").asText());
        awaitLog("Could not send the created mail about application credential " + failing.get("id").asText());
        awaitJobRuns(server, 1);
        assertEquals(List.of(), smtp.mails(about(failing)));
        assertEquals(List.of(), smtp.mails(about(unmailed)));

        // the server is back: the next run sends what is owed, once
        smtp.useFor(server);
        smtp.await(reminder(failing), 1, MAIL_WAIT);
        smtp.await(about(failing).and(m -> m.subject().startsWith("New application credential")), 1, MAIL_WAIT);
        smtp.await(reminder(unmailed), 1, MAIL_WAIT);
        awaitJobRuns(server, 2);
        assertEquals(1, smtp.mails(reminder(failing)).size());
        assertEquals(2, smtp.mails(about(failing)).size(), "the reminder and the created notice");
        assertEquals(1, smtp.mails(about(unmailed)).size(), "created without an SMTP server: no notice later, only the reminder");
        List<String> failures = server.logText().lines().filter(l -> l.contains("mail about application credential")).toList();
        assertFalse(failures.isEmpty());
        assertTrue(failures.stream().noneMatch(l -> l.contains("acs_")), "no secret in what was logged: " + failures);
    }

    /**
     * The mails' templates and texts are theme resources of the extension's jar: an email theme of the realm's (here a
     * folder theme in the server's themes/) and the realm's localization texts come first.
     */
    @Test
    @Order(7)
    void aRealmsEmailThemeAndLocalizationTextsOverrideTheTemplatesAndTexts() throws Exception {
        String theme = "themes/acme-mail/email/";
        server.writeFile(theme + "theme.properties", "parent=keycloak\n");
        server.writeFile(theme + "messages/messages_en.properties", "appCredentialCreatedSubject=ACME: new credential {0}\n");
        server.writeFile(theme + "text/app-credential-notice.ftl",
                "<#ftl output_format=\"plainText\">\nACME text about ${credentialName} (${credentialId}) by ${actor}\n");
        server.writeFile(theme + "html/app-credential-notice.ftl", "<html><body><p>ACME html about ${credentialName}</p></body></html>\n");
        String admin = Demo.masterAdminToken(server);
        String localization = server.baseUrl() + "/admin/realms/" + Demo.REALM + "/localization/en";
        try {
            Demo.updateRealm(server, realm -> realm.put("emailTheme", "acme-mail"));
            assertEquals(204, Http.postJson(localization, admin, Map.of("appCredentialRegeneratedSubject", "Realm text: new secret for {0}")).status());

            Demo.TestUser user = Demo.aliceLike(server);
            String token = user.token(server);
            JsonNode c = Demo.create(server, token, Map.of("name", name("themed")));
            Mail created = smtp.await(about(c), 1, MAIL_WAIT).get(0);
            assertEquals("ACME: new credential " + c.get("name").asText(), created.subject());
            assertTrue(created.text().contains("ACME text about " + c.get("name").asText() + " (" + c.get("id").asText() + ") by " + user.username()),
                    created.text());
            assertTrue(created.html().contains("ACME html about"), created.html());

            assertEquals(200, Http.postJson(Demo.credentialsUrl(server) + "/" + c.get("id").asText() + "/regenerate", token, Map.of()).status());
            Mail regenerated = smtp.await(about(c).and(m -> m.subject().startsWith("Realm text")), 1, MAIL_WAIT).get(0);
            assertEquals("Realm text: new secret for " + c.get("name").asText(), regenerated.subject());
        } finally {
            Http.delete(localization + "/appCredentialRegeneratedSubject", admin);
            Demo.updateRealm(server, realm -> realm.put("emailTheme", "keycloak"));
            server.deleteFiles("themes/acme-mail");
        }
    }

    @Test
    @Order(8)
    void mailsAreInTheOwnersLocaleWhereTheRealmHasIt() {
        Demo.TestUser user = Demo.aliceLike(server);
        try {
            Demo.updateRealm(server, realm -> {
                realm.put("internationalizationEnabled", true);
                realm.putArray("supportedLocales").add("en").add("de");
                realm.put("defaultLocale", "en");
            });
            Demo.updateUser(server, user.id(), u -> u.putObject("attributes").putArray("locale").add("de"));
            JsonNode c = Demo.create(server, user.token(server), Map.of("name", name("lokal"), "expiresAt", inDays(2)));
            Mail notice = smtp.await(about(c).and(m -> m.subject().startsWith("Neuer Anwendungszugang")), 1, MAIL_WAIT).get(0);
            assertEquals("Neuer Anwendungszugang \"" + c.get("name").asText() + "\"", notice.subject());
            assertTrue(notice.text().contains("Sie (" + user.username() + ") haben am "), notice.text());
            Mail reminder = smtp.await(about(c).and(m -> m.subject().contains("läuft am")), 1, MAIL_WAIT).get(0);
            assertTrue(reminder.text().contains("innerhalb von 2 Tagen"), reminder.text());
        } finally {
            Demo.updateRealm(server, realm -> realm.put("internationalizationEnabled", false));
        }
    }

    private static void awaitLog(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!server.logText().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "not logged within 60 s: " + text);
            sleep(500);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
