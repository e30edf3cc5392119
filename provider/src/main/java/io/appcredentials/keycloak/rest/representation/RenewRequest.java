package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /{id}/renew}; without {@code expiresAt}: now + the policy's default lifetime. */
@Schema(name = "RenewRequest", additionalProperties = Schema.False.class)
public class RenewRequest {
    @Schema(description = "The new expiry (an ISO-8601 date-time or a date): later than the current one, at most maxLifetimeDays ahead; "
            + "default: now plus defaultLifetimeDays")
    public String expiresAt;
}
