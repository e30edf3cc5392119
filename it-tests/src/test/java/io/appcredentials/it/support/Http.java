package io.appcredentials.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Raw HTTP as a tool would speak it (JDK HTTP client), with JSON helpers. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    public record Resp(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public static Resp get(String url, String bearer) {
        return send(request(url, bearer).GET());
    }

    /** GET asking for JSON (Keycloak's account REST API answers JSON only then). */
    public static Resp getJson(String url, String bearer) {
        return send(request(url, bearer).header("Accept", "application/json").GET());
    }

    public static Resp delete(String url, String bearer) {
        return send(request(url, bearer).DELETE());
    }

    public static Resp postJson(String url, String bearer, Object body) {
        return send(request(url, bearer).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public static Resp putJson(String url, String bearer, Object body) {
        return send(request(url, bearer).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public static Resp patchJson(String url, String bearer, Object body) {
        return send(request(url, bearer).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /** A POST with a raw body, byte for byte (to send what no string can hold, such as malformed UTF-8). */
    public static Resp postBytes(String url, String bearer, String contentType, byte[] body) {
        return send(request(url, bearer).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Any request with the given headers (and an optional body), nothing added. */
    public static Resp request(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder b = request(url, null);
        headers.forEach(b::header);
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any method with a JSON body (e.g. DELETE of role mappings). */
    public static Resp send(String method, String url, String bearer, Object body) {
        return send(request(url, bearer).header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /** POST of an application/x-www-form-urlencoded body, optionally with HTTP Basic credentials. */
    public static Resp postForm(String url, Map<String, String> form, String basicUser, String basicPassword) {
        HttpRequest.Builder b = request(url, null).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (basicUser != null) {
            String pair = URLEncoder.encode(basicUser, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(basicPassword, StandardCharsets.UTF_8);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return send(b);
    }

    /** POST of a form with a bearer token (UMA grants take the user's token that way). */
    public static Resp postFormBearer(String url, String bearer, Map<String, String> form) {
        return send(request(url, bearer).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    }

    public static Map<String, String> form(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** The claims of a JWT (no signature check; the server under test made it). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new AssertionError("Not a JWT: " + jwt, e);
        }
    }

    public static String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static HttpRequest.Builder request(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    static Resp send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
