package io.appcredentials.keycloak.rest.representation;

import io.appcredentials.keycloak.service.CredentialRequest;

/** Body of {@code PATCH /{id}}: only the fields present change. */
public class UpdateRequest {
    public String name;
    public String description;
    public String state;

    /** The change in the domain's terms (each value still unchecked). */
    public CredentialRequest.Change toDomain() {
        return new CredentialRequest.Change(name, description, state);
    }
}
