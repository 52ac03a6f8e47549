package org.homeroom.platform.rest.internal;

import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * ETag and 304 for every successful GET/HEAD whose body is in memory (JSON lists and records, files
 * read from the database): a weak ETag made of a SHA-256 of the body's bytes, so a school website
 * polling the public lists gets 304 with no body while nothing changed, on any node. The JSON is
 * written once, here, and handed on as bytes. Streamed bodies (print runs, CSV exports) are left alone.
 */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsName("homeroom.conditional-get")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Priority(Priorities.ENTITY_CODER)
public class ConditionalGetFilter implements ContainerResponseFilter {

    private static final ObjectMapper MAPPER = JsonProvider.createMapper();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (!("GET".equals(method) || "HEAD".equals(method)) || response.getStatus() != 200 || !response.hasEntity()
                || response.getHeaders().containsKey(HttpHeaders.ETAG)) {
            return;
        }
        Object entity = response.getEntity();
        if (entity instanceof StreamingOutput || entity instanceof InputStream || entity instanceof Reader || entity instanceof File) {
            return;
        }
        MediaType type = response.getMediaType();
        byte[] bytes = bytesOf(entity, type);
        if (bytes == null) {
            return;
        }
        String etag = etagOf(bytes);
        response.getHeaders().putSingle(HttpHeaders.ETAG, etag);
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            response.setEntity(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        } else {
            response.setEntity(bytes, response.getEntityAnnotations(), type);
        }
    }

    private static byte[] bytesOf(Object entity, MediaType type) {
        if (entity instanceof byte[] b) {
            return b;
        }
        if (entity instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            try {
                return MAPPER.writeValueAsBytes(entity);
            } catch (JsonProcessingException e) {
                return null; // the JSON provider will meet the same failure and report it
            }
        }
        return null;
    }

    static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored; "*" matches any. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }
}
