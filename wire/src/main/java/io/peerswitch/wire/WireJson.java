package io.peerswitch.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON codec of every Peerswitch message (RFC 8259): strict on types, tolerant of unknown
 * fields, and precise about what was wrong so the server can answer RFC 9457 problems naming the field.
 */
public final class WireJson {

    /** Deepest nesting a message may have; our messages nest three levels at most. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
    }

    private WireJson() {
    }

    /** Decodes one message of {@code type} from {@code json}, or says precisely why it cannot. */
    public static <T> T decode(byte[] json, Class<T> type) throws MalformedJsonException {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** Decodes one message of {@code type} from a stream the caller has already bounded in size. */
    public static <T> T decode(InputStream json, Class<T> type) throws MalformedJsonException {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** Encodes a message as compact UTF-8 JSON. */
    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // Our records always serialise; reaching this is a programming error, not bad input.
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a message as a JSON string (for logs at TRACE and for tests). */
    public static String encodeToString(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MalformedJsonException explain(IOException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof InvalidFieldException ife) {
            return new MalformedJsonException(join(path(vie), ife.field()), ife.reason());
        }
        if (e instanceof JsonMappingException jme && jme.getCause() instanceof InvalidFieldException ife) {
            return new MalformedJsonException(join(path(jme), ife.field()), ife.reason());
        }
        if (e instanceof InvalidFormatException ife && ife.getTargetType() != null && ife.getTargetType().isEnum()) {
            List<String> allowed = Arrays.stream(ife.getTargetType().getEnumConstants()).map(Object::toString).toList();
            return new MalformedJsonException(path(ife), "must be one of " + allowed);
        }
        if (e instanceof MismatchedInputException mie) {
            String path = path(mie);
            if (path == null && mie.getMessage() != null && mie.getMessage().startsWith("No content to map")) {
                return new MalformedJsonException(null, "the request body is empty; a JSON object was expected");
            }
            if (path == null && mie.getMessage() != null && mie.getMessage().contains("Trailing token")) {
                return new MalformedJsonException(null, "unexpected content after the JSON value" + at(mie.getLocation()));
            }
            Class<?> target = mie.getTargetType();
            String expected = target == null ? "a value of another type" : describe(target);
            return new MalformedJsonException(path, "must be " + expected);
        }
        if (e instanceof StreamConstraintsException) {
            return new MalformedJsonException(null, "the JSON document exceeds a size or nesting limit");
        }
        if (e instanceof JsonProcessingException jpe) {
            String path = jpe instanceof JsonMappingException jme ? path(jme) : null;
            String message = jpe.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return new MalformedJsonException(path, "a field occurs twice" + at(jpe.getLocation()));
            }
            return new MalformedJsonException(path, "not valid JSON" + at(jpe.getLocation()));
        }
        return new MalformedJsonException(null, "the JSON document could not be read");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(Class<?> target) {
        if (target == String.class) {
            return "a string";
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            return "an integer";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString).toList();
        }
        if (target == java.time.Instant.class) {
            return "an RFC 3339 timestamp";
        }
        return "a JSON object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String join(String parent, String field) {
        if (parent == null) {
            return field;
        }
        return field.startsWith("[") ? parent + field : parent + "." + field;
    }
}
