package io.appcredentials.keycloak.rest;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

import io.appcredentials.keycloak.rest.representation.StepUpChallenge;

/**
 * The RFC 9470 step-up challenge: HTTP 401 with {@code WWW-Authenticate: Bearer
 * error="insufficient_user_authentication", error_description="…", max_age=N}, plus {@code acr_values} when the
 * realm maps levels of authentication ({@code acr.loa.map}): the lowest level above 1, the usual second-factor
 * level.
 */
final class StepUp {

    static final String ERROR = "insufficient_user_authentication";

    private StepUp() {
    }

    static ApiException challenge(RealmModel realm, int maxAgeSeconds) {
        return challenge(realm, maxAgeSeconds, "A second factor completed within the last " + maxAgeSeconds + " seconds is required");
    }

    static ApiException challenge(RealmModel realm, int maxAgeSeconds, String description) {
        return build(description, maxAgeSeconds, secondFactorAcr(realm), null);
    }

    /**
     * The challenge for a session that comes from an identity provider the realm trusts for second factors: only
     * {@code max_age} (and the provider's own {@code acr} values where the policy names some), since the realm's
     * local levels of authentication mean nothing upstream. The body names the provider, so that a client signs the
     * user in again through it (keycloak-js: {@code login({idpHint, prompt: "login"})}), which brings fresh upstream
     * evidence back. With a {@code description} (reactivation), any earlier sign-in is too old: {@code max_age=0}.
     */
    static ApiException upstreamChallenge(int maxAgeSeconds, String alias, java.util.List<String> upstreamAcr, String description) {
        String text = description != null ? description
                : "A second factor done at " + alias + " within the last " + maxAgeSeconds + " seconds is required: sign in again through it";
        String acr = upstreamAcr == null || upstreamAcr.isEmpty() ? null : String.join(" ", upstreamAcr);
        return build(text, description != null ? 0 : maxAgeSeconds, acr, alias);
    }

    /** 401 with the RFC 9470 {@code WWW-Authenticate} challenge and the same in a JSON body (plus the provider). */
    private static ApiException build(String description, int maxAgeSeconds, String acr, String identityProvider) {
        StringBuilder header = new StringBuilder("Bearer error=\"").append(ERROR)
                .append("\", error_description=\"").append(quoted(description)).append("\", max_age=").append(maxAgeSeconds);
        if (acr != null) {
            header.append(", acr_values=\"").append(quoted(acr)).append('"');
        }
        StepUpChallenge body = new StepUpChallenge();
        body.error = ERROR;
        body.errorMessage = description;
        body.maxAge = maxAgeSeconds;
        body.acrValues = acr;
        body.identityProvider = identityProvider;
        return new ApiException(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, header.toString())
                .header("Access-Control-Expose-Headers", HttpHeaders.WWW_AUTHENTICATE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build());
    }

    /** The text as the inside of an RFC 9110 quoted string. */
    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The acr value of the lowest level of authentication above 1 in the realm's map, or null. */
    static String secondFactorAcr(RealmModel realm) {
        return AcrUtils.getAcrLoaMap(realm).entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > 1)
                .min(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }
}
