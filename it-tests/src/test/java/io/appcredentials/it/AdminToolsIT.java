package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.Kcadm;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * The admin tools the product advertises sign in with a credential and orient themselves: Keycloak's Terraform
 * provider (its real call sequence, replayed over HTTP as its Go client sends it: {@code keycloak/keycloak_client.go},
 * {@code server_info.go}, {@code realm.go}, {@code role.go}, {@code openid_client.go}) and Keycloak's own kcadm.sh. What
 * they read outside a realm's resources ({@code /admin/serverinfo}, the realm representation, the realm list) is
 * answered with the token's own admin rights, which are its owner's (the admin API rule of the scope boundary), still
 * within the credential's access rules, and writes still need the roles for them.
 */
@ExtendWith(TestServer.class)
class AdminToolsIT {

    /** What a Terraform run's service account needs here: reading the realm and managing its roles. */
    private static final List<String> ADMIN_ROLES = List.of("view-realm", "manage-realm", "view-users", "query-users", "query-groups");

    private final KeycloakServer server = TestServer.server();

    private String adminUrl(String path) {
        return server.baseUrl() + "/admin" + path;
    }

    private String masterAdmin() {
        return Demo.masterAdminToken(server);
    }

    /** A user holding {@code roles} of realm-management (and a second factor), and their own token. */
    private Demo.TestUser adminUser(List<String> roles) {
        String username = Demo.newUserWithTotp(server, List.of("default-roles-demo"), Map.of("realm-management", roles));
        return new Demo.TestUser(username, Demo.userId(server, username));
    }

