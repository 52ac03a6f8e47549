package org.homeroom.platform.rest.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.homeroom.platform.api.Problem;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter in front of CXF on the {@code /api} context (the HTTP whiteboard context Aries
 * makes for the application), for what goes wrong before JAX-RS runs or outside it: a charset the
 * JVM does not know (CXF throws, and the container would print a 500 page naming the servlet),
 * malformed percent-encoding in the query, a {@code sendError} from the container or CXF, an
 * exception that escapes the servlet. Each becomes problem+json; the cause goes to the log only.
 */
@Component(service = Filter.class, property = {
    "osgi.http.whiteboard.filter.name=homeroom-api-errors",
    "osgi.http.whiteboard.filter.pattern=/*",
    "osgi.http.whiteboard.filter.asyncSupported=true",
    "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=context.forhomeroom)"
})
public class ApiErrorFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorFilter.class);

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String instance = request.getRequestURI();
        String refusal = refusal(request.getContentType(), request.getQueryString());
        if (refusal != null) {
            write(response, refusal.startsWith("charset") ? 415 : 400, refusal.substring(refusal.indexOf(':') + 1).trim(), instance);
            return;
        }
        ProblemResponse wrapped = new ProblemResponse(response, instance);
        try {
            chain.doFilter(request, wrapped);
        } catch (IOException | ServletException | RuntimeException e) {
            if (ProblemMapper.toProblem(e, instance).status() == 499) {
                return; // the client went away; nothing to answer
            }
            LOG.error("Request {} {} failed before or outside JAX-RS", request.getMethod(), instance, e);
            if (!response.isCommitted()) {
                write(response, 500, Problems.detailFor(500), instance);
            }
        }
    }

    /**
     * Why the request cannot be read, as "charset: …" or "query: …", or null when it can. Percent
     * escapes must be two hex digits; the charset must be one this JVM has.
     */
    static String refusal(String contentType, String rawQuery) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    String name = p.substring(8).trim().replace("\"", "");
                    boolean known;
                    try {
                        known = Charset.isSupported(name);
                    } catch (IllegalCharsetNameException e) {
                        known = false;
                    }
                    if (!known) {
                        return "charset: The request body's charset '" + sanitize(name) + "' is not supported; send it in UTF-8.";
                    }
                }
            }
        }
        if (rawQuery != null) {
            for (int i = 0; i < rawQuery.length(); i++) {
                if (rawQuery.charAt(i) == '%' && (i + 2 >= rawQuery.length() || !hex(rawQuery.charAt(i + 1)) || !hex(rawQuery.charAt(i + 2)))) {
                    String param = rawQuery.substring(rawQuery.lastIndexOf('&', i) + 1).split("=", 2)[0];
                    return "query: The query parameter '" + sanitize(param) + "' has a malformed percent-encoding: every % must be followed by two hex digits.";
                }
            }
        }
        return null;
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Echo at most a short, printable piece of what the client sent. */
    private static String sanitize(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }

    static void write(HttpServletResponse response, int status, String detail, String instance) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        byte[] body = Problems.body(status, detail, instance);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** Turns the container's and CXF's {@code sendError} into problem+json instead of the container's HTML page. */
    static final class ProblemResponse extends HttpServletResponseWrapper {
        private final String instance;

        ProblemResponse(HttpServletResponse response, String instance) {
            super(response);
            this.instance = instance;
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            sendError(status);
        }

        @Override
        public void sendError(int status) throws IOException {
            if (isCommitted()) {
                super.sendError(status);
                return;
            }
            write((HttpServletResponse) getResponse(), status, Problems.detailFor(status), instance);
        }
    }
}
