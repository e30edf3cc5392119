package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.Kcadm;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/** The admin REST resource (issue 7): listing, control, on-behalf creation, permissions, events. */
@ExtendWith(TestServer.class)
class AdminApiIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    private String admin() {
        return Demo.masterAdminToken(server);
    }

    private String url(String path) {
        return Demo.adminCredentialsUrl(server) + path;
    }

    @Test
    void listFiltersPagesAndShowsTheOwnerButNeverTheSecret() {
        JsonNode a = Demo.create(server, user.token(server), Map.of("name", "a"));
        JsonNode b = Demo.create(server, user.token(server), Map.of("name", "b"));
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "c"));
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), user.token(server)).status());

        Http.Resp all = Http.get(url("?user=" + user.id()), admin());
        assertEquals(200, all.status(), all.toString());
        assertEquals(3, all.json().size());
        for (JsonNode n : all.json()) {
            assertEquals(user.id(), n.get("owner").get("id").asText());
            assertEquals(user.username(), n.get("owner").get("username").asText());
        }
        for (JsonNode created : List.of(a, b, c)) {
            assertFalse(all.body().contains(created.get("secret").asText()));
        }
        assertFalse(all.body().contains("\"secret\""));
        assertEquals(2, Http.get(url("?user=" + user.id() + "&state=active"), admin()).json().size());
        assertEquals(1, Http.get(url("?user=" + user.id() + "&state=revoked"), admin()).json().size());
        assertEquals(3, Http.get(url("?user=" + user.id() + "&clientId=app-credentials"), admin()).json().size());
        assertEquals(0, Http.get(url("?user=" + user.id() + "&clientId=my-api"), admin()).json().size());
        Set<String> paged = new HashSet<>();
        for (int first = 0; first < 3; first++) {
            JsonNode page = Http.get(url("?user=" + user.id() + "&first=" + first + "&max=1"), admin()).json();
            assertEquals(1, page.size());
            paged.add(page.get(0).get("id").asText());
        }
        assertEquals(3, paged.size(), "pages do not overlap");
        assertEquals(400, Http.get(url("?state=bogus"), admin()).status());
        assertEquals(400, Http.get(url("?max=-1"), admin()).status());
    }

    @Test
    void adminsGetPatchDisableAndRevokeAnyCredential() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "managed"));
        String id = c.get("id").asText();
        assertEquals("managed", Http.get(url("/" + id), admin()).json().get("name").asText());
        Http.Resp patched = Http.patchJson(url("/" + id), admin(), Map.of("state", "disabled", "description", "paused by admin"));
        assertEquals(200, patched.status(), patched.toString());
        assertEquals("disabled", patched.json().get("state").asText());
        Http.Resp refused = Demo.clientCredentialsBasic(server, id, c.get("secret").asText());
        assertEquals(401, refused.status());
        assertTrue(refused.json().get("error_description").asText().contains("disabled"));
        assertEquals(200, Http.patchJson(url("/" + id), admin(), Map.of("state", "active")).status());
        assertEquals(200, Demo.clientCredentialsBasic(server, id, c.get("secret").asText()).status());
        assertEquals(400, Http.patchJson(url("/" + id), admin(), Map.of("state", "revoked")).status());
        assertEquals(204, Http.delete(url("/" + id), admin()).status());
        assertEquals("revoked", Http.get(url("/" + id), admin()).json().get("state").asText());
        assertEquals(409, Http.patchJson(url("/" + id), admin(), Map.of("state", "active")).status());
        assertEquals(404, Http.get(url("/ac_00000000000000000000"), admin()).status());
    }

    @Test
    void adminsCreateOnBehalfWithoutMfaAndRevokeAllOfAUser() {
        // the administrator proves no second factor of their own; the owner must have one (see AdminCredentialBindingIT)
        String bobId = user.id();
        Http.Resp created = Http.postJson(url("/users/" + bobId), admin(), Map.of("name", "for-bob-" + System.nanoTime(), "realmRoles", List.of("reader")));
        assertEquals(201, created.status());
        JsonNode c = created.json();
        assertTrue(c.get("secret").asText().startsWith("acs_"));
        // the URL as Content-Location, no Location (which kcadm would follow, losing the secret)
        assertEquals(url("/" + c.get("id").asText()), created.header("Content-Location"));
        assertEquals(null, created.header("Location"));
        assertTrue(c.get("createdBy").get("admin").asBoolean());
        assertEquals("admin", c.get("createdBy").get("username").asText());
        assertEquals(user.username(), c.get("owner").get("username").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status());
        Http.Resp unheld = Http.postJson(url("/users/" + bobId), admin(), Map.of("name", "x",
                "clientRoles", Map.of("realm-management", List.of("manage-users"))));
        assertEquals(400, unheld.status(), "the owner must hold the roles, whoever creates it");
        assertEquals(404, Http.postJson(url("/users/no-such-user"), admin(), Map.of("name", "x")).status());

        Http.Resp revokedAll = Http.delete(url("/users/" + bobId), admin());
        assertEquals(200, revokedAll.status(), revokedAll.toString());
        assertTrue(revokedAll.json().get("revoked").asInt() >= 1);
        assertEquals(0, Http.get(url("?user=" + bobId + "&state=active"), admin()).json().size());
        assertEquals(401, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status());
    }

    /** The restrictions are fields of the admin API's create too, checked as in the user API and enforced alike. */
    @Test
    void adminsCreateRestrictedCredentialsToo() {
        Http.Resp created = Http.postJson(url("/users/" + user.id()), admin(), Map.of("name", "restricted-" + System.nanoTime(),
                "accessRules", List.of(Map.of("method", "GET", "path", "/admin/realms/demo/users/**")),
                "allowedCidrs", List.of("10.0.0.0/8"), "requireDpop", false));
        assertEquals(201, created.status());
        JsonNode c = created.json();
        assertEquals("[{\"method\":\"GET\",\"path\":\"/admin/realms/demo/users/**\"}]", c.get("accessRules").toString());
        assertEquals("[\"10.0.0.0/8\"]", c.get("allowedCidrs").toString());
        assertEquals(c.get("accessRules"), Http.get(url("/" + c.get("id").asText()), admin()).json().get("accessRules"));
        Http.Resp refused = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, refused.status());
        assertEquals("This application credential may not be used from the request's address", refused.json().get("error_description").asText());
        // the address is the one Keycloak uses: without --proxy-headers, an X-Forwarded-For from the client changes nothing
        Http.Resp spoofed = Http.request("POST", server.tokenEndpoint(Demo.REALM), Map.of(
                "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", "10.1.2.3", "Forwarded", "for=10.1.2.3",
                "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((c.get("id").asText() + ":" + c.get("secret").asText())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))), "grant_type=client_credentials");
        assertEquals(401, spoofed.status());
        assertEquals("This application credential may not be used from the request's address", spoofed.json().get("error_description").asText());

        Http.Resp bad = Http.postJson(url("/users/" + user.id()), admin(), Map.of("name", "bad-rule-" + System.nanoTime(),
                "accessRules", List.of(Map.of("method", "TRACE", "path", "/x"))));
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("accessRules[0].method", bad.json().get("field").asText());
    }

    @Test
    void permissionsFollowKeycloaksAdminRoles() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "guarded"));
        String id = c.get("id").asText();
        // no token: 401; bob (no admin role): 403; a view-users holder reads but cannot change; realm admin does all
        assertEquals(401, Http.get(url(""), null).status());
        String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
        assertEquals(403, Http.get(url(""), bob).status());
        assertEquals(403, Http.get(url("/policy"), bob).status());
        String viewer = user.token(server); // aliceLike users hold realm-management view-users
        assertEquals(200, Http.get(url("?user=" + user.id()), viewer).status());
        assertEquals(200, Http.get(url("/" + id), viewer).status());
        assertEquals(403, Http.patchJson(url("/" + id), viewer, Map.of("state", "disabled")).status());
        assertEquals(403, Http.delete(url("/" + id), viewer).status());
        assertEquals(403, Http.postJson(url("/users/" + user.id()), viewer, Map.of("name", "self-service")).status());
        assertEquals(403, Http.putJson(url("/policy"), viewer, Map.of("maxPerUser", 99)).status());
        String realmAdmin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        assertEquals(200, Http.get(url("/policy"), realmAdmin).status());
        assertEquals(200, Http.patchJson(url("/" + id), realmAdmin, Map.of("description", "seen by the realm admin")).status());
        assertEquals("active", Http.get(url("/" + id), realmAdmin).json().get("state").asText());
    }

    @Test
    void aRealmAdminListsDisablesRevokesAndSetsThePolicyWithKcadm() throws Exception {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "via-kcadm"));
        String id = c.get("id").asText();
        java.nio.file.Path config = java.nio.file.Files.createTempFile("kcadm-admin", ".config");
        java.nio.file.Files.delete(config);
        String cfg = "--config=" + config;
        Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                "--user", Demo.DEMO_ADMIN, "--password", Demo.DEMO_ADMIN_PASSWORD, cfg).assertOk();
        String listed = Kcadm.run(server, "get", "app-credentials", "-r", Demo.REALM, "-q", "user=" + user.id(), cfg).assertOk();
        assertTrue(listed.contains(id) && listed.contains(user.username()), listed);
        Kcadm.run(server, "update", "app-credentials/" + id, "-r", Demo.REALM, "-s", "state=disabled", cfg).assertOk();
        assertEquals("disabled", Http.get(url("/" + id), admin()).json().get("state").asText());
        Kcadm.run(server, "delete", "app-credentials/" + id, "-r", Demo.REALM, cfg).assertOk();
        assertEquals("revoked", Http.get(url("/" + id), admin()).json().get("state").asText());
        JsonNode before = Http.get(url("/policy"), admin()).json();
        try {
            Kcadm.run(server, "update", "app-credentials/policy", "-r", Demo.REALM, "-s", "maxPerUser=7", cfg).assertOk();
            assertEquals(7, Http.get(url("/policy"), admin()).json().get("maxPerUser").asInt());
            String policy = Kcadm.run(server, "get", "app-credentials/policy", "-r", Demo.REALM, cfg).assertOk();
            assertTrue(policy.contains("\"maxPerUser\" : 7"), policy);
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    /**
     * kcadm's "create … -o" prints what the create answered, secret included, so that a realm admin can hand the
     * secret on; and the credential works. Error texts speak of the owner, not of "you".
     */
    @Test
    void aRealmAdminCreatesOnBehalfWithKcadmAndGetsTheSecret() throws Exception {
        java.nio.file.Path config = java.nio.file.Files.createTempFile("kcadm-onbehalf", ".config");
        java.nio.file.Files.delete(config);
        String cfg = "--config=" + config;
        Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                "--user", Demo.DEMO_ADMIN, "--password", Demo.DEMO_ADMIN_PASSWORD, cfg).assertOk();
        java.time.LocalDate date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(200);
        String out = Kcadm.run(server, "create", "app-credentials/users/" + user.id(), "-r", Demo.REALM,
                "-s", "name=from-kcadm", "-s", "description=made by kcadm", "-s", "expiresAt=" + date,
                "-s", "clientRoles={\"my-api\":[\"reader\"]}", "-o", cfg).assertOk();
        JsonNode created = Http.JSON.readTree(out.substring(out.indexOf('{')));
        // the README's "-s expiresAt=2027-06-30": a date is the last second of that day, UTC
        assertEquals(date + "T23:59:59Z", created.get("expiresAt").asText());
        assertEquals("{\"my-api\":[\"reader\"]}", created.get("clientRoles").toString());
        String id = created.get("id").asText();
        String secret = created.get("secret").asText();
        assertTrue(id.startsWith("ac_") && secret.startsWith("acs_"), out);
        assertEquals(user.username(), created.get("owner").get("username").asText());
        assertTrue(created.get("createdBy").get("admin").asBoolean());
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "the printed secret works");
        // the -F option picks fields out of that answer, e.g. the ID alone for a script
        String onlyId = Kcadm.run(server, "create", "app-credentials/users/" + user.id(), "-r", Demo.REALM,
                "-s", "name=from-kcadm-2", "-o", "-F", "id", cfg).assertOk();
        assertTrue(onlyId.contains("\"id\" : \"ac_") && !onlyId.contains("acs_"), onlyId);
        // and the README's "-F id,secret": the ID and the secret, nothing else
        String idAndSecret = Kcadm.run(server, "create", "app-credentials/users/" + user.id(), "-r", Demo.REALM,
                "-s", "name=from-kcadm-3", "-o", "-F", "id,secret", cfg).assertOk();
        JsonNode picked = Http.JSON.readTree(idAndSecret.substring(idAndSecret.indexOf('{')));
        List<String> fields = new java.util.ArrayList<>();
        picked.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "secret"), fields);
        assertTrue(picked.get("id").asText().startsWith("ac_") && picked.get("secret").asText().startsWith("acs_"));
        assertEquals(200, Demo.clientCredentialsBasic(server, picked.get("id").asText(), picked.get("secret").asText()).status());

        Http.Resp taken = Http.postJson(url("/users/" + user.id()), admin(), Map.of("name", "from-kcadm"));
        assertEquals(409, taken.status(), taken.toString());
        assertEquals("User '" + user.username() + "' already has an application credential named 'from-kcadm'",
                taken.json().get("errorMessage").asText());
        Http.Resp notHeld = Http.postJson(url("/users/" + user.id()), admin(), Map.of("name", "x", "realmRoles", List.of("offline_access", "bogus-role")));
        assertEquals(400, notHeld.status());
    }

    /**
     * Every write endpoint of the admin API is an admin event: PATCH, PUT and DELETE of a credential, creation for
     * a user and revoking all of a user's credentials, and PUT of the policy (the default application's restore, in
     * a realm of its own: {@code DefaultApplicationIT}). None carries the secret.
     */
    @Test
    void everyWriteIsAnAdminEventWithoutTheSecret() {
        Demo.TestUser owner = Demo.aliceLike(server);
        String ownerId = owner.id();
        JsonNode c = Http.postJson(url("/users/" + ownerId), admin(), Map.of("name", "evented-" + System.nanoTime())).json();
        String id = c.get("id").asText();
        assertEquals(200, Http.patchJson(url("/" + id), admin(), Map.of("state", "disabled")).status());
        assertEquals(200, Http.putJson(url("/" + id), admin(), Map.of("name", c.get("name").asText(), "description", "replaced", "state", "active")).status());
        assertEquals(204, Http.delete(url("/" + id), admin()).status());
        JsonNode second = Http.postJson(url("/users/" + ownerId), admin(), Map.of("name", "evented-all-" + System.nanoTime())).json();
        Http.Resp all = Http.delete(url("/users/" + ownerId), admin());
        assertTrue(all.status() == 200 || all.status() == 204, all.toString());
        JsonNode policy = Http.get(Demo.policyUrl(server), admin()).json();
        long beforePolicyWrite = System.currentTimeMillis() - 1000; // other tests write the policy too: only this one counts
        assertEquals(200, Http.putJson(Demo.policyUrl(server), admin(), policy).status());

        Http.Resp events = Http.get(server.baseUrl() + "/admin/realms/demo/admin-events?max=500", admin());
        assertEquals(200, events.status());
        assertFalse(events.body().contains(c.get("secret").asText()), "secret in an admin event");
        assertFalse(events.body().contains(second.get("secret").asText()), "secret in an admin event");
        List<String> onCredential = new java.util.ArrayList<>();
        Set<String> onOwner = new HashSet<>();
        Set<String> onPolicy = new HashSet<>();
        for (JsonNode e : events.json()) {
            String path = e.path("resourcePath").asText();
            String operation = e.get("operationType").asText();
            if (path.endsWith(id)) {
                assertEquals("APP_CREDENTIAL", e.get("resourceType").asText());
                onCredential.add(operation);
            } else if (path.endsWith("app-credentials/users/" + ownerId)) {
                onOwner.add(operation);
            } else if (path.endsWith("app-credentials/policy") && e.path("time").asLong() >= beforePolicyWrite) {
                onPolicy.add(operation);
            }
        }
        java.util.Collections.sort(onCredential);
        assertEquals(List.of("CREATE", "DELETE", "UPDATE", "UPDATE"), onCredential, "create for the user, PATCH, PUT, DELETE");
        assertEquals(Set.of("DELETE"), onOwner, "revoke all of the user's credentials");
        assertEquals(Set.of("UPDATE"), onPolicy, "PUT policy");
    }
}