    private JsonNode credential(Demo.TestUser owner, List<String> roles, List<Map<String, String>> accessRules) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "terraform-" + System.nanoTime());
        body.put("clientRoles", Map.of("realm-management", roles));
        if (accessRules != null) {
            body.put("accessRules", accessRules);
        }
        return Demo.create(server, owner.token(server), body);
    }

    /** The Terraform provider's login: client_credentials with the secret in the form, then its token type and token. */
    private String terraformLogin(JsonNode credential) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("client_id", credential.get("id").asText(),
                "client_secret", credential.get("secret").asText(), "grant_type", "client_credentials"), null, null);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("token_type").asText() + " " + r.json().get("access_token").asText();
    }

    /** A request as the provider's sendRequest makes it: its Authorization header, Accept JSON, a JSON body for writes. */
    private Http.Resp terraform(String method, String path, String authorization, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", authorization);
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "terraform-provider-keycloak");
        if (body != null) {
            headers.put("Content-type", "application/json");
        }
        return Http.request(method, adminUrl(path), headers, body == null ? null : Http.toJson(body));
    }

    @Test
    void theTerraformProvidersCallSequenceWorksWithACredential() {
        Demo.TestUser owner = adminUser(ADMIN_ROLES);
        String auth = terraformLogin(credential(owner, ADMIN_ROLES, null));
        String ownToken = "Bearer " + owner.token(server);
        String role = "tf-role-" + System.nanoTime();
        String client = "tf-client-" + System.nanoTime();
        try {
            // login(): the server version from /serverinfo, which Keycloak gives an administrator of this realm who may
            // manage it, and nothing about the machine (no CPU, memory or system details outside the master realm)
            Http.Resp info = terraform("GET", "/serverinfo", auth, null);
            assertEquals(200, info.status(), info.toString());
            assertEquals(System.getProperty("keycloak.version"), info.json().get("systemInfo").get("version").asText());
            assertEquals(Set.of("version"), fieldNames(info.json().get("systemInfo")), "only the version: " + info.json().get("systemInfo"));
            assertFalse(info.json().has("cpuInfo") || info.json().has("memoryInfo"), "machine details");
            Http.Resp ownInfo = terraform("GET", "/serverinfo", ownToken, null);
            assertEquals(fieldNames(ownInfo.json()), fieldNames(info.json()), "what the owner's own token is shown, no more");
            assertEquals(ownInfo.json().get("systemInfo"), info.json().get("systemInfo"));
            assertTrue(info.json().get("features").isArray(), "FGAPv2IsEnabled() reads the feature list");

            // data "keycloak_realm": the realm representation, as the owner's own token gets it
            Http.Resp realm = terraform("GET", "/realms/" + Demo.REALM, auth, null);
            assertEquals(200, realm.status(), realm.toString());
            assertEquals(Demo.REALM, realm.json().get("realm").asText());
            assertEquals(terraform("GET", "/realms/" + Demo.REALM, ownToken, null).json(), realm.json());
            // data "keycloak_role"
            assertEquals(200, terraform("GET", "/realms/" + Demo.REALM + "/roles/reader", auth, null).status());

            // resource "keycloak_role": create, then read back; manage-realm allows it
            Http.Resp created = terraform("POST", "/realms/" + Demo.REALM + "/roles", auth, Map.of("name", role, "description", "by terraform"));
            assertEquals(201, created.status(), created.toString());
            Http.Resp read = terraform("GET", "/realms/" + Demo.REALM + "/roles/" + role, auth, null);
            assertEquals(200, read.status(), read.toString());
            assertEquals("by terraform", read.json().get("description").asText());

            // resource "keycloak_openid_client": the owner may not manage clients, so neither may the credential
            Http.Resp forbidden = terraform("POST", "/realms/" + Demo.REALM + "/clients", auth,
                    Map.of("clientId", client, "protocol", "openid-connect", "enabled", true));
            assertEquals(403, forbidden.status(), forbidden.toString());
            assertEquals(0, Http.get(adminUrl("/realms/" + Demo.REALM + "/clients?clientId=" + client), masterAdmin()).json().size());

            // the realm list shows this realm only, another realm is refused
            Http.Resp realms = terraform("GET", "/realms", auth, null);
            assertEquals(200, realms.status(), realms.toString());
            assertEquals(1, realms.json().size(), realms.toString());
            assertEquals(Demo.REALM, realms.json().get(0).get("realm").asText());
            assertEquals(401, terraform("GET", "/realms/master", auth, null).status());
            assertEquals(401, terraform("POST", "/realms", auth, Map.of("realm", "created-by-credential")).status());
        } finally {
            Http.delete(adminUrl("/realms/" + Demo.REALM + "/roles/" + role), masterAdmin());
        }
    }

    /** Never more than the token carries, and writes to the realm itself need manage-realm. */
    @Test
    void theRealmAndServerInfoFollowTheTokensOwnRights() {
        // a credential granted only part of its owner's admin roles: refused, as everywhere in the admin API
        Demo.TestUser admin = adminUser(ADMIN_ROLES);
        String partial = terraformLogin(credential(admin, List.of("view-realm"), null));
        assertEquals(401, terraform("GET", "/serverinfo", partial, null).status());
        assertEquals(401, terraform("GET", "/realms/" + Demo.REALM, partial, null).status());
        assertEquals(401, terraform("GET", "/realms", partial, null).status());

        // an owner who may only view the realm: reads it, cannot change it, and is not told the server's version
        Demo.TestUser viewer = adminUser(List.of("view-realm"));
        String view = terraformLogin(credential(viewer, List.of("view-realm"), null));
        Http.Resp realm = terraform("GET", "/realms/" + Demo.REALM, view, null);
        assertEquals(200, realm.status(), realm.toString());
        String displayName = realm.json().get("displayName").asText();
        Http.Resp write = terraform("PUT", "/realms/" + Demo.REALM, view, Map.of("realm", Demo.REALM, "displayName", "changed by a credential"));
        assertEquals(403, write.status(), write.toString());
        assertEquals(403, terraform("DELETE", "/realms/" + Demo.REALM, view, null).status());
        assertEquals(displayName, Http.get(adminUrl("/realms/" + Demo.REALM), masterAdmin()).json().get("displayName").asText());
        Http.Resp info = terraform("GET", "/serverinfo", view, null);
        assertEquals(200, info.status(), info.toString());
        assertTrue(info.json().path("systemInfo").path("version").isMissingNode(), "the version is for those who manage the realm: " + info.json().get("systemInfo"));

        // a POST to serverinfo is not a read
        assertEquals(401, terraform("POST", "/serverinfo", view, Map.of()).status());
    }

    /**
     * The realm itself is read, never written, with a credential token, whatever its roles: its attributes hold the
     * extension's policy, which a credential token never changes (its own admin API refuses it too).
     */
    @Test
    void theRealmItselfIsNeverChangedWithACredentialToken() {
        Demo.TestUser owner = adminUser(ADMIN_ROLES);
        String auth = terraformLogin(credential(owner, ADMIN_ROLES, null));
        String url = adminUrl("/realms/" + Demo.REALM);
        JsonNode policy = Http.get(Demo.policyUrl(server), masterAdmin()).json();
        assertTrue(policy.get("requireMfa").asBoolean(), "control: the demo realm requires a second factor");
        // the whole representation as an administrator reads it, with the policy's second-factor requirement turned off
        com.fasterxml.jackson.databind.node.ObjectNode realm = (com.fasterxml.jackson.databind.node.ObjectNode) Http.get(url, masterAdmin()).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm.get("attributes")).put("appCredentials.requireMfa", "false");
        try {
            Http.Resp write = terraform("PUT", "/realms/" + Demo.REALM, auth, realm);
            assertEquals(403, write.status(), write.toString());
            assertTrue(write.body().contains("can read the realm but not change or delete it"), write.toString());
            assertTrue(Http.get(Demo.policyUrl(server), masterAdmin()).json().get("requireMfa").asBoolean(), "the policy is unchanged");
            assertEquals(200, terraform("GET", "/realms/" + Demo.REALM, auth, null).status(), "control: reading is allowed");
            // control: the owner's own login may (it is an administrator of the realm); the same body, policy put back
            ((com.fasterxml.jackson.databind.node.ObjectNode) realm.get("attributes")).put("appCredentials.requireMfa", "true");
            assertEquals(204, terraform("PUT", "/realms/" + Demo.REALM, "Bearer " + owner.token(server), realm).status());
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }

    /** The credential's access rules apply to these paths like to any other of the admin API. */
    @Test
    void accessRulesApplyToTheServerInfoAndTheRealm() {
        Demo.TestUser owner = adminUser(ADMIN_ROLES);
        String rolesOnly = terraformLogin(credential(owner, ADMIN_ROLES,
                List.of(Map.of("method", "GET", "path", "/admin/realms/" + Demo.REALM + "/roles/**"))));
        Http.Resp info = terraform("GET", "/serverinfo", rolesOnly, null);
        assertEquals(403, info.status(), info.toString());
        assertTrue(info.body().contains("GET /admin/serverinfo"), info.toString());
        assertEquals(403, terraform("GET", "/realms/" + Demo.REALM, rolesOnly, null).status());
        assertEquals(200, terraform("GET", "/realms/" + Demo.REALM + "/roles/reader", rolesOnly, null).status(), "control");

        String orienting = terraformLogin(credential(owner, ADMIN_ROLES, List.of(
                Map.of("method", "GET", "path", "/admin/serverinfo"),
                Map.of("method", "GET", "path", "/admin/realms/" + Demo.REALM),
                Map.of("method", "GET", "path", "/admin/realms/" + Demo.REALM + "/roles/**"))));
        assertEquals(200, terraform("GET", "/serverinfo", orienting, null).status());
        assertEquals(200, terraform("GET", "/realms/" + Demo.REALM, orienting, null).status());
        assertEquals(403, terraform("POST", "/realms/" + Demo.REALM + "/roles", orienting, Map.of("name", "not-allowed-" + System.nanoTime())).status());
    }

    @Test
    void kcadmGetsTheRealmAndTheServerInfoWithACredential() throws Exception {
        Demo.TestUser owner = adminUser(ADMIN_ROLES);
        JsonNode c = credential(owner, ADMIN_ROLES, null);
        Path config = Files.createTempFile("kcadm", ".config");
        Files.delete(config);
        try {
            Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                    "--client", c.get("id").asText(), "--secret", c.get("secret").asText(), "--config", config.toString()).assertOk();
            String realm = Kcadm.run(server, "get", "realms/" + Demo.REALM, "--config", config.toString()).assertOk();
            assertEquals(Demo.REALM, Http.JSON.readTree(realm).get("realm").asText());
            String info = Kcadm.run(server, "get", "serverinfo", "--config", config.toString()).assertOk();
            assertEquals(System.getProperty("keycloak.version"), Http.JSON.readTree(info).get("systemInfo").get("version").asText());
            String realms = Kcadm.run(server, "get", "realms", "--fields", "realm", "--config", config.toString()).assertOk();
            assertEquals(List.of(Demo.REALM), Http.JSON.readTree(realms).findValuesAsText("realm"));
            // and another realm's representation stays out of reach
            Kcadm.Result master = Kcadm.run(server, "get", "realms/master", "--config", config.toString());
            assertNotEquals(0, master.exit(), master.output());
            assertTrue(master.output().contains("HTTP 401 Unauthorized"), master.output());
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /**
     * What would take a credential token past the boundary is refused even with every role it needs, while the owner's
     * own token is accepted there (so the refusal is the boundary's, not Keycloak's): writing the realm through the admin
     * console's own API, impersonating a user, minting example tokens for a user, deleting an application that
     * credentials are for (an ordinary client can be deleted).
     */
    @Test
    void whatWouldLeaveTheBoundaryIsRefusedWhateverTheRoles() {
        List<String> roles = List.of("view-realm", "manage-realm", "view-users", "query-users", "manage-users", "impersonation",
                "view-clients", "query-clients", "manage-clients");
        Demo.TestUser owner = adminUser(roles);
        String auth = terraformLogin(credential(owner, roles, null));
        String own = "Bearer " + owner.token(server);
        String realmPath = "/realms/" + Demo.REALM;
        JsonNode policy = Http.get(Demo.policyUrl(server), masterAdmin()).json();
        String displayName = Http.get(adminUrl(realmPath), masterAdmin()).json().path("displayName").asText();
        String scratch = "tf-scratch-" + System.nanoTime();
        try {
            // the admin console's realm update (ui-ext), which takes the realm's attributes: the policy among them
            for (String path : List.of(realmPath + "/ui-ext", realmPath + "/ui-ext/")) {
                Http.Resp write = terraform("PUT", path, auth, Map.of("displayName", "changed by a credential",
                        "attributes", Map.of("appCredentials.requireMfa", "false")));
                assertEquals(403, write.status(), path + " -> " + write);
                assertTrue(write.body().contains("ui-ext"), write.toString());
            }
            assertEquals(403, terraform("GET", realmPath + "/ui-ext/effective-roles/users/" + owner.id(), auth, null).status());
            assertTrue(Http.get(Demo.policyUrl(server), masterAdmin()).json().get("requireMfa").asBoolean(), "the policy is unchanged");
            assertEquals(displayName, Http.get(adminUrl(realmPath), masterAdmin()).json().path("displayName").asText());
            assertEquals(204, terraform("PUT", realmPath + "/ui-ext", own, Map.of("displayName", displayName)).status(),
                    "control: the owner's own token may");

            // example tokens for a user, from the client scope evaluation
            String myApi = Http.get(adminUrl(realmPath + "/clients?clientId=my-api"), masterAdmin()).json().get(0).get("id").asText();
            for (String kind : List.of("generate-example-access-token", "generate-example-id-token", "generate-example-userinfo")) {
                String path = realmPath + "/clients/" + myApi + "/evaluate-scopes/" + kind + "?scope=openid&userId=" + owner.id();
                Http.Resp example = terraform("GET", path, auth, null);
                assertEquals(403, example.status(), kind + " -> " + example);
                assertEquals(200, terraform("GET", path, own, null).status(), "control: the owner's own token may: " + kind);
            }

            // deleting the application every credential is for would delete the credentials
            String application = Http.get(adminUrl(realmPath + "/clients?clientId=app-credentials"), masterAdmin()).json().get(0).get("id").asText();
            Http.Resp delete = terraform("DELETE", realmPath + "/clients/" + application, auth, null);
            assertEquals(403, delete.status(), delete.toString());
            assertTrue(delete.body().contains("app-credentials"), delete.toString());
            assertEquals(1, Http.get(adminUrl(realmPath + "/clients?clientId=app-credentials"), masterAdmin()).json().size());
            // control: an ordinary client is deleted with the same token
            assertEquals(201, Http.postJson(adminUrl(realmPath + "/clients"), masterAdmin(), Map.of("clientId", scratch)).status());
            String scratchId = Http.get(adminUrl(realmPath + "/clients?clientId=" + scratch), masterAdmin()).json().get(0).get("id").asText();
            assertEquals(204, terraform("DELETE", realmPath + "/clients/" + scratchId, auth, null).status());

            // impersonation: a session of the user, which no longer depends on the credential (last: Keycloak ends the
            // impersonator's own session when the owner's token impersonates in its own realm)
            Http.Resp impersonate = terraform("POST", realmPath + "/users/" + owner.id() + "/impersonation", auth, Map.of());
            assertEquals(403, impersonate.status(), impersonate.toString());
            assertEquals(null, impersonate.header("Set-Cookie"), "no session cookie");
            assertEquals(200, terraform("POST", realmPath + "/users/" + owner.id() + "/impersonation", own, Map.of()).status(),
                    "control: the owner's own token may");
        } finally {
            Demo.restorePolicy(server, policy);
            for (JsonNode c : Http.get(adminUrl(realmPath + "/clients?clientId=" + scratch), masterAdmin()).json()) {
                Http.delete(adminUrl(realmPath + "/clients/" + c.get("id").asText()), masterAdmin());
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
