/**
 * The two REST APIs of the extension: {@link io.appcredentials.keycloak.rest.UserAppCredentialsResource} (a user's own
 * credentials, {@code /realms/{realm}/app-credentials}) and {@link io.appcredentials.keycloak.rest.AdminAppCredentialsResource}
 * (administrators, {@code /admin/realms/{realm}/app-credentials}).
 *
 * <p>The annotations of MicroProfile OpenAPI on them are read at build time by the SmallRye OpenAPI Maven plugin (as
 * Keycloak's own admin API is described), which writes {@code docs/api/openapi.yaml}; what the annotations name here is
 * shared by both: the description's header, the bearer token, and the refusals every operation can answer
 * ({@link io.appcredentials.keycloak.rest.ApiDocs} names them for the resources).
 */
@OpenAPIDefinition(
        info = @Info(title = "Application credentials for Keycloak", version = "1",
                description = "The user API (a user's own application credentials, with the user's bearer token, as the "
                        + "account console sends it) and the admin API (every user's credentials and the realm policy, with an "
                        + "administrator's bearer token and Keycloak's admin permissions). Both answer JSON; every refusal is "
                        + "an Error (or, for a write that needs a fresh second factor, a StepUpChallenge). A credential is used "
                        + "at the realm's token endpoint with grant_type=client_credentials, its id as client_id and its secret "
                        + "as client_secret."),
        servers = @Server(url = "http://localhost:8080", description = "Keycloak as ./run.sh starts it"),
        tags = {
                @Tag(name = ApiDocs.USER_TAG, description = "A user's own application credentials: /realms/{realm}/app-credentials"),
                @Tag(name = ApiDocs.ADMIN_TAG, description = "Administration: /admin/realms/{realm}/app-credentials")
        },
        security = @SecurityRequirement(name = ApiDocs.BEARER),
        components = @Components(
                schemas = @Schema(name = ApiDocs.WITH_SECRET, allOf = AppCredentialRepresentation.class,
                        requiredProperties = { "secret", "tokenEndpoint" },
                        description = "A credential with its secret, in the answer that made the secret only: use its id as "
                                + "client_id and the secret as client_secret at tokenEndpoint"),
                securitySchemes = @SecurityScheme(securitySchemeName = ApiDocs.BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "An access token of the realm (user API) or an administrator's token (admin API)"),
                responses = {
                        @APIResponse(name = ApiDocs.BAD_REQUEST, description = "A parameter or the body is invalid; field names it",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class))),
                        @APIResponse(name = ApiDocs.UNAUTHORIZED, description = "No valid bearer token (missing, expired or of another realm)",
                                headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, description = "Bearer challenge", schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class))),
                        @APIResponse(name = ApiDocs.UNAUTHORIZED_OR_STEP_UP, description = "No valid bearer token, or (error "
                                + "insufficient_user_authentication, RFC 9470) the write needs a second factor proved more recently: "
                                + "sign in again as the body and WWW-Authenticate say, then repeat the call",
                                headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, required = true,
                                        description = "Bearer challenge; for a step-up: error=\"insufficient_user_authentication\", max_age and acr_values",
                                        schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(anyOf = { ApiError.class, StepUpChallenge.class }))),
                        @APIResponse(name = ApiDocs.FORBIDDEN, description = "The token may not do this: a missing permission or account "
                                + "role, a token issued from an application credential, credentials disabled in the realm, or a "
                                + "second factor the user must set up first (error says which)",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class))),
                        @APIResponse(name = ApiDocs.ADMIN_UNAUTHORIZED, description = "No valid bearer token (Keycloak's "
                                + "own answer), or a token issued from an application credential for a write",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(anyOf = { ApiError.class, KeycloakError.class }))),
                        @APIResponse(name = ApiDocs.ADMIN_FORBIDDEN, description = "The administrator lacks the admin permission "
                                + "(Keycloak's own answer, also for an unknown credential or user when they may not query "
                                + "users), the impersonation or role-mapping permission a create needs, or the token was issued "
                                + "from an application credential",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(anyOf = { ApiError.class, KeycloakError.class }))),
                        @APIResponse(name = ApiDocs.NOT_FOUND, description = "No such credential (or user) here; another user's "
                                + "credential is not found either",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class))),
                        @APIResponse(name = ApiDocs.CONFLICT, description = "The credential's or the owner's state does not allow "
                                + "it: a name already taken, the per-user limit reached, a revoked or expired credential",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class))),
                        @APIResponse(name = ApiDocs.TOO_MANY_REQUESTS, description = "Too many secrets issued for the owner in the "
                                + "last hour (policy maxCreatesPerHour); Retry-After says when the next can be",
                                headers = @Header(name = "Retry-After", required = true, description = "Seconds until the next attempt can succeed",
                                        schema = @Schema(type = SchemaType.INTEGER)),
                                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
                }))
package io.appcredentials.keycloak.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.appcredentials.keycloak.rest.representation.ApiError;
import io.appcredentials.keycloak.rest.representation.AppCredentialRepresentation;
import io.appcredentials.keycloak.rest.representation.KeycloakError;
import io.appcredentials.keycloak.rest.representation.StepUpChallenge;
