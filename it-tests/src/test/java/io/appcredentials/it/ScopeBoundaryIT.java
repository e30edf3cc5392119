package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * The scope boundary (issue 12): a credential with the smallest grant walks every Keycloak surface that accepts a
 * bearer or subject token, and each either refuses it or answers with no more than the grant. Asserts what changes
 * (profiles, credential counts), not only status codes. Each test also shows that the same request works for an
 * ordinary token, so that a refusal is the boundary's and not a broken set-up.
 */
@ExtendWith(TestServer.class)
@Tag("container")
class ScopeBoundaryIT {

    private static final String GRANT_UMA = "urn:ietf:params:oauth:grant-type:uma-ticket";
    private static final String GRANT_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final KeycloakServer server = TestServer.server();
    /** Holds writer (⊃ reader), my-api reader + writer, realm-management view-users, and the default account roles. */
    private final Demo.TestUser owner = Demo.aliceLike(server);

    private String admin() {
        return Demo.masterAdminToken(server);
    }

    private String realmAdmin(String path) {
        return server.baseUrl() + "/admin/realms/" + Demo.REALM + path;
    }

    private String tokenOf(JsonNode credential) {
        Http.Resp r = Demo.clientCredentialsBasic(server, credential.get("id").asText(), credential.get("secret").asText());
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    /** A credential with one client role, {@code my-api: reader}, and its token. */
    private String narrowToken() {
        return tokenOf(Demo.create(server, owner.token(server), Map.of("name", "narrow-" + System.nanoTime(),
                "clientRoles", Map.of("my-api", List.of("reader")))));
    }

    /** A credential with no roles at all, and its token. */
    private String emptyToken() {
        return tokenOf(Demo.create(server, owner.token(server), Map.of("name", "empty-" + System.nanoTime())));
    }

    private JsonNode introspect(String token, String... extra) {
        Map<String, String> form = Http.form("token", token);
        for (int i = 0; i < extra.length; i += 2) {
            form.put(extra[i], extra[i + 1]);
        }
        Http.Resp r = Http.postForm(server.tokenEndpoint(Demo.REALM) + "/introspect", form, "my-api", "my-api-secret");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static Set<String> roles(JsonNode access) {
        Set<String> out = new HashSet<>();
        if (access != null && access.get("roles") != null) {
            access.get("roles").forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- introspection

    @Test
    void introspectionAnswersWithTheTokensOwnRolesNotTheOwners() {
        String token = narrowToken();
        JsonNode claims = Http.claims(token);
        assertEquals(Set.of("reader"), roles(claims.path("resource_access").get("my-api")), "control: the token itself is narrow");

        JsonNode answer = introspect(token);
        assertTrue(answer.get("active").asBoolean(), answer.toString());
        assertEquals(owner.id(), answer.get("sub").asText());
        assertEquals(Set.of("reader"), roles(answer.path("resource_access").get("my-api")), answer.toString());
        assertNull(answer.path("resource_access").get("realm-management"), "owner's admin roles: " + answer);
        assertNull(answer.path("resource_access").get("account"), "owner's account roles: " + answer);
        assertFalse(roles(answer.get("realm_access")).contains("writer"), "owner's realm roles: " + answer);

        // Other introspection types rebuild nothing either.
        JsonNode rpt = introspect(token, "token_type_hint", "requesting_party_token");
        assertNull(rpt.get("resource_access"), rpt.toString());
        assertNull(rpt.get("realm_access"), rpt.toString());
        assertFalse(introspect(token, "token_type_hint", "refresh_token").get("active").asBoolean());

        // Control: an ordinary user token of the owner is introspected by Keycloak's own code, with all its roles.
        String userToken = owner.token(server);
        Http.Resp ownIntrospection = Http.postForm(server.tokenEndpoint(Demo.REALM) + "/introspect",
                Http.form("token", userToken), "my-api", "my-api-secret");
        assertEquals(200, ownIntrospection.status());
    }

    @Test
    void introspectionShowsOnlyRolesTheOwnerStillHolds() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = tokenOf(Demo.create(server, user.token(server), Map.of("name", "shrinks",
                "clientRoles", Map.of("my-api", List.of("reader", "writer")))));
        assertEquals(Set.of("reader", "writer"), roles(introspect(token).path("resource_access").get("my-api")));

        String myApi = Http.get(realmAdmin("/clients?clientId=my-api"), admin()).json().get(0).get("id").asText();
        JsonNode writer = Http.get(realmAdmin("/clients/" + myApi + "/roles/writer"), admin()).json();
        assertEquals(204, Http.send("DELETE", realmAdmin("/users/" + user.id() + "/role-mappings/clients/" + myApi), admin(),
                List.of(writer)).status());
        assertEquals(Set.of("reader"), roles(introspect(token).path("resource_access").get("my-api")),
                "the owner lost writer since the token was issued");
    }

    // ------------------------------------------------------------------------------------------- account API

    @Test
    void theAccountApiRefusesATokenWithoutItsOwnAccountRolesAndTheProfileStaysUnchanged() {
        String token = emptyToken();
        JsonNode claims = Http.claims(token);
        assertNull(claims.get("realm_access"), "control: the token has no roles");
        assertNull(claims.get("resource_access"));

        String account = server.realmUrl(Demo.REALM) + "/account/";
        JsonNode before = Http.get(realmAdmin("/users/" + owner.id()), admin()).json();

        assertEquals(401, Http.getJson(account, token).status());
        Http.Resp write = Http.postJson(account, token, Map.of("username", owner.username(), "email", "attacker@example.org",
                "firstName", "Mallory", "lastName", "Attacker"));
        assertTrue(write.status() == 401, "profile write refused: " + write);
        for (String path : List.of("credentials", "sessions", "applications", "linked-accounts", "groups")) {
            assertEquals(401, Http.getJson(account + path, token).status(), path);
        }

        JsonNode after = Http.get(realmAdmin("/users/" + owner.id()), admin()).json();
        assertEquals(before.get("email").asText(), after.get("email").asText(), "email unchanged");
        assertEquals(before.get("firstName").asText(), after.get("firstName").asText());
        assertTrue(after.get("emailVerified").asBoolean(), "still verified");

        // Control: the owner's own token reads the account.
        assertEquals(200, Http.getJson(account, owner.token(server)).status());
    }

    @Test
    void theAccountApiAnswersFromTheGrantedAccountRolesAndNoMore() {
        String token = tokenOf(Demo.create(server, owner.token(server), Map.of("name", "profile-reader",
                "clientRoles", Map.of("account", List.of("view-profile")))));
        JsonNode claims = Http.claims(token);
        assertEquals(Set.of("view-profile"), roles(claims.path("resource_access").get("account")), claims.toString());

        String account = server.realmUrl(Demo.REALM) + "/account/";
        Http.Resp read = Http.getJson(account, token);
        assertEquals(200, read.status(), "view-profile was granted: " + read);
        assertEquals(owner.username(), read.json().get("username").asText());

        Http.Resp write = Http.postJson(account, token, Map.of("username", owner.username(), "email", "attacker@example.org"));
        assertEquals(403, write.status(), "manage-account was not granted: " + write);
        assertEquals(owner.username() + "@example.com", Http.get(realmAdmin("/users/" + owner.id()), admin()).json().get("email").asText());
    }

    // ------------------------------------------------------------------------------------------- admin API

    @Test
    void theAdminApiTakesACredentialTokenOnlyWithEveryAdminRoleOfItsOwner() {
        // no admin role granted: refused, although the owner holds view-users
        assertEquals(401, Http.get(realmAdmin("/users"), narrowToken()).status());
        // view-users granted, which is every admin role the owner holds: the owner's own reach, no more
        String viewer = tokenOf(Demo.create(server, owner.token(server), Map.of("name", "viewer-" + System.nanoTime(),
                "clientRoles", Map.of("realm-management", List.of("view-users")))));
        assertEquals(200, Http.get(realmAdmin("/users?max=1"), viewer).status());
        Http.Resp create = Http.postJson(realmAdmin("/users"), viewer, Map.of("username", "created-by-viewer", "enabled", true));
        assertEquals(403, create.status(), create.toString());
        assertEquals(0, Http.get(realmAdmin("/users?exact=true&username=created-by-viewer"), admin()).json().size());
        // the admin console's whoami rebuilds the user's admin access: refused
        String whoami = server.baseUrl() + "/admin/" + Demo.REALM + "/console/whoami";
        assertEquals(401, Http.get(whoami, viewer).status());
        assertNotEquals(401, Http.get(whoami, owner.token(server)).status(), "control: the owner's own token is taken there");
        // other realms
        assertEquals(401, Http.get(server.baseUrl() + "/admin/realms/master/users", viewer).status());
    }

    @Test
    void aCredentialTokenCanNeitherCreateChangeNorRevokeCredentialsThroughTheAdminApi() {
        // A user who administers users (manage-users + view-users + impersonation) and grants all of that.
        String username = Demo.newUserWithTotp(server, List.of("default-roles-demo"),
                Map.of("realm-management", List.of("manage-users", "view-users", "query-users", "impersonation")));
        Demo.TestUser helpdesk = new Demo.TestUser(username, Demo.userId(server, username));
        JsonNode full = Demo.create(server, helpdesk.token(server), Map.of("name", "full-admin",
                "clientRoles", Map.of("realm-management", List.of("manage-users", "view-users", "query-users", "impersonation"))));
        String token = tokenOf(full);
        assertEquals(200, Http.get(realmAdmin("/users?max=1"), token).status(), "control: the admin API takes it");
        assertEquals(200, Http.get(realmAdmin("/app-credentials?user=" + owner.id()), token).status(), "reading is allowed");

        int before = Http.get(realmAdmin("/app-credentials?user=" + owner.id()), admin()).json().size();
        Http.Resp mint = Http.postJson(realmAdmin("/app-credentials/users/" + owner.id()), token, Map.of("name", "minted"));
        assertEquals(403, mint.status(), mint.toString());
        assertFalse(mint.body().contains("acs_"), mint.toString());
        assertEquals(before, Http.get(realmAdmin("/app-credentials?user=" + owner.id()), admin()).json().size(), "nothing created");

        JsonNode victim = Demo.create(server, owner.token(server), Map.of("name", "victim-" + System.nanoTime()));
        String victimUrl = realmAdmin("/app-credentials/" + victim.get("id").asText());
        assertEquals(403, Http.delete(victimUrl, token).status());
        assertEquals(403, Http.patchJson(victimUrl, token, Map.of("state", "disabled")).status());
        assertEquals(403, Http.delete(realmAdmin("/app-credentials/users/" + owner.id()), token).status());
        assertEquals(403, Http.putJson(realmAdmin("/app-credentials/policy"), token, Map.of("enabled", false)).status());
        assertEquals("active", Http.get(victimUrl, admin()).json().get("state").asText(), "victim untouched");
    }

    @Test
    void creatingForAnotherUserNeedsImpersonationAndOnlyRolesTheAdminMayMap() {
        String demoAdminId = Demo.userId(server, Demo.DEMO_ADMIN);
        String helpdeskName = Demo.newUserWithTotp(server, List.of("default-roles-demo"),
                Map.of("realm-management", List.of("manage-users", "view-users", "query-users")));
        String helpdesk = Demo.token(server, helpdeskName, "password", Demo.TEST_TOTP);
        int before = Http.get(realmAdmin("/app-credentials?user=" + demoAdminId), admin()).json().size();

        Http.Resp impersonate = Http.postJson(realmAdmin("/app-credentials/users/" + demoAdminId), helpdesk,
                Map.of("name", "escalate", "clientRoles", Map.of("realm-management", List.of("realm-admin"))));
        assertEquals(403, impersonate.status(), impersonate.toString());
        assertTrue(impersonate.json().get("errorMessage").asText().contains("impersonation"), impersonate.toString());
        assertEquals(403, Http.postJson(realmAdmin("/app-credentials/users/" + demoAdminId), helpdesk, Map.of("name", "plain")).status(),
                "even without roles: the secret would let the helpdesk act as the user");

        // With impersonation, an admin still grants only roles they may map.
        String impersonatorName = Demo.newUserWithTotp(server, List.of("default-roles-demo"),
                Map.of("realm-management", List.of("manage-users", "view-users", "query-users", "impersonation")));
        String impersonator = Demo.token(server, impersonatorName, "password", Demo.TEST_TOTP);
        Http.Resp adminRole = Http.postJson(realmAdmin("/app-credentials/users/" + demoAdminId), impersonator,
                Map.of("name", "escalate", "clientRoles", Map.of("realm-management", List.of("realm-admin"))));
        assertEquals(403, adminRole.status(), adminRole.toString());
        assertTrue(adminRole.json().get("errorMessage").asText().contains("realm-admin"), adminRole.toString());
        assertEquals(before, Http.get(realmAdmin("/app-credentials?user=" + demoAdminId), admin()).json().size(), "nothing created");

        // A realm admin may.
        String realmAdmin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        Http.Resp ok = Http.postJson(realmAdmin("/app-credentials/users/" + owner.id()), realmAdmin,
                Map.of("name", "by-realm-admin-" + System.nanoTime(), "clientRoles", Map.of("my-api", List.of("reader"))));
        assertEquals(201, ok.status(), ok.toString());
    }

    // ------------------------------------------------------------------------------------------- token endpoint

    @Test
    void tokenExchangeRefusesACredentialTokenAsSubjectOrActor() {
        String myApi = Http.get(realmAdmin("/clients?clientId=my-api"), admin()).json().get(0).get("id").asText();
        JsonNode client = Http.get(realmAdmin("/clients/" + myApi), admin()).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.get("attributes")).put("standard.token.exchange.enabled", "true");
        assertEquals(204, Http.putJson(realmAdmin("/clients/" + myApi), admin(), client).status());
        String source = "exchange-source-" + System.nanoTime();
        try {
            // Control: an ordinary user token with my-api in its audience is exchanged.
            assertEquals(201, Http.postJson(realmAdmin("/clients"), admin(), Map.of("clientId", source, "publicClient", true,
                    "directAccessGrantsEnabled", true, "protocolMappers", List.of(Map.of("name", "aud-my-api",
                            "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                            "config", Map.of("included.client.audience", "my-api", "access.token.claim", "true"))))).status());
            Http.Resp userLogin = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password", "client_id", source,
                    "username", owner.username(), "password", "password", "totp", io.appcredentials.it.support.Totp.now(Demo.TEST_TOTP)), null, null);
            assertEquals(200, userLogin.status(), userLogin.toString());
            Http.Resp control = exchange(userLogin.json().get("access_token").asText(), null);
            assertEquals(200, control.status(), "control: " + control);

            String token = narrowToken();
            assertTrue(Http.claims(token).get("aud").toString().contains("my-api"), "my-api is in the credential token's audience");
            Http.Resp subject = exchange(token, null);
            assertEquals(400, subject.status(), subject.toString());
            assertEquals("invalid_request", subject.json().get("error").asText());
            assertFalse(subject.body().contains("access_token"), subject.toString());
            Http.Resp actor = exchange(userLogin.json().get("access_token").asText(), token);
            assertEquals(400, actor.status(), actor.toString());
        } finally {
            ((com.fasterxml.jackson.databind.node.ObjectNode) client.get("attributes")).put("standard.token.exchange.enabled", "false");
            Http.putJson(realmAdmin("/clients/" + myApi), admin(), client);
            JsonNode created = Http.get(realmAdmin("/clients?clientId=" + source), admin()).json();
            if (created.size() > 0) {
                Http.delete(realmAdmin("/clients/" + created.get(0).get("id").asText()), admin());
            }
        }
    }

    private Http.Resp exchange(String subjectToken, String actorToken) {
        Map<String, String> form = Http.form("grant_type", GRANT_EXCHANGE, "subject_token", subjectToken,
                "subject_token_type", ACCESS_TOKEN_TYPE);
        if (actorToken != null) {
            form.put("actor_token", actorToken);
            form.put("actor_token_type", ACCESS_TOKEN_TYPE);
        }
        return Http.postForm(server.tokenEndpoint(Demo.REALM), form, "my-api", "my-api-secret");
    }

    @Test
    void umaGrantsRefuseACredentialToken() {
        String token = narrowToken();
        // as the bearer of the request
        Http.Resp bearer = Http.postFormBearer(server.tokenEndpoint(Demo.REALM), token, Http.form("grant_type", GRANT_UMA, "audience", "my-api"));
        assertEquals(400, bearer.status(), bearer.toString());
        assertFalse(bearer.body().contains("access_token"), bearer.toString());
        // as subject token of an authenticated client
        Http.Resp subject = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", GRANT_UMA,
                "audience", "my-api", "subject_token", token), "my-api", "my-api-secret");
        assertEquals(400, subject.status(), subject.toString());
        assertEquals("unauthorized_client", subject.json().path("error").asText(), subject.toString());
        assertEquals("Invalid identity", subject.json().path("error_description").asText(), subject.toString());
        // control: the owner's own token passes that step and fails later, on the client's (absent) permissions
        Http.Resp control = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", GRANT_UMA,
                "audience", "my-api", "subject_token", owner.token(server)), "my-api", "my-api-secret");
        assertEquals("invalid_request", control.json().path("error").asText(), control.toString());
        assertFalse(subject.body().contains("access_token"), subject.toString());
    }

    // ------------------------------------------------------------------------------------------- userinfo

    @Test
    void userinfoAnswersWithIdentityAndRefusesWhenItWouldRebuildRoles() {
        String token = narrowToken();
        String userinfo = server.realmUrl(Demo.REALM) + "/protocol/openid-connect/userinfo";
        Http.Resp ok = Http.get(userinfo, token);
        assertEquals(200, ok.status(), ok.toString());
        assertEquals(owner.username(), ok.json().get("preferred_username").asText());
        assertNull(ok.json().get("realm_access"));
        assertNull(ok.json().get("resource_access"));

        String app = Http.get(realmAdmin("/clients?clientId=app-credentials"), admin()).json().get(0).get("id").asText();
        Http.Resp mapper = Http.postJson(realmAdmin("/clients/" + app + "/protocol-mappers/models"), admin(), Map.of(
                "name", "roles-in-userinfo", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-realm-role-mapper",
                "config", Map.of("claim.name", "realm_roles", "multivalued", "true", "userinfo.token.claim", "true",
                        "access.token.claim", "false", "id.token.claim", "false")));
        assertEquals(201, mapper.status(), mapper.toString());
        String mapperUrl = mapper.header("Location");
        try {
            Http.Resp refused = Http.get(userinfo, token);
            assertEquals(401, refused.status(), "userinfo would show the owner's roles: " + refused);
            assertFalse(refused.body().contains("writer"));
        } finally {
            assertEquals(204, Http.delete(mapperUrl, admin()).status());
        }
        assertEquals(200, Http.get(userinfo, token).status(), "without the mapper it answers again");

        // A mapper that says nothing about userinfo but puts its claim into the ID token is in userinfo too
        // (Keycloak's rule): the microprofile-jwt scope's "groups" mapper lists the user's realm roles that way.
        JsonNode mp = Demo.create(server, owner.token(server), Map.of("name", "mp-" + System.nanoTime(), "scopes", List.of("microprofile-jwt")));
        String mpToken = tokenOf(mp);
        assertNull(Http.claims(mpToken).get("groups"), "control: the token itself has no roles in groups");
        Http.Resp groups = Http.get(userinfo, mpToken);
        assertEquals(401, groups.status(), "userinfo would list the owner's roles as groups: " + groups);
        assertFalse(groups.body().contains("writer"));
    }

    // ------------------------------------------------------------------------------------------- everything else

    @Test
    void everyOtherSurfaceRefusesIt() {
        String token = tokenOf(Demo.create(server, owner.token(server), Map.of("name", "elsewhere-" + System.nanoTime(),
                "clientRoles", Map.of("realm-management", List.of("view-users")))));
        String realm = server.realmUrl(Demo.REALM);
        // Surfaces that refuse the owner's own token as well (Keycloak answers before any token matters), so what
        // counts is the exact answer and that nothing about the owner comes back. The path spellings are refused by
        // Keycloak's own normalisation first; the extension's surface check refuses them too (SurfaceTest). Set-ups
        // where the owner's own token is accepted and the credential's refused: the protection API and UMA with a
        // ticket below, another provider's realm resource in OddConfigurationIT.
        Map<String, Integer> refusedGets = new java.util.LinkedHashMap<>();
        refusedGets.put(realm + "/authz/protection/resource_set", 403);
        refusedGets.put(realm + "/broker/nowhere/token", 400);
        refusedGets.put(realm + "/protocol/oid4vc/credential-offer-uri", 404);
        refusedGets.put(realm + "/app-credentials/%2e%2e/account/", 400);
        refusedGets.put(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/%2e%2e/" + Demo.REALM + "/users", 400);
        refusedGets.put(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users;a=b", 400);
        String ownToken = owner.token(server);
        for (Map.Entry<String, Integer> e : refusedGets.entrySet()) {
            Http.Resp r = Http.get(e.getKey(), token);
            assertEquals((int) e.getValue(), r.status(), e.getKey() + " -> " + r);
            assertEquals((int) e.getValue(), Http.get(e.getKey(), ownToken).status(), "control, the owner's own token: " + e.getKey());
            assertFalse(r.body().contains(owner.username()) || r.body().contains(owner.id()), e.getKey() + " answered about the owner: " + r);
        }
        // (the admin console's whoami, where the owner's own token is taken: see the admin API test)
        Http.Resp registration = Http.postJson(realm + "/clients-registrations/default", token, Map.of("clientId", "registered-by-credential"));
        assertEquals(401, registration.status(), registration.toString());
        assertEquals(0, Http.get(realmAdmin("/clients?clientId=registered-by-credential"), admin()).json().size());
        // this extension's own user API
        assertEquals(403, Http.get(Demo.credentialsUrl(server), token).status());
        // the control: the allowed surface itself
        assertEquals(200, Http.get(realmAdmin("/users?max=1"), token).status());
    }

    /**
     * The positive control for the protection API: an authorization-enabled resource server of the test's own, whose
     * {@code uma_protection} role the owner holds. The owner's own token from that client is ACCEPTED at
     * {@code /authz/protection/resource_set} (so the set-up reaches the protection API's own checks); a credential
     * for that same application ({@code azp} the resource server, the same role granted) is refused there.
     */
    @Test
    void theProtectionApiTakesTheOwnersTokenAndRefusesTheCredentialsOne() {
        String clientId = "rs-" + System.nanoTime();
        Http.Resp made = Http.postJson(realmAdmin("/clients"), admin(), Map.of("clientId", clientId, "publicClient", false,
                "secret", "rs-secret", "serviceAccountsEnabled", true, "authorizationServicesEnabled", true,
                "directAccessGrantsEnabled", true, "fullScopeAllowed", true));
        assertEquals(201, made.status(), made.toString());
        String uuid = Http.get(realmAdmin("/clients?clientId=" + clientId), admin()).json().get(0).get("id").asText();
        JsonNode before = Demo.setPolicy(server, Map.of("allowedClients", List.of("app-credentials", clientId)));
        try {
            JsonNode role = Http.get(realmAdmin("/clients/" + uuid + "/roles/uma_protection"), admin()).json();
            assertEquals(204, Http.postJson(realmAdmin("/users/" + owner.id() + "/role-mappings/clients/" + uuid), admin(),
                    List.of(Map.of("id", role.get("id").asText(), "name", "uma_protection"))).status());
            String resourceSet = server.realmUrl(Demo.REALM) + "/authz/protection/resource_set";

            Http.Resp login = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password",
                    "username", owner.username(), "password", "password", "totp", io.appcredentials.it.support.Totp.now(Demo.TEST_TOTP)),
                    clientId, "rs-secret");
            assertEquals(200, login.status(), "the owner's login at the resource server: status " + login.status());
            Http.Resp accepted = Http.get(resourceSet, login.json().get("access_token").asText());
            assertEquals(200, accepted.status(), "control: the owner's own token is accepted by the protection API: " + accepted);
            assertTrue(accepted.json().isArray(), accepted.toString());

            JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "protection-" + System.nanoTime(),
                    "clientId", clientId, "clientRoles", Map.of(clientId, List.of("uma_protection"))));
            String token = tokenOf(c);
            Http.Resp refused = Http.get(resourceSet, token);
            assertTrue(refused.status() == 401 || refused.status() == 403, "the credential's token at the protection API: " + refused);
            assertFalse(refused.body().contains("\"_id\""), refused.toString());
            Http.Resp write = Http.postJson(resourceSet, token, Map.of("name", "made-by-credential-" + System.nanoTime()));
            assertTrue(write.status() == 401 || write.status() == 403, "a resource created with the credential's token: " + write);
        } finally {
            Demo.restorePolicy(server, before);
            Http.delete(realmAdmin("/clients/" + uuid), admin());
        }
    }

    /**
     * The positive control for UMA with a permission ticket: a resource server of the test's own, with a resource, a
     * user policy that names the owner and a permission tying them. The resource server asks for a ticket for that
     * resource; the owner's own token with the ticket is ACCEPTED at the token endpoint (an RPT granting the
     * resource), so the set-up reaches Keycloak's policy evaluation, which would grant the owner. The credential's
     * token with a ticket for the same resource gets no RPT.
     */
    @Test
    void umaWithATicketTakesTheOwnersTokenAndRefusesTheCredentialsOne() {
        String clientId = "uma-rs-" + System.nanoTime();
        Http.Resp made = Http.postJson(realmAdmin("/clients"), admin(), Map.of("clientId", clientId, "publicClient", false,
                "secret", "rs-secret", "serviceAccountsEnabled", true, "authorizationServicesEnabled", true));
        assertEquals(201, made.status(), made.toString());
        String uuid = Http.get(realmAdmin("/clients?clientId=" + clientId), admin()).json().get(0).get("id").asText();
        try {
            String authz = "/clients/" + uuid + "/authz/resource-server";
            Http.Resp resource = Http.postJson(realmAdmin(authz + "/resource"), admin(), Map.of("name", "report-" + System.nanoTime()));
            assertEquals(201, resource.status(), resource.toString());
            String resourceId = resource.json().get("_id").asText();
            Http.Resp policy = Http.postJson(realmAdmin(authz + "/policy/user"), admin(), Map.of("name", "the-owner",
                    "users", List.of(owner.id())));
            assertEquals(201, policy.status(), policy.toString());
            Http.Resp permission = Http.postJson(realmAdmin(authz + "/permission/resource"), admin(), Map.of("name", "owner-reads-report",
                    "resources", List.of(resourceId), "policies", List.of(policy.json().get("id").asText())));
            assertEquals(201, permission.status(), permission.toString());

            Http.Resp pat = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "client_credentials"), clientId, "rs-secret");
            assertEquals(200, pat.status(), pat.toString());
            String ticketUrl = server.realmUrl(Demo.REALM) + "/authz/protection/permission";

            String ownersTicket = ticket(ticketUrl, pat, resourceId);
            Http.Resp accepted = Http.postFormBearer(server.tokenEndpoint(Demo.REALM), owner.token(server),
                    Http.form("grant_type", GRANT_UMA, "ticket", ownersTicket));
            assertEquals(200, accepted.status(), "control: the owner's own token with the ticket gets an RPT: " + accepted);
            JsonNode granted = Http.claims(accepted.json().get("access_token").asText()).path("authorization").path("permissions");
            assertTrue(granted.toString().contains(resourceId), "the RPT grants the resource: " + granted);

            String token = narrowToken();
            Http.Resp refused = Http.postFormBearer(server.tokenEndpoint(Demo.REALM), token,
                    Http.form("grant_type", GRANT_UMA, "ticket", ticket(ticketUrl, pat, resourceId)));
            assertTrue(refused.status() >= 400 && refused.status() < 500, "the credential's token with a ticket: " + refused);
            assertFalse(refused.body().contains("access_token"), refused.toString());
        } finally {
            Http.delete(realmAdmin("/clients/" + uuid), admin());
        }
    }

    /** A permission ticket for the resource, asked for by the resource server with its protection API token. */
    private String ticket(String ticketUrl, Http.Resp pat, String resourceId) {
        Http.Resp ticket = Http.postJson(ticketUrl, pat.json().get("access_token").asText(), List.of(Map.of("resource_id", resourceId)));
        assertEquals(201, ticket.status(), ticket.toString());
        return ticket.json().get("ticket").asText();
    }

    // ------------------------------------------------------------------------------------------- the user API itself

    @Test
    void onlyTokensWithTheAccountRolesManageCredentials() {
        // an application the user signed in to, which was given no account roles (full scope off, basic scope only)
        String spa = "third-party-" + System.nanoTime();
        assertEquals(201, Http.postJson(realmAdmin("/clients"), admin(), Map.of("clientId", spa, "publicClient", true,
                "directAccessGrantsEnabled", true, "fullScopeAllowed", false, "defaultClientScopes", List.of("basic"))).status());
        try {
            Http.Resp login = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password", "client_id", spa,
                    "username", owner.username(), "password", "password", "totp", io.appcredentials.it.support.Totp.now(Demo.TEST_TOTP)), null, null);
            assertEquals(200, login.status(), login.toString());
            String appToken = login.json().get("access_token").asText();
            int before = Http.get(Demo.credentialsUrl(server), owner.token(server)).json().size();
            Http.Resp mint = Http.postJson(Demo.credentialsUrl(server), appToken, Map.of("name", "via-app",
                    "realmRoles", List.of("writer"), "clientRoles", Map.of("realm-management", List.of("view-users"))));
            assertEquals(403, mint.status(), mint.toString());
            assertFalse(mint.body().contains("acs_"));
            assertEquals(403, Http.get(Demo.credentialsUrl(server), appToken).status(), "not even the list");
            assertEquals(before, Http.get(Demo.credentialsUrl(server), owner.token(server)).json().size(), "nothing created");
            // control: Keycloak's own account API refuses that token as well
            assertEquals(401, Http.getJson(server.realmUrl(Demo.REALM) + "/account/", appToken).status());
        } finally {
            JsonNode created = Http.get(realmAdmin("/clients?clientId=" + spa), admin()).json();
            if (created.size() > 0) {
                Http.delete(realmAdmin("/clients/" + created.get(0).get("id").asText()), admin());
            }
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() {
        byte[] body = "{\"name\":\"x\u00c3(\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        body[10] = (byte) 0xc3;
        body[11] = (byte) 0x28;
        Http.Resp r = Http.postBytes(Demo.credentialsUrl(server), owner.token(server), "application/json", body);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.json().get("errorMessage").asText().contains("UTF-8"), r.toString());
    }

    // ------------------------------------------------------------------------------------------- owner checks

    @Test
    void aTemporaryLockoutOfTheOwnersPasswordDoesNotStopTheirCredentials() {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "survives-lockout"));
        // the demo realm locks an account after 10 failures; a few more to be sure
        for (int i = 0; i < 12; i++) {
            Demo.login(server, user.username(), "wrong-password-" + i, null);
        }
        JsonNode status = Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/attack-detection/brute-force/users/" + user.id(), admin()).json();
        assertTrue(status.get("disabled").asBoolean(), "control: the owner is locked out: " + status);
        assertEquals(400, Demo.login(server, user.username(), "password", Demo.TEST_TOTP).status(), "control: the password is refused");

        Http.Resp r = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(200, r.status(), "credential still works: " + r);

        // Disabling the owner does stop it.
        JsonNode rep = Http.get(realmAdmin("/users/" + user.id()), admin()).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) rep).put("enabled", false);
        assertEquals(204, Http.putJson(realmAdmin("/users/" + user.id()), admin(), rep).status());
        Http.Resp disabled = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, disabled.status(), disabled.toString());
        assertTrue(disabled.json().get("error_description").asText().contains("disabled"), disabled.toString());
    }

    // ------------------------------------------------------------------------------------------- secrets

    @Test
    void aSwappedIdAndSecretIsRefusedAndTheSecretLandsInNoLogAndNoEvent() {
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "swapped-" + System.nanoTime()));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        String tokenEndpoint = server.tokenEndpoint(Demo.REALM);

        List<Http.Resp> answers = List.of(
                Http.postForm(tokenEndpoint, Http.form("grant_type", "client_credentials"), secret, id),
                Http.postForm(tokenEndpoint, Http.form("grant_type", "client_credentials", "client_id", secret, "client_secret", id), null, null),
                Http.postForm(tokenEndpoint, Http.form("grant_type", "client_credentials", "client_id", secret), null, null),
                Http.postForm(tokenEndpoint, Http.form("grant_type", "password", "username", owner.username(), "password", "x"), id, secret),
                Http.postForm(tokenEndpoint, Http.form("grant_type", "password", "username", owner.username(), "password", "x"), secret, id),
                Http.postForm(tokenEndpoint + "/introspect", Http.form("token", "x"), secret, id),
                Http.postForm(tokenEndpoint + "/introspect", Http.form("token", "x"), id, secret),
                Http.postForm(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/revoke", Http.form("token", "x"), secret, id));
        for (Http.Resp r : answers) {
            assertEquals(401, r.status(), r.toString());
            assertFalse(r.body().contains(secret), r.toString());
        }
        // pasted with quotes or spaces around it
        for (String shaped : List.of(" " + secret, "\"" + secret + "\"", "'" + secret + "'", secret + "\n")) {
            Http.Resp r = Http.postForm(tokenEndpoint, Http.form("grant_type", "client_credentials", "client_id", shaped, "client_secret", id), null, null);
            assertEquals(401, r.status(), r.toString());
        }
        // at endpoints that are not client authentication: Keycloak records the client id it was given
        String realm = server.realmUrl(Demo.REALM) + "/protocol/openid-connect";
        Http.get(realm + "/auth?client_id=" + secret + "&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null);
        Http.get(realm + "/logout?client_id=" + secret + "&post_logout_redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null);

        String admin = admin();
        String events = Http.get(realmAdmin("/events?max=500"), admin).body();
        assertFalse(events.contains(secret.substring(4, 40)), "secret in an event");
        assertTrue(events.contains("acs_[redacted]"), "control: the authorization endpoint's event was recorded, redacted");
        String log = server.logText();
        assertFalse(log.contains(secret.substring(4, 40)), "secret in the server log");
        assertTrue(log.contains("acs_[redacted]"), "control: Keycloak logged the attempts, redacted");
    }
}
