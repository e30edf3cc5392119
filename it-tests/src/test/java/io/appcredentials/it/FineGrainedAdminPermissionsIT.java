package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/**
 * Fine-grained admin permissions (v2): in a realm with {@code adminPermissionsEnabled}, an administrator allowed, through
 * a group permission set up with Keycloak's admin API as an administrator would, to view, manage and impersonate the
 * members of one group (and to query users, as Keycloak's user list needs) administers the credentials of that group's
 * members and of no one else, and lists exactly theirs, page by page. Credential tokens stay refused on the admin API.
 */
@ExtendWith(TestServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FineGrainedAdminPermissionsIT {

    private static KeycloakServer server;
    private static String realm;
    private static Map<String, String> userIds = new HashMap<>();
    /** Credential IDs by owner username, in the order they were created: outsider, member, outsider, member. */
    private static Map<String, String> credentials = new HashMap<>();
    private static String groupAdminToken;

    private static String admin() {
        return Demo.masterAdminToken(server);
    }

    private static String url(String path) {
        return server.baseUrl() + "/admin/realms/" + realm + path;
    }

    @BeforeAll
    static void aRealmWithAGroupAdministrator() {
        server = TestServer.server();
        realm = "fgap-" + Long.toString(System.nanoTime(), 36);
        Http.Resp created = Http.postJson(server.baseUrl() + "/admin/realms", admin(), Map.of("realm", realm, "enabled", true,
                "adminPermissionsEnabled", true, "otpPolicyCodeReusable", true));
        assertEquals(201, created.status(), created.toString());
        assertEquals(201, Http.postJson(url("/roles"), admin(), Map.of("name", "reader")).status());
        assertEquals(201, Http.postJson(url("/groups"), admin(), Map.of("name", "team")).status());
        String team = Http.get(url("/groups?search=team&exact=true"), admin()).json().get(0).get("id").asText();

        List<Map<String, Object>> users = new ArrayList<>();
        for (String name : List.of("member-1", "member-2", "outsider-1", "outsider-2")) {
            Map<String, Object> user = user(name);
            user.put("realmRoles", List.of("reader"));
            if (name.startsWith("member")) {
                user.put("groups", List.of("/team"));
            }
            users.add(user);
        }
        Map<String, Object> groupAdmin = user("group-admin");
        groupAdmin.put("clientRoles", Map.of("realm-management", List.of("query-users")));
        users.add(groupAdmin);
        assertEquals(200, Http.postJson(url("/partialImport"), admin(), Map.of("ifResourceExists", "FAIL", "users", users)).status());
        for (JsonNode u : Http.get(url("/users?max=100"), admin()).json()) {
            userIds.put(u.get("username").asText(), u.get("id").asText());
        }

        // Keycloak's admin API for permissions: a user policy for the group administrator, a permission on the group
        String permissionsClient = Http.get(url("/clients?clientId=admin-permissions"), admin()).json().get(0).get("id").asText();
        String authz = url("/clients/" + permissionsClient + "/authz/resource-server");
        Http.Resp policy = Http.postJson(authz + "/policy/user", admin(), Map.of("name", "group-admin", "logic", "POSITIVE",
                "users", List.of(userIds.get("group-admin"))));
        assertEquals(201, policy.status(), policy.toString());
        Http.Resp permission = Http.postJson(authz + "/permission/scope", admin(), Map.of("name", "administer-team",
                "type", "scope", "resourceType", "Groups", "resources", List.of(team), "decisionStrategy", "UNANIMOUS",
                "scopes", List.of("view-members", "manage-members", "impersonate-members"),
                "policies", List.of(policy.json().get("id").asText())));
        assertEquals(201, permission.status(), permission.toString());

        // credentials, created by the server's administrator, outsiders' and members' interleaved in time
        for (String owner : List.of("outsider-1", "member-1", "outsider-2", "member-2")) {
            Http.Resp c = Http.postJson(url("/app-credentials/users/" + userIds.get(owner)), admin(), Map.of("name", "of-" + owner));
            assertEquals(201, c.status(), c.toString());
            credentials.put(owner, c.json().get("id").asText());
        }
        Http.Resp login = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", "group-admin", "password", "password", "totp", Totp.now(Demo.TEST_TOTP)), null, null);
        assertEquals(200, login.status(), login.toString());
        groupAdminToken = login.json().get("access_token").asText();
    }

    private static Map<String, Object> user(String name) {
        Map<String, Object> user = new HashMap<>();
        user.put("username", name);
        user.put("enabled", true);
        user.put("email", name + "@example.com");
        user.put("emailVerified", true);
        user.put("firstName", "Test");
        user.put("lastName", "User");
        user.put("credentials", List.of(
                Map.of("type", "password", "value", "password", "temporary", false),
                Map.of("type", "otp", "userLabel", "test", "secretData", "{\"value\":\"" + Demo.TEST_TOTP + "\"}",
                        "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}")));
        return user;
    }

    @AfterAll
    static void removeTheRealm() {
        if (realm != null) {
            Http.delete(server.baseUrl() + "/admin/realms/" + realm, admin());
        }
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> out = new HashSet<>();
        list.forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    @Test
    @Order(1)
    void theListShowsOnlyTheGroupMembersCredentialsAndPagesOverThem() {
        // control: Keycloak's own user list shows this administrator the group's members only
        Set<String> visibleUsers = new HashSet<>();
        Http.get(url("/users?max=100"), groupAdminToken).json().forEach(u -> visibleUsers.add(u.get("username").asText()));
        assertEquals(Set.of("member-1", "member-2"), visibleUsers);

        Http.Resp all = Http.get(url("/app-credentials?state=active"), groupAdminToken);
        assertEquals(200, all.status(), all.toString());
        Set<String> members = Set.of(credentials.get("member-1"), credentials.get("member-2"));
        assertTrue(ids(all.json()).containsAll(members), all.toString());
        for (JsonNode c : all.json()) {
            assertTrue(c.get("owner").get("username").asText().startsWith("member-"), "an outsider's credential: " + c);
        }
        // pages are counted over what the administrator may see, not over every credential of the realm
        Set<String> paged = new HashSet<>();
        for (int first = 0; first < 2; first++) {
            JsonNode page = Http.get(url("/app-credentials?state=active&first=" + first + "&max=1"), groupAdminToken).json();
            assertEquals(1, page.size(), "page " + first + ": " + page);
            paged.addAll(ids(page));
        }
        assertEquals(members, paged);
        assertEquals(0, Http.get(url("/app-credentials?state=active&first=2&max=1"), groupAdminToken).json().size());

        // one owner: a member's list, an outsider's refused
        assertEquals(Set.of(credentials.get("member-1")),
                ids(Http.get(url("/app-credentials?state=active&user=" + userIds.get("member-1")), groupAdminToken).json()));
        assertEquals(403, Http.get(url("/app-credentials?user=" + userIds.get("outsider-1")), groupAdminToken).status());
        // control: the realm-wide administrator sees all four
        assertTrue(ids(Http.get(url("/app-credentials?state=active"), admin()).json()).containsAll(credentials.values()));
    }

    @Test
    @Order(2)
    void aMembersCredentialIsAdministeredAnOutsidersIsRefused() {
        String member = url("/app-credentials/" + credentials.get("member-1"));
        String outsider = url("/app-credentials/" + credentials.get("outsider-1"));
        assertEquals(200, Http.get(member, groupAdminToken).status());
        assertEquals(403, Http.get(outsider, groupAdminToken).status());
        assertEquals(404, Http.get(url("/app-credentials/ac_" + "0".repeat(20)), groupAdminToken).status(), "may query users: told it does not exist");

        Http.Resp changed = Http.patchJson(member, groupAdminToken, Map.of("description", "by the group administrator"));
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(403, Http.patchJson(outsider, groupAdminToken, Map.of("state", "disabled")).status());
        assertEquals(403, Http.delete(outsider, groupAdminToken).status());
        assertEquals(403, Http.delete(url("/app-credentials/users/" + userIds.get("outsider-1")), groupAdminToken).status());
        JsonNode untouched = Http.get(outsider, admin()).json();
        assertEquals("active", untouched.get("state").asText(), untouched.toString());
    }

    @Test
    @Order(3)
    void creatingForAMemberNeedsManageAndImpersonationOnThemAndRoleMappingForEveryRole() {
        Http.Resp minted = Http.postJson(url("/app-credentials/users/" + userIds.get("member-2")), groupAdminToken, Map.of("name", "minted"));
        assertEquals(201, minted.status(), minted.toString());
        Http.Resp outsider = Http.postJson(url("/app-credentials/users/" + userIds.get("outsider-2")), groupAdminToken, Map.of("name", "minted"));
        assertEquals(403, outsider.status(), outsider.toString());
        // the member holds "reader", but this administrator may not map roles to them
        Http.Resp withRole = Http.postJson(url("/app-credentials/users/" + userIds.get("member-2")), groupAdminToken,
                Map.of("name", "with-role", "realmRoles", List.of("reader")));
        assertEquals(403, withRole.status(), withRole.toString());
        int outsiders = Http.get(url("/app-credentials?user=" + userIds.get("outsider-2")), admin()).json().size();
        assertEquals(1, outsiders, "nothing created for the outsider");

        // revoking all of a member's credentials: allowed
        Http.Resp revokedAll = Http.delete(url("/app-credentials/users/" + userIds.get("member-2")), groupAdminToken);
        assertEquals(200, revokedAll.status(), revokedAll.toString());
        assertNotEquals(0, revokedAll.json().get("revoked").asInt());
        // unknown users: 404 to an administrator who may query users
        assertEquals(404, Http.postJson(url("/app-credentials/users/00000000-0000-0000-0000-000000000000"), groupAdminToken,
                Map.of("name", "x")).status());
    }

    /** Under fine-grained admin permissions no credential token is taken by the admin API: they grant powers no token shows. */
    @Test
    @Order(4)
    void credentialTokensStayRefusedOnTheAdminApi() {
        Http.Resp c = Http.postJson(url("/app-credentials/users/" + userIds.get("group-admin")), admin(),
                Map.of("name", "group-admin-tool", "clientRoles", Map.of("realm-management", List.of("query-users"))));
        assertEquals(201, c.status(), c.toString());
        Http.Resp token = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "client_credentials"),
                c.json().get("id").asText(), c.json().get("secret").asText());
        assertEquals(200, token.status(), token.toString());
        String bearer = token.json().get("access_token").asText();
        assertEquals(401, Http.get(url("/users"), bearer).status());
        assertEquals(401, Http.get(url("/app-credentials"), bearer).status());
        assertEquals(401, Http.get(server.baseUrl() + "/admin/serverinfo", bearer).status());
        assertEquals(200, Http.get(url("/users"), groupAdminToken).status(), "control: the administrator's own token");
    }

    /** Someone without admin rights learns nothing, not even whether a credential or a user exists (as Keycloak answers). */
    @Test
    @Order(5)
    void aUserWithoutAdminRightsIsRefusedAndLearnsNothing() {
        Http.Resp login = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", "outsider-1", "password", "password", "totp", Totp.now(Demo.TEST_TOTP)), null, null);
        assertEquals(200, login.status(), login.toString());
        String nobody = login.json().get("access_token").asText();
        assertEquals(403, Http.get(url("/app-credentials"), nobody).status());
        assertEquals(403, Http.get(url("/app-credentials/" + credentials.get("outsider-1")), nobody).status(), "not even one's own here");
        assertEquals(403, Http.get(url("/app-credentials/ac_" + "0".repeat(20)), nobody).status(), "an unknown credential: 403, not 404");
        assertEquals(403, Http.postJson(url("/app-credentials/users/00000000-0000-0000-0000-000000000000"), nobody, Map.of("name", "x")).status(),
                "an unknown user: 403, not 404");
        assertEquals(403, Http.delete(url("/app-credentials/users/" + userIds.get("member-1")), nobody).status());
    }
}
