package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One access rule in JSON: {@code {"method": "GET", "path": "/admin/realms/demo/users/**"}}. */
@Schema(name = "AccessRule", description = "A call the credential's tokens may make: an HTTP method (or *) and a path, "
        + "where * matches one segment and ** any number")
public class AccessRuleRepresentation {
    @Schema(required = true, enumeration = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "*" })
    public String method;
    @Schema(required = true, examples = "/admin/realms/demo/users/**")
    public String path;

    public static AccessRuleRepresentation of(String method, String path) {
        AccessRuleRepresentation r = new AccessRuleRepresentation();
        r.method = method;
        r.path = path;
        return r;
    }
}
