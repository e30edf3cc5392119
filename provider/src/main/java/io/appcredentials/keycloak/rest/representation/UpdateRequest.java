package io.appcredentials.keycloak.rest.representation;

/** Body of {@code PATCH /{id}}: only the fields present change. */
public class UpdateRequest {
    public String name;
    public String description;
    public String state;
}
