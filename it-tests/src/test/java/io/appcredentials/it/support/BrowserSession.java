package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keycloak's login pages driven over plain HTTP as a browser would, across realms (an identity-provider login goes
 * from one realm to another and back): a cookie jar that keeps cookies per path, redirects followed, forms filled by
 * a page handler, and the authorization code exchanged for tokens at the end (authorization code flow with PKCE).
 */
public final class BrowserSession {

    private record Cookie(String name, String value, String path) {
    }

    private final KeycloakServer server;
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();

    public BrowserSession(KeycloakServer server) {
        this.server = server;
    }

    /**
     * Signs in to {@code clientId} (a public client with redirect URI {@code redirectUri}) of {@code realm}; every page
     * on the way is handed to {@code pages}, which answers with the form fields to submit (by form id) or null when
     * the page is not one it knows. Returns the token response.
     */
    public Http.Resp signIn(String realm, String clientId, String redirectUri, Map<String, String> extraParams,
                            Function<Page, Submit> pages) {
        byte[] verifier = new byte[32];
        new SecureRandom().nextBytes(verifier);
        String codeVerifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifier);
        Map<String, String> params = new LinkedHashMap<>(Map.of(
                "client_id", clientId, "redirect_uri", redirectUri, "response_type", "code", "scope", "openid",
                "state", "s" + System.nanoTime(), "code_challenge", s256(codeVerifier), "code_challenge_method", "S256"));
        params.putAll(extraParams);
        Http.Resp current = follow(get(server.realmUrl(realm) + "/protocol/openid-connect/auth?" + Http.formBody(params)), redirectUri);
        java.util.List<String> trail = new java.util.ArrayList<>();
        for (int step = 0; step < 10; step++) {
            String location = current.header("Location");
            if (location != null && location.startsWith(redirectUri)) {
                String code = query(location).get("code");
                assertTrue(code != null, "back at the application with a code: " + location);
                return Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "authorization_code", "client_id", clientId,
                        "code", code, "redirect_uri", redirectUri, "code_verifier", codeVerifier), null, null);
            }
            Page page = new Page(current.status(), current.body());
            trail.add(page.template());
            Submit submit = pages.apply(page);
            assertTrue(submit != null, "a page the test does not expect (" + current.status() + "):\n" + abbreviate(current.body()));
            current = follow(post(page.formAction(submit.formId()), submit.fields()), redirectUri);
        }
        throw new AssertionError("too many pages on the way to the application " + trail + "; the last one (" + current.status() + "):\n"
                + abbreviate(current.body()) + "\n(saved as " + save(current.body()) + ")");
    }

    /** A login page as the browser shows it. */
    public record Page(int status, String html) {
        public boolean hasForm(String formId) {
            return html.contains("id=\"" + formId + "\"");
        }

        public boolean hasInput(String name) {
            return html.contains("name=\"" + name + "\"");
        }

        /** The login theme's template that rendered the page (it says so in a comment), or the status. */
        public String template() {
            Matcher m = Pattern.compile("<!-- template: ([\\w.-]+) -->").matcher(html);
            return m.find() ? m.group(1) : "status " + status;
        }

        String formAction(String formId) {
            if (formId == null) {
                // a page whose only form has no id (e.g. link-idp-action.ftl)
                Matcher form = Pattern.compile("<form[^>]*\\baction=\"([^\"]*)\"").matcher(html);
                assertTrue(form.find(), "a form on the page");
                return form.group(1).replace("&amp;", "&");
            }
            return attribute(html, "form", "id", formId, "action");
        }
    }

    /** Fields to submit with the form of this id. */
    public record Submit(String formId, Map<String, String> fields) {
    }

    private Http.Resp follow(Http.Resp response, String stopAt) {
        Http.Resp current = response;
        for (int hops = 0; hops < 15; hops++) {
            String location = current.header("Location");
            if (location == null || location.startsWith(stopAt)) {
                break;
            }
            current = get(URI.create(server.baseUrl()).resolve(location).toString());
        }
        return current;
    }

    private Http.Resp get(String url) {
        return send(URI.create(url), HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private Http.Resp post(String url, Map<String, String> fields) {
        URI uri = URI.create(url);
        return send(uri, HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formBody(fields))));
    }

    private Http.Resp send(URI uri, HttpRequest.Builder request) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        String cookieHeader = cookies.values().stream().filter(c -> path.startsWith(c.path()))
                .map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) {
            request.header("Cookie", cookieHeader);
        }
        Http.Resp r = Http.send(request.timeout(Duration.ofSeconds(60)));
        for (String setCookie : r.raw().headers().allValues("Set-Cookie")) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            String cookiePath = "/";
            boolean expired = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim();
                String lower = attribute.toLowerCase(Locale.ROOT);
                if (lower.startsWith("path=")) {
                    cookiePath = attribute.substring(5);
                } else if (lower.equals("max-age=0") || lower.startsWith("expires=thu, 01 jan 1970") || lower.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            String key = cookiePath + "|" + name;
            if (expired) {
                cookies.remove(key);
            } else {
                cookies.put(key, new Cookie(name, value, cookiePath));
            }
        }
        return r;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String attribute(String html, String tag, String key, String keyValue, String attribute) {
        Matcher element = Pattern.compile("<" + tag + "[^>]*\\b" + key + "=\"" + Pattern.quote(keyValue) + "\"[^>]*>").matcher(html);
        assertTrue(element.find(), tag + " " + keyValue + " on the page");
        Matcher value = Pattern.compile("\\b" + attribute + "=\"([^\"]*)\"").matcher(element.group());
        assertTrue(value.find(), attribute + " of " + tag + " " + keyValue);
        return value.group(1).replace("&amp;", "&");
    }

    /** The page's text without markup, scripts and styles, shortened. */
    private static String abbreviate(String html) {
        String text = html.replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        return text.length() > 800 ? text.substring(0, 800) : text;
    }

    private static String save(String html) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile(KeycloakServer.outputDir(), "page-", ".html");
            java.nio.file.Files.writeString(file, html);
            return file.toString();
        } catch (java.io.IOException e) {
            return "not saved: " + e.getMessage();
        }
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page handler for Keycloak's standard login pages: username and password, then an OTP if one is asked. */
    public static Function<Page, Submit> passwordAndOtp(String username, String password, String totpSecret) {
        return page -> {
            if (page.hasForm("kc-form-login") && page.hasInput("password")) {
                return new Submit("kc-form-login", Map.of("username", username, "password", password, "credentialId", ""));
            }
            if (page.hasInput("otp") && totpSecret != null) {
                String formId = page.hasForm("kc-otp-login-form") ? "kc-otp-login-form" : "kc-form-login";
                return new Submit(formId, Map.of("otp", Totp.now(totpSecret)));
            }
            if (page.hasForm("kc-update-profile-form")) {
                return new Submit("kc-update-profile-form", Map.of("username", username, "email", username + "@example.com",
                        "firstName", "Fed", "lastName", "User"));
            }
            return null;
        };
    }

}
