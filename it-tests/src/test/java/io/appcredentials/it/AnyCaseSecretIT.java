package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * A secret is recognised whatever the letter case of its prefix ({@code ACS_…}, {@code Acs_…}), with the spacing and
 * quoting people paste around it: sent as a client id at the token endpoint and every other endpoint that
 * authenticates a client, it is answered by the extension; sent where Keycloak's own code takes it (the authorization
 * and logout endpoints), it is redacted from the server log and the stored events. An ID in another letter case is
 * answered like an unknown ID, never with a server error.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class AnyCaseSecretIT {

    private final KeycloakServer server = TestServer.server();

    @Test
    void aSecretInAnyCaseSentAsClientIdLandsInNoLogAndNoEvent() {
        Demo.TestUser owner = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "any-case-" + System.nanoTime()));
        String id = c.get("id").asText();
        String body = c.get("secret").asText().substring(4);
        String oidc = server.realmUrl(Demo.REALM) + "/protocol/openid-connect";

        List<String> variants = new ArrayList<>();
        for (String prefix : List.of("ACS_", "Acs_", "aCs_")) {
            variants.addAll(List.of(prefix + body, " " + prefix + body, "\"" + prefix + body + "\"", prefix + body + "\n",
                    // letters or digits pasted right after it (the credential's ID among them) do not make it another word
                    prefix + body + "xyz", prefix + body + "0", prefix + body + id));
        }
        for (String sent : variants) {
            // endpoints that authenticate a client: the extension answers, with the generic refusal
            List<Http.Resp> answers = List.of(
                    Http.postForm(oidc + "/token", Http.form("grant_type", "client_credentials", "client_id", sent, "client_secret", id), null, null),
                    Http.postForm(oidc + "/token", Http.form("grant_type", "client_credentials"), sent, id),
                    Http.postForm(oidc + "/token", Http.form("grant_type", "client_credentials", "client_id", sent), null, null),
                    Http.postForm(oidc + "/token/introspect", Http.form("token", "x"), sent, id),
                    Http.postForm(oidc + "/revoke", Http.form("token", "x"), sent, id),
                    Http.postForm(oidc + "/ext/par/request", Http.form("client_id", sent, "client_secret", id, "response_type", "code",
                            "redirect_uri", "http://localhost/cb"), null, null),
                    Http.postForm(oidc + "/auth/device", Http.form("client_id", sent, "client_secret", id), null, null),
                    Http.postForm(oidc + "/ext/ciba/auth", Http.form("client_id", sent, "client_secret", id, "scope", "openid",
                            "login_hint", owner.username()), null, null));
            for (Http.Resp r : answers) {
                assertEquals(401, r.status(), sent + " -> " + r);
                assertFalse(r.body().contains(body), r.toString());
            }
            // endpoints where Keycloak's own code takes the client id (and records it)
            String encoded = URLEncoder.encode(sent, StandardCharsets.UTF_8);
            Http.Resp authorize = Http.get(oidc + "/auth?client_id=" + encoded + "&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null);
            Http.Resp logout = Http.get(oidc + "/logout?client_id=" + encoded + "&post_logout_redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null);
            for (Http.Resp r : List.of(authorize, logout)) {
                assertTrue(r.status() >= 400 && r.status() < 500, sent + " -> " + r.status());
                assertFalse(r.body().contains(body), "the page shows the secret");
            }
        }

        String events = Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/events?max=1000", Demo.masterAdminToken(server)).body();
        String needle = body.substring(0, 36);
        assertFalse(events.contains(needle), "secret in a stored event");
        assertTrue(events.contains("acs_[redacted]"), "control: the authorization endpoint's events were recorded, redacted");
        String log = server.logText();
        assertFalse(log.contains(needle), "secret in the server log");
        assertTrue(log.contains("acs_[redacted]"), "control: Keycloak logged the attempts, redacted");
        // the credential itself still works: nothing above was taken for it
        assertEquals(200, Demo.clientCredentialsBasic(server, id, c.get("secret").asText()).status());
    }

    /** A secret is never taken as a credential's name or description, which lists show and notices mail. */
    @Test
    void aSecretIsNeitherANameNorADescription() {
        Demo.TestUser owner = Demo.aliceLike(server);
        String token = owner.token(server);
        JsonNode c = Demo.create(server, token, Map.of("name", "named-" + System.nanoTime()));
        String secret = c.get("secret").asText();
        String shouted = "ACS_" + secret.substring(4);
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("name", secret), Map.of("name", "ci " + shouted + "x"),
                Map.of("name", "ok-" + System.nanoTime(), "description", "the secret is " + secret))) {
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, body);
            assertEquals(400, r.status(), r.toString());
            assertEquals(body.containsKey("description") ? "description" : "name", r.json().get("field").asText(), r.toString());
            assertFalse(r.body().contains(secret.substring(4)), "the answer repeats the secret: " + r);
        }
        Http.Resp rename = Http.patchJson(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), token, Map.of("name", shouted));
        assertEquals(400, rename.status(), rename.toString());
        assertEquals("name", rename.json().get("field").asText());
        JsonNode list = Http.get(Demo.credentialsUrl(server), token).json();
        assertFalse(list.toString().contains(secret.substring(4)), "no credential carries the secret in its name or description");
        // control: the same texts without the secret are accepted
        assertEquals(200, Http.patchJson(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), token,
                Map.of("name", "ci job", "description", "the secret is in the vault")).status());
    }

    @Test
    void anIdInAnotherCaseIsAnsweredLikeAnUnknownId() {
        Demo.TestUser owner = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "id-case-" + System.nanoTime()));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        Http.Resp unknown = Demo.clientCredentialsBasic(server, "ac_" + "0".repeat(20), secret);
        for (String sent : List.of(id.toUpperCase(Locale.ROOT), "Ac_" + id.substring(3), "AC_" + id.substring(3))) {
            Http.Resp r = Demo.clientCredentialsBasic(server, sent, secret);
            assertEquals(401, r.status(), sent + " -> " + r);
            assertEquals(unknown.body(), r.body(), "the same answer as for an unknown ID");
            Http.Resp post = Demo.clientCredentialsPost(server, sent, secret);
            assertEquals(401, post.status(), post.toString());
            // Keycloak's own endpoints treat it as the unknown client it is: a client error, not a server error
            Http.Resp authorize = Http.get(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/auth?client_id=" + sent
                    + "&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null);
            assertEquals(400, authorize.status(), authorize.toString());
        }
        // answered by the extension, not by Keycloak's client lookup: no event records the spelling as a client that was not found
        JsonNode events = Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/events?type=CLIENT_LOGIN_ERROR&max=300",
                Demo.masterAdminToken(server)).json();
        for (JsonNode e : events) {
            assertFalse(e.path("clientId").asText().equalsIgnoreCase(id) && !e.path("clientId").asText().equals(id),
                    "the token endpoint took it for a client of its own: " + e);
        }
        // an ordinary client id that merely starts that way is still Keycloak's: answered as Keycloak answers an unknown client
        Http.Resp ordinary = Demo.clientCredentialsBasic(server, "AC_REPORTS", "x");
        assertEquals(401, ordinary.status(), ordinary.toString());
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "control: the ID as issued");
    }
}
