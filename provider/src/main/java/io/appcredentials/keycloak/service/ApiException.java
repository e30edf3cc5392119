package io.appcredentials.keycloak.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A client error answered as JSON in the shape of Keycloak's {@code ErrorRepresentation}
 * ({@code errorMessage}, {@code field}), plus an {@code error} code where a client must tell cases apart.
 */
public class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    public ApiException(Response response) {
        super(response);
    }

    public static ApiException of(Response.Status status, String error, String field, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        if (error != null) {
            body.put("error", error);
        }
        body.put("errorMessage", message);
        if (field != null) {
            body.put("field", field);
        }
        return new ApiException(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
    }

    public static ApiException badRequest(String field, String message) {
        return of(Response.Status.BAD_REQUEST, "invalid_request", field, message);
    }

    public static ApiException notFound() {
        return of(Response.Status.NOT_FOUND, "not_found", null, "Application credential not found");
    }

    public static ApiException conflict(String field, String message) {
        return of(Response.Status.CONFLICT, "conflict", field, message);
    }

    public static ApiException forbidden(String error, String message) {
        return of(Response.Status.FORBIDDEN, error, null, message);
    }
}
