package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of every refusal of both APIs: Keycloak's {@code ErrorRepresentation} shape ({@code errorMessage},
 * {@code field}) plus an {@code error} code a client can tell cases apart by.
 */
@Schema(name = "Error", description = "A refusal: a code, a message for a person and the request field it is about")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "error", "errorMessage", "field" })
public class ApiError {

    @Schema(required = true, description = "A code a client can tell cases apart by: invalid_request, not_found, conflict, forbidden, "
            + "insufficient_scope, disabled, invalid_token, too_many_creations, owner_mfa_not_configured, "
            + "application_unavailable, suspended, mfa_not_configured, mfa_evidence_unavailable, mfa_link_not_verified, "
            + "mfa_sign_in_through_provider", examples = "invalid_request")
    public String error;

    @Schema(required = true, description = "What went wrong, for a person (never repeats a secret that was sent)")
    public String errorMessage;

    @Schema(description = "The request field (or query parameter) the refusal is about", examples = "expiresAt")
    public String field;

    public ApiError() {
    }

    public ApiError(String error, String errorMessage, String field) {
        this.error = error;
        this.errorMessage = errorMessage;
        this.field = field;
    }
}
