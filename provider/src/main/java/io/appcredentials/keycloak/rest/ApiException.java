package io.appcredentials.keycloak.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.rest.representation.ApiError;
import io.appcredentials.keycloak.secret.SecretRedaction;

/**
 * A client error answered as JSON in the shape of Keycloak's {@code ErrorRepresentation}
 * ({@code errorMessage}, {@code field}), plus an {@code error} code where a client must tell cases apart.
 * {@link #of(AppCredentialException)} is the one place where the domain's refusals get their HTTP status.
 */
public class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    public ApiException(Response response) {
        super(response);
    }

    /** The answer to a refusal of the domain. */
    public static ApiException of(AppCredentialException e) {
        return switch (e.kind()) {
            case INVALID -> of(Response.Status.BAD_REQUEST, e.error(), e.field(), e.getMessage());
            case NOT_FOUND -> of(Response.Status.NOT_FOUND, e.error(), e.field(), e.getMessage());
            case CONFLICT -> of(Response.Status.CONFLICT, e.error(), e.field(), e.getMessage());
            case FORBIDDEN -> of(Response.Status.FORBIDDEN, e.error(), e.field(), e.getMessage());
            case RATE_LIMITED -> new ApiException(Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(body(e.error(), e.field(), e.getMessage())).build());
        };
    }

    public static ApiException of(Response.Status status, String error, String field, String message) {
        return new ApiException(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(error, field, message)).build());
    }

    private static ApiError body(String error, String field, String message) {
        // messages may quote what was sent (an unknown role, a field name): a secret sent there is not repeated
        return new ApiError(error, SecretRedaction.redact(message), field == null ? null : SecretRedaction.redact(field));
    }

    public static ApiException badRequest(String field, String message) {
        return of(Response.Status.BAD_REQUEST, "invalid_request", field, message);
    }

    public static ApiException notFound() {
        return of(Response.Status.NOT_FOUND, "not_found", null, "Application credential not found");
    }

    public static ApiException forbidden(String error, String message) {
        return of(Response.Status.FORBIDDEN, error, null, message);
    }
}
