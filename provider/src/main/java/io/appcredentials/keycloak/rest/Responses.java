package io.appcredentials.keycloak.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Answers of both resources: they carry state or secrets, so no cache may keep them. */
final class Responses {

    private Responses() {
    }

    static Response noStore(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    /** An optional whole-number query parameter within bounds, or a 400 naming it. */
    static Integer queryInt(String name, String value, int min, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, name + " must be a whole number between " + min + " and " + max);
    }
}
