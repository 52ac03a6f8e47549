package org.homeroom.platform.jetty.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's server-wide error handler, answering RFC 9457 problem+json instead of HTML. It answers what
 * Jetty refuses before any context or filter sees the request (a path with malformed percent-encoding, a
 * header too large: Jetty's "Bad Message" page) and errors for addresses outside every context. The
 * container's own reason (an exception name, a parser state) never reaches the client.
 *
 * <p>It lives in a fragment of pax-web's Jetty bundle because only that bundle's class loader is used
 * for the {@code jetty.xml} that installs it; it therefore uses nothing but Jetty and the servlet API
 * (no Jackson, no Homeroom bundle), so the host's wiring does not change.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    static final String MEDIA_TYPE = "application/problem+json";

    public ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        byte[] body = body(code);
        response.setContentType(MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static byte[] body(int status) {
        String title = HttpStatus.getMessage(status);
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detailFor(status)
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** What a client may read for a status the container chose (the same words as platform-rest's, JSON-safe). */
    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: check the address (percent-encoding), the headers and the body.";
            case 404 -> "No resource at this address.";
            case 405 -> "This address does not accept this HTTP method.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request is too large.";
            case 414 -> "The address is too long.";
            case 431 -> "The request headers are too large.";
            case 503 -> "The service is starting or stopping; try again in a moment.";
            default -> status >= 500 ? "The request could not be completed; the error is in the server log."
                    : HttpStatus.getMessage(status) + ".";
        };
    }
}
