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
}
