package org.homeroom.platform.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MediaType;

import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * 413 for bodies over the limit: at once when Content-Length says so, and while reading for chunked
 * bodies that do not declare a length. JSON and form bodies (and bodies without a type) have the small
 * limit; anything else is a file upload, with the larger one (the module checks its own limit too).
 * The filter runs before matching, so the content type is the only thing it can go by.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@JaxrsExtension
@JaxrsName("homeroom.body-limit")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    private final long bodyLimit;
    private final long uploadLimit;

    @Activate
    public BodyLimitFilter(RestConfig config) {
        this.bodyLimit = config.maxBodyBytes();
        this.uploadLimit = Math.max(config.maxUploadBytes(), config.maxBodyBytes());
    }

    static boolean isUpload(MediaType type) {
        if (type == null) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        boolean structured = subtype.equals("json") || subtype.endsWith("+json") || subtype.equals("x-www-form-urlencoded")
                || subtype.equals("xml") || subtype.endsWith("+xml");
        return !structured;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = isUpload(request.getMediaType()) ? uploadLimit : bodyLimit;
        if (request.getLength() > limit) {
            throw new ProblemException(413, "Request body too large",
                    "The request body has " + request.getLength() + " bytes; the limit is " + limit + " bytes.");
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
        }
    }

    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
