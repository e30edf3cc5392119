package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code DELETE /admin/realms/{realm}/app-credentials/users/{userId}}. */
@Schema(description = "How many of the user's credentials were revoked now (those already revoked are not counted)")
public class RevokeAllResult {

    @Schema(required = true, minimum = "0")
    public int revoked;

    public static RevokeAllResult of(int revoked) {
        RevokeAllResult r = new RevokeAllResult();
        r.revoked = revoked;
        return r;
    }
}
