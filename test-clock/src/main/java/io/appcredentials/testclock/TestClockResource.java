package io.appcredentials.testclock;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.AdminRoles;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * TEST ONLY. The offset of Keycloak's clock ({@link Time}, which the extension and Keycloak itself read), in whole
 * seconds: {@code GET} gives {@code {"offsetSeconds": n}}, {@code PUT {"offsetSeconds": n}} sets it (and answers
 * with the new value), {@code DELETE} puts it back to 0. Only in the master realm, and only for a bearer token of a
 * master-realm user with the realm role {@code admin}; anything else is refused with 403.
 */
public final class TestClockResource {

    private static final Logger LOG = Logger.getLogger(TestClockResource.class);
    static final String FIELD = "offsetSeconds";

    private final KeycloakSession session;

    TestClockResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        requireMasterAdmin();
        return current();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> set(String body) {
        requireMasterAdmin();
        JsonNode offset;
        try {
            offset = body == null || body.isBlank() ? null : JsonSerialization.mapper.readTree(body).get(FIELD);
        } catch (java.io.IOException e) {
            throw refuse(400, "The body must be JSON: {\"" + FIELD + "\": <whole seconds>}");
        }
        if (offset == null || !offset.isIntegralNumber() || !offset.canConvertToInt()) {
            throw refuse(400, FIELD + " must be a whole number of seconds (an int)");
        }
        Time.setOffset(offset.intValue());
        LOG.infof("test clock: offset set to %d s", offset.intValue());
        return current();
    }

    @DELETE
    public Response reset() {
        requireMasterAdmin();
        Time.setOffset(0);
        LOG.info("test clock: offset reset to 0");
        return Response.noContent().build();
    }

    private static Map<String, Object> current() {
        return Map.of(FIELD, Time.getOffset(), "serverTimeMillis", Time.currentTimeMillis());
    }

    private void requireMasterAdmin() {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !Config.getAdminRealm().equals(realm.getName())) {
            throw refuse(403, "The test clock is only in the master realm");
        }
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        RoleModel admin = realm.getRole(AdminRoles.ADMIN);
        if (auth == null || admin == null || !auth.user().hasRole(admin)) {
            throw refuse(403, "The test clock needs a bearer token of a master-realm user with the realm role admin");
        }
    }

    private static WebApplicationException refuse(int status, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", status == 403 ? "forbidden" : "invalid_request", "errorMessage", message)).build());
    }
}
