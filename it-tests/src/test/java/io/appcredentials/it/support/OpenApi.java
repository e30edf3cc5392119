package io.appcredentials.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * The published OpenAPI description ({@code docs/api/openapi.yaml}) as a checker of real answers: the operation must be
 * described, the status must be one of its responses, the body must be valid against that response's schema (JSON
 * Schema validation by networknt's json-schema-validator with its OpenAPI 3.1 dialect, format assertions on), and
 * headers the response marks required must be there.
 *
 * <p>The check is stricter than the description on one point: every object schema of {@code components/schemas} that
 * does not say otherwise gets {@code additionalProperties: false}, so that an answer with a field the description does
 * not name (a renamed or added field) fails too. The published file stays open for additions, as clients expect.
 */
public final class OpenApi {

    private static final String DOCUMENT = "https://app-credentials.test/openapi.json";
    private static final String CHECK = "x-check-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry registry;

    private OpenApi(JsonNode document) {
        this.document = document;
        ObjectNode strict = document.deepCopy();
        closeObjectSchemas(strict.with("components").with("schemas"));
        // every response and request body schema as a component of its own, so that it is validated where it stands
        // (its $refs resolve against the document)
        ObjectNode checks = strict.with("components").with("schemas");
        for (Operation op : operations()) {
            JsonNode responses = op.node().path("responses");
            for (Iterator<String> it = responses.fieldNames(); it.hasNext(); ) {
                String status = it.next();
                JsonNode schema = jsonContent(response(op, status)).path("schema");
                if (!schema.isMissingNode()) {
                    checks.set(checkName(op, status), schema);
                }
            }
            JsonNode body = jsonContent(deref(op.node().path("requestBody"))).path("schema");
            if (!body.isMissingNode()) {
                checks.set(checkName(op, "request"), body);
            }
        }
        String text;
        try {
            text = JSON.writeValueAsString(strict);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(DOCUMENT, text)));
    }

    /** The description at {@code path} (YAML). */
    public static OpenApi load(Path path) {
        try {
            return new OpenApi(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One operation of the description: its method (upper case) and path template. */
    public record Operation(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public JsonNode document() {
        return document;
    }

    /** Every operation the description names, as "METHOD /path". */
    public Set<String> operationNames() {
        Set<String> names = new TreeSet<>();
        operations().forEach(op -> names.add(op.toString()));
        return names;
    }

    public List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(op.getKey())) {
                    out.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), op.getValue()));
                }
            }
        }
        return out;
    }

    public Operation operation(String method, String path) {
        return operations().stream().filter(op -> op.method().equals(method) && op.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + path + " is not in the description; it has " + operationNames()));
    }

    /**
     * What is wrong with this answer of the operation by the description (empty when nothing): an undescribed status,
     * a missing required header, a body where none is described or none where one is, a body that is not valid
     * against the response's schema.
     */
    public List<String> problems(Operation op, Http.Resp r) {
        List<String> problems = new ArrayList<>();
        String status = Integer.toString(r.status());
        if (!op.node().path("responses").has(status)) {
            problems.add("status " + status + " is not described for " + op + " (described: " + fieldNames(op.node().path("responses")) + ")");
            return problems;
        }
        JsonNode response = response(op, status);
        for (Iterator<Map.Entry<String, JsonNode>> headers = response.path("headers").fields(); headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            if (deref(header.getValue()).path("required").asBoolean(false) && r.header(header.getKey()) == null) {
                problems.add("the required header " + header.getKey() + " is missing");
            }
        }
        JsonNode content = jsonContent(response);
        if (content.isMissingNode()) {
            if (!r.body().isEmpty()) {
                problems.add("a body where the description has none: " + r.body());
            }
            return problems;
        }
        String type = r.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            problems.add("Content-Type " + type + ", described: application/json");
        }
        problems.addAll(validate(checkName(op, status), r.body()));
        return problems;
    }

    /** What is wrong with this request body by the operation's request body schema (empty when nothing). */
    public List<String> requestProblems(Operation op, String body) {
        if (!document.at("/paths").path(op.path()).path(op.method().toLowerCase(java.util.Locale.ROOT)).has("requestBody")) {
            return List.of("no request body is described for " + op);
        }
        return validate(checkName(op, "request"), body);
    }

    private List<String> validate(String component, String json) {
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + component));
        List<Error> errors = schema.validate(json, com.networknt.schema.InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private JsonNode response(Operation op, String status) {
        return deref(op.node().path("responses").path(status));
    }

    private static JsonNode jsonContent(JsonNode responseOrBody) {
        return responseOrBody.path("content").path("application/json");
    }

    /** A response, request body, header or parameter object, following one {@code $ref} into components. */
    private JsonNode deref(JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (ref.isTextual() && ref.asText().startsWith("#/")) {
            JsonNode target = document.at(ref.asText().substring(1));
            if (target.isMissingNode()) {
                throw new AssertionError("unresolved " + ref.asText());
            }
            return target;
        }
        return node;
    }

    private static String checkName(Operation op, String what) {
        return CHECK + (op.method() + op.path() + "-" + what).replaceAll("[^A-Za-z0-9-]", "_");
    }

    private static void closeObjectSchemas(ObjectNode schemas) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            JsonNode schema = it.next().getValue();
            if (schema instanceof ObjectNode o && o.has("properties") && !o.has("additionalProperties") && !o.has("unevaluatedProperties")) {
                o.put("additionalProperties", false);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
