package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.appcredentials.keycloak.service.AppCredentialRequest;

/** Body of {@code PATCH /{id}}: only the fields present change. */
@Schema(name = "UpdateRequest", additionalProperties = Schema.False.class, description = "Only the fields present change")
public class UpdateRequest {
    @Schema(maxLength = 64)
    public String name;
    @Schema(maxLength = 255)
    public String description;
    @Schema(enumeration = { "active", "disabled" }, description = "disabled stops its use until it is active again")
    public String state;

    /** The change in the domain's terms (each value still unchecked). */
    public AppCredentialRequest.Change toDomain() {
        return new AppCredentialRequest.Change(name, description, state);
    }
}
