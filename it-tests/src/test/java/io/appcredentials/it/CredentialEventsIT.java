package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;
import io.appcredentials.it.support.TestServer;

/**
 * Events that mean what they say: credential writes are never Keycloak's password/second-factor events, so Keycloak's
 * own {@code email} event listener, turned on in the realm with SMTP pointed at a real mail server in this test, mails
 * nothing about them; only the extension's own notices arrive. Every write is in the audit trail, findable by type,
 * by the credential as the event's client and by detail, on the user side and the admin side.
 */
@ExtendWith(TestServer.class)
class CredentialEventsIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(90);

    private static KeycloakServer server;
    private static MailServer smtp;
    private static JsonNode eventsConfig;

    @BeforeAll
    static void keycloaksEmailListenerOn() {
        server = TestServer.server();
        smtp = MailServer.start();
        smtp.useFor(server);
        String url = eventsConfigUrl();
        eventsConfig = Http.get(url, Demo.masterAdminToken(server)).json();
        ObjectNode withEmail = eventsConfig.deepCopy();
        ArrayNode listeners = withEmail.putArray("eventsListeners");
        eventsConfig.get("eventsListeners").forEach(listeners::add);
        listeners.add("email");
        assertEquals(204, Http.putJson(url, Demo.masterAdminToken(server), withEmail).status());
    }

    @AfterAll
    static void putBack() {
        try {
            Http.putJson(eventsConfigUrl(), Demo.masterAdminToken(server), eventsConfig);
            MailServer.noSmtp(server);
        } finally {
            smtp.close();
        }
    }

    private static String eventsConfigUrl() {
        return server.baseUrl() + "/admin/realms/" + Demo.REALM + "/events/config";
    }

    private static String adminUrl(String path) {
        return server.baseUrl() + "/admin/realms/" + Demo.REALM + path;
    }

    private static Predicate<Mail> to(Demo.TestUser user) {
        return m -> m.to().contains(user.username() + "@example.com");
    }

    /** A failed sign-in, which Keycloak's email listener mails about ("Login error"): shows it is on, and marks time. */
    private static void failedSignIn(Demo.TestUser user) {
        int status = Demo.login(server, user.username(), "wrong-password", null).status();
        assertTrue(status == 400 || status == 401, "refused: " + status);
    }

    @Test
    void writesThroughTheUserApiMailOnlyTheExtensionsNoticesAndAreClientEvents() {
        Demo.TestUser owner = Demo.aliceLike(server);
        failedSignIn(owner);
        smtp.await(to(owner).and(m -> m.subject().equals("Login error")), 1, MAIL_WAIT);

        String token = owner.token(server);
        String name = "evented-" + System.nanoTime();
        JsonNode c = Demo.create(server, token, Map.of("name", name));
        String id = c.get("id").asText();
        String url = Demo.credentialsUrl(server) + "/" + id;
        assertEquals(200, Http.postJson(url + "/regenerate", token, Map.of()).status());
        assertEquals(200, Http.postJson(url + "/renew", token, Map.of()).status());
        assertEquals(200, Http.patchJson(url, token, Map.of("state", "disabled")).status());
        assertEquals(204, Http.delete(url, token).status());

        // the extension's notice (for a create and a regenerate in quick succession it may be one mail about both), then
        // a second failed sign-in as a marker that Keycloak's listener has had its turn
        smtp.await(to(owner).and(m -> m.subject().contains("\"" + name + "\"")), 1, MAIL_WAIT);
        failedSignIn(owner);
        // each "Login error" mail answers one of the owner's LOGIN_ERROR events: the two markers, and any sign-in that
        // brute-force protection refused while it was still recording the first marker (Demo.token retries that one)
        String admin = Demo.masterAdminToken(server);
        int loginErrors = 0;
        for (int attempt = 0; attempt < 50 && loginErrors < 2; attempt++) {
            if (attempt > 0) {
                KeycloakServer.sleep(200);
            }
            loginErrors = Http.get(adminUrl("/events?user=" + owner.id() + "&type=LOGIN_ERROR&max=100"), admin).json().size();
        }
        assertTrue(loginErrors >= 2, "both markers are LOGIN_ERROR events: " + loginErrors);
        smtp.await(to(owner).and(m -> m.subject().equals("Login error")), loginErrors, MAIL_WAIT);
        List<String> subjects = smtp.mails(to(owner)).stream().map(Mail::subject).toList();
        for (String subject : subjects) {
            assertTrue(subject.equals("Login error") || subject.equals("New application credential \"" + name + "\"")
                    || subject.equals("New secret for application credential \"" + name + "\""),
                    "only the extension's notices and the markers, nothing about password or second-factor changes: " + subjects);
        }
        assertEquals(loginErrors, subjects.stream().filter("Login error"::equals).count(), subjects.toString());

        // the audit trail: one event per write, typed as a client's registration, change and deletion
        JsonNode events = Http.get(adminUrl("/events?user=" + owner.id() + "&max=100"), admin).json();
        List<String> operations = new ArrayList<>();
        for (JsonNode e : events) {
            String type = e.get("type").asText();
            assertFalse(type.equals("UPDATE_CREDENTIAL") || type.equals("REMOVE_CREDENTIAL"), "a password/OTP event: " + e);
            if (!id.equals(e.path("details").path("app_credential").asText())) {
                continue;
            }
            String operation = e.get("details").get("app_credential_operation").asText();
            operations.add(operation);
            String expected = switch (operation) {
                case "create" -> "CLIENT_REGISTER";
                case "revoke" -> "CLIENT_DELETE";
                default -> "CLIENT_UPDATE";
            };
            assertEquals(expected, type, e.toString());
            assertEquals(id, e.get("clientId").asText(), "the credential is the event's client: " + e);
            assertEquals(owner.id(), e.get("userId").asText());
            assertEquals(server.clientAddress(), e.get("ipAddress").asText());
            assertEquals("admin-cli", e.get("details").get("acting_client").asText(), "the client the user wrote through");
            assertEquals("app-credentials", e.get("details").get("app_credential_application").asText());
            assertFalse(e.toString().contains(c.get("secret").asText()));
        }
        assertEquals(List.of("create", "disable", "regenerate", "renew", "revoke"), operations.stream().sorted().toList(), events.toString());
        JsonNode disable = find(events, "disable");
        assertEquals("state", disable.get("details").get("app_credential_changed").asText());

        // findable by the credential and by type
        assertEquals(5, Http.get(adminUrl("/events?client=" + id + "&max=100"), admin).json().size());
        assertEquals(3, Http.get(adminUrl("/events?client=" + id + "&type=CLIENT_UPDATE&max=100"), admin).json().size());
    }

    @Test
    void everyAdministratorWriteIsAnAdminEventWithWhoWhatWhichAndFromWhere() {
        Demo.TestUser owner = Demo.aliceLike(server);
        String realmAdmin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        String adminId = Demo.userId(server, Demo.DEMO_ADMIN);
        String base = Demo.adminCredentialsUrl(server);
        Http.Resp created = Http.postJson(base + "/users/" + owner.id(), realmAdmin, Map.of("name", "by-admin-" + System.nanoTime()));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertEquals(200, Http.patchJson(base + "/" + id, realmAdmin, Map.of("state", "disabled")).status());
        assertEquals(200, Http.patchJson(base + "/" + id, realmAdmin, Map.of("description", "renamed")).status());
        assertEquals(200, Http.patchJson(base + "/" + id, realmAdmin, Map.of("state", "active")).status());
        assertEquals(204, Http.delete(base + "/" + id, realmAdmin).status());
        assertEquals(200, Http.delete(base + "/users/" + owner.id(), realmAdmin).status());

        // by path: Keycloak's resourceTypes filter knows only its own types (it fails on APP_CREDENTIAL)
        JsonNode events = Http.get(adminUrl("/admin-events?resourcePath=app-credentials/*&authUser=" + adminId + "&max=500"),
                Demo.masterAdminToken(server)).json();
        Map<String, String> operations = new HashMap<>();
        for (JsonNode e : events) {
            JsonNode details = e.path("details");
            boolean thisCredential = id.equals(details.path("app_credential").asText());
            boolean allOfOwner = "revoke-all".equals(details.path("app_credential_operation").asText())
                    && owner.id().equals(details.path("app_credential_owner").asText());
            if (!thisCredential && !allOfOwner) {
                continue;
            }
            assertEquals("APP_CREDENTIAL", e.get("resourceType").asText());
            assertEquals(server.clientAddress(), e.get("authDetails").get("ipAddress").asText(), e.toString());
            assertEquals(adminId, e.get("authDetails").get("userId").asText());
            assertEquals(owner.id(), details.get("app_credential_owner").asText());
            assertFalse(e.toString().contains(created.json().get("secret").asText()));
            operations.merge(details.get("app_credential_operation").asText(), e.get("operationType").asText(), (a, b) -> a + "," + b);
        }
        assertEquals(Map.of("create", "CREATE", "disable", "UPDATE", "update", "UPDATE", "enable", "UPDATE", "revoke", "DELETE",
                "revoke-all", "DELETE"), operations, events.toString());
    }

    private static JsonNode find(JsonNode events, String operation) {
        for (JsonNode e : events) {
            if (operation.equals(e.path("details").path("app_credential_operation").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + operation + " event in " + events);
    }
}
