package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Whether the realm's default application (client {@code app-credentials}) exists. */
@Schema(name = "DefaultApplication", description = "The realm's default application: the client credentials are made for "
        + "unless the policy names others")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "clientId", "present", "id", "enabled" })
public class DefaultApplicationRepresentation {

    @Schema(required = true, enumeration = "app-credentials")
    public String clientId;

    @Schema(required = true, description = "Whether the client exists")
    public boolean present;

    @Schema(description = "The client's id (only when present)")
    public String id;

    @Schema(description = "Whether the client is enabled (only when present)")
    public Boolean enabled;
}
