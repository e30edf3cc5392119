package io.appcredentials.keycloak.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

import io.appcredentials.keycloak.service.ApiException;

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
        StringBuilder header = new StringBuilder("Bearer error=\"").append(ERROR)
                .append("\", error_description=\"").append(description).append("\", max_age=").append(maxAgeSeconds);
        String acr = secondFactorAcr(realm);
        if (acr != null) {
            header.append(", acr_values=\"").append(acr).append('"');
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", ERROR);
        body.put("errorMessage", description);
        body.put("max_age", maxAgeSeconds);
        if (acr != null) {
            body.put("acr_values", acr);
        }
        return new ApiException(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, header.toString())
                .header("Access-Control-Expose-Headers", HttpHeaders.WWW_AUTHENTICATE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build());
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
