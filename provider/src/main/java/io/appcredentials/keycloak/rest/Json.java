package io.appcredentials.keycloak.rest;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.appcredentials.keycloak.text.Text;

/**
 * Strict reading of request bodies. The body must be one JSON object; every field must have its JSON type (a
 * string is a JSON string, never a number turned into one; a number is an integer in range; a list is a list);
 * duplicate and unknown fields are refused. {@code null} stands for "not given" only where a single value (a string, a
 * number, a boolean) belongs: a {@code null} where a list or an object belongs, or as an item of a list or a value of
 * an object, is refused. Every problem is a 400 naming the field.
 */
final class Json {

    private static final ObjectMapper MAPPER = strict(true);
    private static final ObjectMapper LENIENT = strict(false);

    private Json() {
    }

    private static ObjectMapper strict(boolean failOnUnknown) {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknown)
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.Array, CoercionInputShape.Object }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] { LogicalType.Integer, LogicalType.Boolean, LogicalType.Collection, LogicalType.Map }) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /** Parses a whole representation sent back by a client (unknown and read-only fields ignored). */
    static <T> T readLenient(byte[] body, Class<T> type) {
        return parse(LENIENT, text(body), type, false);
    }

    /** Parses {@code body}, which is required, into {@code type}. */
    static <T> T read(byte[] body, Class<T> type) {
        return parse(MAPPER, text(body), type, false);
    }

    static <T> T read(String body, Class<T> type) {
        return parse(MAPPER, body, type, false);
    }

    /** Parses {@code body} into {@code type}; an empty body is null. */
    static <T> T readOptional(byte[] body, Class<T> type) {
        return parse(MAPPER, text(body), type, true);
    }

    static <T> T readOptional(String body, Class<T> type) {
        return parse(MAPPER, body, type, true);
    }

    /** The body as text: it must be UTF-8 (a malformed sequence is refused, never replaced). */
    private static String text(byte[] body) {
        if (body == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(null, "The request body is not valid UTF-8");
        }
    }

    private static <T> T parse(ObjectMapper mapper, String body, Class<T> type, boolean optional) {
        if (body == null || body.isBlank()) {
            if (optional) {
                return null;
            }
            throw ApiException.badRequest(null, "A JSON request body is required");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamReadException e) {
            String field = currentName(e.getProcessor());
            throw ApiException.badRequest(field, e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "Field '" + field + "' appears twice" : "The request body is not valid JSON");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "The request body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest(null, "The request body must be a JSON object");
        }
        refuseMisplacedNulls(tree, type);
        try {
            return mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(e.getPropertyName(), "Unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw ApiException.badRequest(field, field == null ? "The request body has the wrong shape" : "Field '" + field + "' has the wrong type or is out of range");
        } catch (StreamReadException e) {
            // e.g. a number too large for its field
            String field = currentName(e.getProcessor());
            throw ApiException.badRequest(field, field == null ? "A value is out of range" : "Field '" + field + "' is out of range");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "The request body has the wrong shape");
        }
    }

    /**
     * A 400 for the first {@code null} that stands where a list or an object belongs (a declared field of that kind),
     * or as an item or a value inside one. Fields the type does not declare are left to the mapper (unknown fields).
     */
    static void refuseMisplacedNulls(JsonNode tree, Class<?> type) {
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            Field declared = declaredField(type, member.getKey());
            if (declared == null) {
                continue;
            }
            String name = member.getKey();
            if (member.getValue().isNull()) {
                if (!isSingleValue(declared.getType())) {
                    throw ApiException.badRequest(name, name + " must not be null: leave it out, or send an empty "
                            + (Map.class.isAssignableFrom(declared.getType()) || !Iterable.class.isAssignableFrom(declared.getType()) ? "object" : "list"));
                }
            } else {
                refuseNullsWithin(member.getValue(), name);
            }
        }
    }

    private static void refuseNullsWithin(JsonNode node, String path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                // a member name sent by the client is echoed only when it is short printable text
                String key = member.getKey();
                check(member.getValue(), key.length() <= 100 && Text.isPlausibleName(key) ? path + "." + key : path);
            }
        }
    }

    private static void check(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(path, path + " must not be null");
        }
        refuseNullsWithin(value, path);
    }

    private static Field declaredField(Class<?> type, String name) {
        for (Field f : type.getFields()) {
            if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                return f;
            }
        }
        return null;
    }

    /** Strings, numbers, booleans and enums: where null means "not given". */
    private static boolean isSingleValue(Class<?> t) {
        return t.isPrimitive() || t == String.class || Number.class.isAssignableFrom(t) || t == Boolean.class || t.isEnum();
    }

    private static String currentName(JsonParser parser) {
        if (parser == null) {
            return null;
        }
        try {
            return parser.currentName();
        } catch (Exception e) {
            return null;
        }
    }
}
