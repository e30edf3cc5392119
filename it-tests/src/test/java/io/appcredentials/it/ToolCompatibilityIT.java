package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;

import io.appcredentials.it.support.Database;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.Kcadm;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/** Unmodified real clients: Keycloak's own kcadm.sh and an off-the-shelf OAuth 2.0 library. And where secrets are not. */
@ExtendWith(TestServer.class)
class ToolCompatibilityIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    @Test
    void kcadmConfigCredentialsThenACommandTheGrantedRolesAllow() throws Exception {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "kcadm-" + System.nanoTime(),
                "clientRoles", Map.of("realm-management", List.of("view-users"))));
        Path config = Files.createTempFile("kcadm", ".config");
        Files.delete(config);
        Kcadm.Result login = Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                "--client", c.get("id").asText(), "--secret", c.get("secret").asText(), "--config", config.toString());
        assertEquals(0, login.exit(), login.output());
        Kcadm.Result users = Kcadm.run(server, "get", "users", "-r", Demo.REALM, "--fields", "username", "--config", config.toString());
        assertEquals(0, users.exit(), users.output());
        assertTrue(users.output().contains("\"alice\""), users.output());

        // A credential without the admin role cannot use the admin API, although its owner could.
        JsonNode plain = Demo.create(server, user.token(server), Map.of("name", "kcadm-plain-" + System.nanoTime()));
        Path config2 = Files.createTempFile("kcadm2", ".config");
        Files.delete(config2);
        assertEquals(0, Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                "--client", plain.get("id").asText(), "--secret", plain.get("secret").asText(), "--config", config2.toString()).exit());
        Kcadm.Result denied = Kcadm.run(server, "get", "users", "-r", Demo.REALM, "--config", config2.toString());
        assertNotEquals(0, denied.exit(), denied.output());
        // refused by the admin API itself (401, the token is not accepted there), not by some other failure of kcadm
        assertTrue(denied.output().contains("HTTP 401 Unauthorized"), denied.output());
        assertFalse(denied.output().contains("\"alice\""), denied.output());
    }

    @Test
    void anOffTheShelfOAuthLibraryGetsATokenWithBothAuthMethods() throws Exception {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "nimbus-" + System.nanoTime()));
        ClientID id = new ClientID(c.get("id").asText());
        Secret secret = new Secret(c.get("secret").asText());
        URI endpoint = URI.create(c.get("tokenEndpoint").asText());
        for (var auth : List.of(new ClientSecretBasic(id, secret), new ClientSecretPost(id, secret))) {
            TokenResponse response = TokenResponse.parse(new TokenRequest(endpoint, auth, new ClientCredentialsGrant(), null).toHTTPRequest().send());
            assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
            AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
            assertEquals(c.get("id").asText(), Http.claims(token.getValue()).get("app_credential").asText());
        }
    }

    /**
     * Many integrations ask for {@code openid profile} by default. Scopes the application gives every token anyway
     * (its default client scopes) may be named; an optional scope that was not granted may not.
     */
    @Test
    void anOffTheShelfLibraryAskingForOpenidProfileGetsItsToken() throws Exception {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "scoped-" + System.nanoTime()));
        ClientID id = new ClientID(c.get("id").asText());
        Secret secret = new Secret(c.get("secret").asText());
        URI endpoint = URI.create(c.get("tokenEndpoint").asText());
        for (Scope scope : List.of(new Scope("openid", "profile"), new Scope("openid", "email"), new Scope("profile"),
                new Scope("openid", "profile", "email"))) {
            TokenResponse response = TokenResponse.parse(new TokenRequest(endpoint, new ClientSecretBasic(id, secret),
                    new ClientCredentialsGrant(), scope).toHTTPRequest().send());
            assertTrue(response.indicatesSuccess(), () -> scope + ": " + response.toErrorResponse().getErrorObject());
            String granted = Http.claims(response.toSuccessResponse().getTokens().getAccessToken().getValue()).get("scope").asText();
            assertTrue(granted.contains("profile") && granted.contains("email"), granted);
        }
        // microprofile-jwt is an optional scope of the application that this credential was not given
        TokenResponse refused = TokenResponse.parse(new TokenRequest(endpoint, new ClientSecretBasic(id, secret),
                new ClientCredentialsGrant(), new Scope("openid", "microprofile-jwt")).toHTTPRequest().send());
        assertFalse(refused.indicatesSuccess());
        assertEquals("invalid_scope", refused.toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void noIssuedSecretIsStoredOrLogged() throws Exception {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "at-rest-" + System.nanoTime()));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status());
        assertEquals(401, Demo.clientCredentialsPost(server, id, secret + "x").status());

        Database db = server.database();
        if (db.isH2()) {
            // H2 keeps the whole database in one file: the credential's row is there, its secret is not.
            // H2 writes in the background: poll for the row
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String content = new String(server.readFile("data/h2/keycloakdb.mv.db"), StandardCharsets.ISO_8859_1);
            while (!content.contains(id) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                content = new String(server.readFile("data/h2/keycloakdb.mv.db"), StandardCharsets.ISO_8859_1);
            }
            assertTrue(content.contains(id), "control: the credential row reached the database file");
            assertFalse(content.contains(secret), "secret in the database file");
            assertFalse(content.contains(secret.substring(4, 40)), "part of the secret in the database file");
            assertFalse(content.contains(sha256(secret)), "unkeyed hash in the database file");
        } else {
            try (Connection conn = db.connect();
                 PreparedStatement ps = conn.prepareStatement("SELECT * FROM APP_CREDENTIAL WHERE ID = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "control: the row exists");
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        String v = rs.getString(i);
                        assertFalse(v != null && (v.contains(secret) || v.equals(sha256(secret))), "column " + rs.getMetaData().getColumnName(i));
                    }
                }
            }
        }
        String log = server.logText();
        assertFalse(log.contains(secret), "secret in the server log");
        assertFalse(log.contains(secret.substring(4, 40)), "part of the secret in the server log");
    }

    private static String sha256(String s) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

}
