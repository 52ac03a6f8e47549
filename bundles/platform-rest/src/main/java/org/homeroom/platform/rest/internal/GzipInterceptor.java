package org.homeroom.platform.rest.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.ext.WriterInterceptor;
import javax.ws.rs.ext.WriterInterceptorContext;

import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * gzip for JSON (problems included) and CSV bodies when the client's {@code Accept-Encoding} accepts
 * it; {@code Vary: Accept-Encoding} on every such answer so caches keep both forms apart. PDFs,
 * images and uploads are already compressed or small and pass unchanged.
 */
@Component(service = WriterInterceptor.class)
@JaxrsExtension
@JaxrsName("homeroom.gzip")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Priority(Priorities.ENTITY_CODER)
public class GzipInterceptor implements WriterInterceptor {

    @Context
    HttpHeaders requestHeaders;

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (!compressible(context.getMediaType()) || context.getHeaders().containsKey("Content-Encoding")) {
            context.proceed();
            return;
        }
        context.getHeaders().add("Vary", "Accept-Encoding");
        if (!acceptsGzip(requestHeaders == null ? null : requestHeaders.getHeaderString(HttpHeaders.ACCEPT_ENCODING))) {
            context.proceed();
            return;
        }
        context.getHeaders().putSingle("Content-Encoding", "gzip");
        context.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        OutputStream original = context.getOutputStream();
        GZIPOutputStream gzip = new GZIPOutputStream(original, 8192) {
            @Override
            public void close() throws IOException {
                // finish the gzip member; the container closes the response stream itself
                finish();
            }
        };
        context.setOutputStream(gzip);
        try {
            context.proceed();
        } finally {
            gzip.finish();
            context.setOutputStream(original);
        }
    }

    static boolean compressible(MediaType type) {
        if (type == null) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json") || subtype.equals("csv");
    }

    /** gzip (or x-gzip, or *) with a quality above zero. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (!(coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*"))) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                return true;
            }
        }
        return false;
    }
}
