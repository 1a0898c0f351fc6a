package io.peerswitch.web.json;

import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads and writes the API's JSON with {@link WireJson}, the codec the endpoint uses too, so both
 * ends agree on every field; bounds each body by {@link BodyLimits} before parsing it.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class WireJsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    private static final String OUR_PACKAGES = "io.peerswitch.";

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getName().startsWith(OUR_PACKAGES);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) throws WebApplicationException {
        long limit = BodyLimits.of(type);
        String declared = headers.getFirst("Content-Length");
        if (declared != null && declared.matches("\\d{1,19}") && Long.parseLong(declared) > limit) {
            throw new PayloadTooLargeException(limit);
        }
        try {
            return WireJson.decode(new BoundedInputStream(entity, limit), type);
        } catch (MalformedJsonException e) {
            throw new MalformedBodyException(e);
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getName().startsWith(OUR_PACKAGES);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream entity) throws IOException {
        entity.write(WireJson.encode(value));
    }
}
