package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of the RFC 9470 step-up challenge (401 with {@code WWW-Authenticate: Bearer
 * error="insufficient_user_authentication", …}): sign in again with a second factor, then repeat the call.
 */
@Schema(description = "A second factor is needed, proved more recently than max_age seconds ago (RFC 9470): sign in "
        + "again with it (prompt=login, max_age, and acr_values when given), then repeat the call with the new token")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "error", "errorMessage", "max_age", "acr_values", "identity_provider" })
public class StepUpChallenge {

    @Schema(required = true, enumeration = "insufficient_user_authentication")
    public String error;

    @Schema(required = true, description = "What to do, for a person")
    public String errorMessage;

    @JsonProperty("max_age")
    @Schema(required = true, description = "How recent the second factor must be, in seconds (0: sign in again now)")
    public int maxAge;

    @JsonProperty("acr_values")
    @Schema(description = "The level of authentication to ask for at sign-in (the realm's second-factor level, or the trusted "
            + "identity provider's values)")
    public String acrValues;

    @JsonProperty("identity_provider")
    @Schema(description = "The trusted identity provider to sign in through again (keycloak-js: login({idpHint, prompt: 'login'}))")
    public String identityProvider;
}
