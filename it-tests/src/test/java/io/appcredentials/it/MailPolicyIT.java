package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;
import io.appcredentials.it.support.TestServer;

/**
 * Mail promises of the README that NotificationIT does not check, with the real mail job (every 3 s in the tests) and
 * a real SMTP server on loopback: renewing starts the reminders afresh, {@code notifyOnCreate=false} sends no notice,
 * disabled users get none, an administrator's browser language is not the owner's, and the link follows the realm's
 * Frontend URL and account theme.
 */
@ExtendWith(TestServer.class)
class MailPolicyIT {

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

    private static String inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Predicate<Mail> about(JsonNode credential) {
        return m -> m.all().contains(credential.get("id").asText());
    }

    private static Predicate<Mail> reminder(JsonNode credential) {
        return about(credential).and(m -> m.subject().contains("expires on"));
    }

    private static Predicate<Mail> notice(JsonNode credential) {
        return about(credential).and(m -> m.subject().startsWith("New application credential"));
    }

    /** Waits (bounded) until the mail job has run {@code more} more times. */
    private static void awaitJobRuns(int more) {
        long target = Demo.reminderRuns(server) + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Demo.reminderRuns(server) < target) {
            assertTrue(System.nanoTime() < deadline, "the mail job did not run " + more + " more times within 60 s");
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void renewingStartsTheRemindersAfresh() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode c = Demo.create(server, token, Map.of("name", "renewed-" + UUID.randomUUID().toString().substring(0, 8), "expiresAt", inDays(2)));
        smtp.await(reminder(c), 1, MAIL_WAIT);
        awaitJobRuns(2);
        assertEquals(1, smtp.mails(reminder(c)).size(), "one reminder for the first expiry");

        String renewedTo = inDays(5);
        Http.Resp renewed = Http.postJson(Demo.credentialsUrl(server) + "/" + c.get("id").asText() + "/renew", token, Map.of("expiresAt", renewedTo));
        assertEquals(200, renewed.status(), renewed.toString());
        List<Mail> reminders = smtp.await(reminder(c), 2, MAIL_WAIT);
        awaitJobRuns(2);
        assertEquals(2, smtp.mails(reminder(c)).size(), "one more reminder, for the new expiry (within the 7-day threshold again)");
        assertTrue(reminders.get(1).subject().contains(renewedTo.substring(0, 10)), reminders.get(1).subject());
    }

    @Test
    void withNotifyOnCreateOffNoNoticeIsSent() {
        JsonNode before = Demo.setPolicy(server, Map.of("notifyOnCreate", false));
        JsonNode quiet;
        try {
            Demo.TestUser user = Demo.aliceLike(server);
            quiet = Demo.create(server, user.token(server), Map.of("name", "quiet-" + UUID.randomUUID().toString().substring(0, 8), "expiresAt", inDays(2)));
            // control: the same credential gets its reminder, so mail to this user works
            smtp.await(reminder(quiet), 1, MAIL_WAIT);
            awaitJobRuns(2);
            assertEquals(List.of(), smtp.mails(notice(quiet)), "no notice with notifyOnCreate off");
        } finally {
            Demo.restorePolicy(server, before);
        }
        // control: with the default (on), a notice is sent
        JsonNode loud = Demo.create(server, Demo.aliceLike(server).token(server), Map.of("name", "loud-" + UUID.randomUUID().toString().substring(0, 8)));
        smtp.await(notice(loud), 1, MAIL_WAIT);
    }

    /** Mails go to enabled users only; what is due is sent once the user is enabled again. */
    @Test
    void aDisabledUserGetsNoMailUntilEnabled() {
        Demo.TestUser user = Demo.aliceLike(server);
        Demo.updateUser(server, user.id(), u -> u.put("enabled", false));
        String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        Http.Resp created = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), admin,
                Map.of("name", "disabled-owner-" + UUID.randomUUID().toString().substring(0, 8), "expiresAt", inDays(2)));
        assertEquals(201, created.status());
        JsonNode c = created.json();
        awaitJobRuns(2);
        assertEquals(List.of(), smtp.mails(about(c)), "no mail to a disabled user");
        Demo.updateUser(server, user.id(), u -> u.put("enabled", true));
        smtp.await(reminder(c), 1, MAIL_WAIT);
    }

    /**
     * Mails are in the owner's locale, never in the browser language of the administrator who created the credential:
     * with internationalization on (en, de), an admin sending Accept-Language de creates for a user without a locale,
     * and the notice is in the realm's default, English.
     */
    @Test
    void anAdministratorsBrowserLanguageIsNotTheOwnersLocale() {
        Demo.TestUser user = Demo.aliceLike(server);
        Demo.updateRealm(server, realm -> {
            realm.put("internationalizationEnabled", true);
            realm.putArray("supportedLocales").add("en").add("de");
            realm.put("defaultLocale", "en");
        });
        try {
            String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
            String name = "admin-locale-" + UUID.randomUUID().toString().substring(0, 8);
            Http.Resp created = Http.request("POST", Demo.adminCredentialsUrl(server) + "/users/" + user.id(), Map.of(
                    "Authorization", "Bearer " + admin, "Content-Type", "application/json", "Accept-Language", "de-DE,de;q=0.9"),
                    "{\"name\":\"" + name + "\"}");
            assertEquals(201, created.status());
            Mail mail = smtp.await(about(created.json()), 1, MAIL_WAIT).get(0);
            assertEquals("New application credential \"" + name + "\"", mail.subject(), "English, the realm's default, not the admin's German");
        } finally {
            Demo.updateRealm(server, realm -> realm.put("internationalizationEnabled", false));
        }
    }

    /**
     * The link in a mail: built from the realm's Frontend URL where it has one, and to the account console's start
     * page when the realm's account theme is not the extension's.
     */
    @Test
    void theLinkFollowsTheRealmsFrontendUrlAndAccountTheme() {
        Demo.TestUser user = Demo.aliceLike(server);
        String frontend = "http://auth.example.test:8443";
        Demo.updateRealm(server, realm -> {
            realm.withObjectProperty("attributes").put("frontendUrl", frontend);
            realm.put("accountTheme", "keycloak.v3");
        });
        try {
            JsonNode c = Demo.create(server, user.token(server), Map.of("name", "linked-" + UUID.randomUUID().toString().substring(0, 8)));
            Mail mail = smtp.await(notice(c), 1, MAIL_WAIT).get(0);
            assertTrue(mail.text().contains(frontend + "/realms/demo/account/"), mail.text());
            assertTrue(!mail.text().contains("account-security/app-credentials"), "the start page, not the extension's page: " + mail.text());
            assertTrue(!mail.text().contains(server.baseUrl()), "not the URL the test called: " + mail.text());
        } finally {
            Demo.updateRealm(server, realm -> {
                realm.withObjectProperty("attributes").put("frontendUrl", "");
                realm.put("accountTheme", "app-credentials");
            });
        }
    }
}
