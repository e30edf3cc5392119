package io.appcredentials.keycloak.rest;

/**
 * Names shared by the OpenAPI annotations of both resources: the refusals defined once in {@code package-info.java}
 * (referenced from each operation as {@code @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)}), the tags and
 * the security scheme. Only the build reads them (docs/api/openapi.yaml).
 */
final class ApiDocs {

    static final String USER_TAG = "User API";
    static final String ADMIN_TAG = "Admin API";
    static final String BEARER = "bearer";

    /** The answer of create and regenerate: a credential with its secret. */
    static final String WITH_SECRET = "AppCredentialWithSecret";

    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String UNAUTHORIZED_OR_STEP_UP = "UnauthorizedOrStepUp";
    static final String FORBIDDEN = "Forbidden";
    /** The admin API's 401 and 403, which Keycloak answers too (no token, a missing admin permission). */
    static final String ADMIN_UNAUTHORIZED = "AdminUnauthorized";
    static final String ADMIN_FORBIDDEN = "AdminForbidden";
    static final String NOT_FOUND = "NotFound";
    static final String CONFLICT = "Conflict";
    static final String TOO_MANY_REQUESTS = "TooManyRequests";

    private ApiDocs() {
    }
}
