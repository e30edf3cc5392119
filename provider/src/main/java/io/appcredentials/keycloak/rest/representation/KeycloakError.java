package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a refusal Keycloak itself makes in the admin API before or around the extension's own checks (no token, a
 * missing admin permission): {@code {"error": "HTTP 403 Forbidden"}}. Only the description names it; the extension never
 * answers it.
 */
@Schema(name = "KeycloakError", description = "A refusal made by Keycloak's admin API itself (no valid token, a missing "
        + "admin permission)")
public class KeycloakError {

    @Schema(required = true, examples = "HTTP 403 Forbidden")
    public String error;
}
