package io.appcredentials.keycloak.rest.representation;

import io.appcredentials.keycloak.service.AppCredentialRequest;

/** Body of {@code PATCH /{id}}: only the fields present change. */
public class UpdateRequest {
    public String name;
    public String description;
    public String state;

    /** The change in the domain's terms (each value still unchecked). */
    public AppCredentialRequest.Change toDomain() {
        return new AppCredentialRequest.Change(name, description, state);
    }
}
