package io.appcredentials.keycloak.model;

/**
 * A request about application credentials that the domain refuses: what kind of refusal, a code a client can tell
 * cases apart by, the field it is about (or null) and a message for a person. The REST layer turns it into an answer
 * ({@code ApiException}); the domain never speaks HTTP.
 */
public class AppCredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kind of refusal; the REST layer gives each its status. */
    public enum Kind {
        /** The input is wrong: a field is missing, malformed or outside what the policy allows. */
        INVALID,
        /** No such credential (or user) here. */
        NOT_FOUND,
        /** The input is fine but the credential's or the realm's state does not allow it. */
        CONFLICT,
        /** The caller may not do this. */
        FORBIDDEN,
        /** Too many secrets were issued recently; {@link #retryAfterSeconds()} says when the next is possible. */
        RATE_LIMITED
    }

    private final Kind kind;
    private final String error;
    private final String field;
    private final long retryAfterSeconds;

    public AppCredentialException(Kind kind, String error, String field, String message, long retryAfterSeconds) {
        // refusals are answers, not faults: no stack trace to fill
        super(message, null, false, false);
        this.kind = kind;
        this.error = error;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static AppCredentialException invalid(String field, String message) {
        return new AppCredentialException(Kind.INVALID, "invalid_request", field, message, 0);
    }

    public static AppCredentialException notFound() {
        return new AppCredentialException(Kind.NOT_FOUND, "not_found", null, "Application credential not found", 0);
    }

    public static AppCredentialException conflict(String field, String message) {
        return conflict("conflict", field, message);
    }

    public static AppCredentialException conflict(String error, String field, String message) {
        return new AppCredentialException(Kind.CONFLICT, error, field, message, 0);
    }

    public static AppCredentialException forbidden(String error, String message) {
        return new AppCredentialException(Kind.FORBIDDEN, error, null, message, 0);
    }

    public static AppCredentialException rateLimited(String error, String field, String message, long retryAfterSeconds) {
        return new AppCredentialException(Kind.RATE_LIMITED, error, field, message, retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    /** A code such as {@code invalid_request} or {@code mfa_binding_lost}. */
    public String error() {
        return error;
    }

    /** The request field the refusal is about, or null. */
    public String field() {
        return field;
    }

    /** For {@link Kind#RATE_LIMITED}: seconds until the next attempt can succeed; else 0. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
