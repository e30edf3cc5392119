package io.appcredentials.keycloak.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SurfaceTest {

    @Test
    void theAllowedSurfacesAreRecognisedInTheTokensRealm() {
        assertEquals(Surface.USERINFO, Surface.classify("realms/demo/protocol/openid-connect/userinfo", "demo"));
        assertEquals(Surface.INTROSPECTION, Surface.classify("realms/demo/protocol/openid-connect/token/introspect", "demo"));
        assertEquals(Surface.ACCOUNT_API, Surface.classify("realms/demo/account", "demo"));
        assertEquals(Surface.ACCOUNT_API, Surface.classify("realms/demo/account/", "demo"));
        assertEquals(Surface.ACCOUNT_API, Surface.classify("realms/demo/account/v1/credentials", "demo"));
        assertEquals(Surface.EXTENSION_API, Surface.classify("realms/demo/app-credentials/options", "demo"));
        assertEquals(Surface.EXTENSION_ADMIN_API, Surface.classify("admin/realms/demo/app-credentials/users/x", "demo"));
        assertEquals(Surface.ADMIN_API, Surface.classify("admin/realms/demo/users", "demo"));
        assertEquals(Surface.ADMIN_API, Surface.classify("/admin/realms/my%20realm/users", "my realm"));
    }

    /** What kcadm and Keycloak's Terraform provider read besides a realm's resources, each named exactly. */
    @Test
    void theAdminToolsOwnReadsAreRecognisedExactly() {
        assertEquals(Surface.ADMIN_SERVER_INFO, Surface.classify("admin/serverinfo", "demo"));
        assertEquals(Surface.ADMIN_SERVER_INFO, Surface.classify("/admin/serverinfo/", "demo"));
        assertEquals(Surface.ADMIN_REALM, Surface.classify("admin/realms/demo", "demo"));
        assertEquals(Surface.ADMIN_REALM, Surface.classify("admin/realms/demo/", "demo"));
        assertEquals(Surface.ADMIN_REALM, Surface.classify("admin/realms/my%20realm", "my realm"));
        assertEquals(Surface.ADMIN_REALMS, Surface.classify("admin/realms", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/realms/master", "demo"), "another realm");
        assertEquals(Surface.OTHER, Surface.classify("admin/serverinfo/x", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/serverinfo;a=b", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/server%69nfo", "demo"), "an encoded spelling is not the plain path");
        assertEquals(Surface.OTHER, Surface.classify("admin/%2e%2e/admin/serverinfo", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/realms/demo/%2e%2e", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/realms/demo/..", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/Serverinfo", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/master/console/whoami", "demo"));
    }

    @Test
    void everythingElseIsOther() {
        assertEquals(Surface.OTHER, Surface.classify("realms/demo/protocol/openid-connect/token", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("realms/demo/protocol/openid-connect/userinfo/x", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("realms/demo/authz/protection/resource_set", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("realms/demo/clients-registrations/default", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("realms/demo/some-other-extension", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("admin/demo/console/whoami", "demo"));
        assertEquals(Surface.OTHER, Surface.classify("realms/other/account", "demo"), "another realm");
        assertEquals(Surface.OTHER, Surface.classify("admin/realms/master/users", "demo"), "another realm");
        assertEquals(Surface.OTHER, Surface.classify(null, "demo"));
        assertEquals(Surface.OTHER, Surface.classify("", "demo"));
    }

    @Test
    void noSpellingMakesOneSurfaceLookLikeAnother() {
        for (String path : new String[] {
                "realms/demo/app-credentials/../protocol/openid-connect/token",
                "realms/demo/app-credentials/%2e%2e/account",
                "realms/demo/account/%2E%2E/%2E%2E/protocol/openid-connect/token",
                "realms/demo/account%2f..%2fprotocol",
                "realms/demo/account/%2F",
                "realms/demo//account",
                "realms/demo/./account",
                "realms/demo/account;jsessionid=1",
                "realms/demo/account\\..\\x",
                "realms/demo/account/%252e%252e",
                "realms/demo/account/%00",
                "admin/realms/demo/users/../../../realms/demo/protocol/openid-connect/token",
                "admin//realms/demo/users",
                "admin/realms/demo/./users"
        }) {
            assertEquals(Surface.OTHER, Surface.classify(path, "demo"), path);
        }
    }
}
