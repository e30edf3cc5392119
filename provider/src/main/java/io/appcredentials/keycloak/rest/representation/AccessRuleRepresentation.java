package io.appcredentials.keycloak.rest.representation;

/** One access rule in JSON: {@code {"method": "GET", "path": "/admin/realms/demo/users/**"}}. */
public class AccessRuleRepresentation {
    public String method;
    public String path;

    public static AccessRuleRepresentation of(String method, String path) {
        AccessRuleRepresentation r = new AccessRuleRepresentation();
        r.method = method;
        r.path = path;
        return r;
    }
}
