package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Second factors other than the test users' TOTP: the demo realm's stock browser flow lists WebAuthn and recovery
 * codes in its "Browser - Conditional 2FA" sub-flow, switched off as Keycloak ships it; tests switch one on for
 * a while ({@link #enableInBrowserFlow}) and give fresh users that set one up through Keycloak's required actions.
 */
public final class SecondFactors {

    /** Keycloak's authenticator ids in the stock browser flow. */
    public static final String WEBAUTHN = "webauthn-authenticator";
    public static final String RECOVERY_CODES = "auth-recovery-authn-code-form";

    private SecondFactors() {
    }

    /**
     * Makes the stock browser flow's execution of {@code authenticator} an alternative second factor (next to the
     * OTP form); the returned handle puts back the requirement it had.
     */
    public static AutoCloseable enableInBrowserFlow(KeycloakServer server, String authenticator) {
        String admin = Demo.masterAdminToken(server);
        String url = server.baseUrl() + "/admin/realms/" + Demo.REALM + "/authentication/flows/browser/executions";
        ObjectNode execution = null;
        for (JsonNode e : Http.get(url, admin).json()) {
            if (authenticator.equals(e.path("providerId").asText())) {
                execution = (ObjectNode) e;
            }
        }
        assertTrue(execution != null, authenticator + " in the browser flow");
        String before = execution.get("requirement").asText();
        ObjectNode changed = execution.deepCopy().put("requirement", "ALTERNATIVE");
        Http.Resp r = Http.putJson(url, admin, changed);
        assertEquals(204, r.status(), r.toString());
        ObjectNode restore = execution.deepCopy().put("requirement", before);
        return () -> {
            Http.Resp back = Http.putJson(url, Demo.masterAdminToken(server), restore);
            assertEquals(204, back.status(), back.toString());
        };
    }

    /**
     * A fresh user with only a password (no second factor), alice's roles, and the given required actions (e.g.
     * {@code CONFIGURE_RECOVERY_AUTHN_CODES}, {@code webauthn-register}); returns the username. The password is
     * {@code password}.
     */
    public static Demo.TestUser newUserWithoutSecondFactor(KeycloakServer server, String... requiredActions) {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = new HashMap<>(Map.of(
                "username", username,
                "enabled", true,
                "firstName", "Test",
                "lastName", "User",
                "email", username + "@example.com",
                "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", "password", "temporary", false)),
                "requiredActions", Arrays.asList(requiredActions),
                "realmRoles", List.of("default-roles-demo", "writer"),
                "clientRoles", Map.of("my-api", List.of("reader", "writer"))));
        Http.Resp r = Http.postJson(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/partialImport", Demo.masterAdminToken(server),
                Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
        assertEquals(200, r.status(), r.toString());
        return new Demo.TestUser(username, Demo.userId(server, username));
    }

    /** The types of the credentials a user has (password, otp, webauthn, recovery-authn-codes, …). */
    public static List<String> credentialTypes(KeycloakServer server, String userId) {
        List<String> types = new ArrayList<>();
        for (JsonNode c : Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users/" + userId + "/credentials",
                Demo.masterAdminToken(server)).json()) {
            types.add(c.get("type").asText());
        }
        return types;
    }

    /** The account console's redirect URI, for {@link BrowserSession#signIn} with the {@code account-console} client. */
    public static String accountConsoleRedirect(KeycloakServer server) {
        return server.realmUrl(Demo.REALM) + "/account/";
    }

    /**
     * Login pages of a user with password {@code password} that has the CONFIGURE_RECOVERY_AUTHN_CODES required
     * action: signs in with the password and saves the codes Keycloak generates into {@code codes}.
     */
    public static Function<BrowserSession.Page, BrowserSession.Submit> passwordThenSetUpRecoveryCodes(String username, List<String> codes) {
        return page -> {
            if (page.hasForm("kc-form-login") && page.hasInput("password")) {
                return new BrowserSession.Submit("kc-form-login", Map.of("username", username, "password", "password", "credentialId", ""));
            }
            if (page.hasForm("kc-recovery-codes-settings-form")) {
                String generated = inputValue(page.html(), "generatedRecoveryAuthnCodes");
                codes.addAll(Arrays.asList(generated.split(",")));
                return new BrowserSession.Submit("kc-recovery-codes-settings-form", Map.of(
                        "generatedRecoveryAuthnCodes", generated,
                        "generatedAt", inputValue(page.html(), "generatedAt"),
                        "userLabel", "test codes"));
            }
            return null;
        };
    }

    /**
     * Login pages of a user whose second factor is recovery codes: the password, then the code Keycloak asks for
     * (it asks for them in order: "Recovery code #N"). {@code asked} receives N.
     */
    public static Function<BrowserSession.Page, BrowserSession.Submit> passwordThenRecoveryCode(String username, List<String> codes, List<Integer> asked) {
        return page -> {
            if (page.hasForm("kc-form-login") && page.hasInput("password")) {
                return new BrowserSession.Submit("kc-form-login", Map.of("username", username, "password", "password", "credentialId", ""));
            }
            if (page.hasForm("kc-recovery-code-login-form")) {
                Matcher number = Pattern.compile("#(\\d+)").matcher(page.html());
                assertTrue(number.find(), "the page names the code it wants");
                int n = Integer.parseInt(number.group(1));
                asked.add(n);
                return new BrowserSession.Submit("kc-recovery-code-login-form", Map.of("recoveryCodeInput", codes.get(n - 1)));
            }
            return null;
        };
    }

    static String inputValue(String html, String name) {
        Matcher element = Pattern.compile("<input[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>").matcher(html);
        assertTrue(element.find(), "input " + name + " on the page");
        Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(element.group());
        assertTrue(value.find(), "value of input " + name);
        return value.group(1).replace("&amp;", "&");
    }
}
