package io.appcredentials.keycloak.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Strict reading of request bodies: malformed JSON, wrong types and unknown fields are 400s naming the field. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private Json() {
    }

    private static final ObjectMapper LENIENT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Parses a whole representation sent back by a client (unknown and read-only fields ignored). */
    static <T> T readLenient(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(null, "A JSON request body is required");
        }
        try {
            return LENIENT.readValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw ApiException.badRequest(field, field == null ? "The request body has the wrong shape" : "Field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "The request body is not valid JSON");
        }
    }

    /** Parses {@code body} (empty allowed when {@code optional}) into {@code type}. */
    static <T> T read(String body, Class<T> type, boolean optional) {
        if (body == null || body.isBlank()) {
            if (optional) {
                return null;
            }
            throw ApiException.badRequest(null, "A JSON request body is required");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(e.getPropertyName(), "Unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw ApiException.badRequest(field, field == null ? "The request body has the wrong shape" : "Field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "The request body is not valid JSON");
        }
    }
}
