package org.homeroom.platform.rest.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.homeroom.platform.api.Problem;

/**
 * Jetty's server-wide error handler, answering problem+json instead of HTML. It answers what Jetty
 * refuses before any context or filter sees the request (a path with malformed percent-encoding, a
 * header too large: Jetty's "Bad Message" page) and errors outside every context. No container
 * message, servlet name or stack trace is ever written.
 */
final class ProblemErrorHandler extends ErrorHandler {

    ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(Problems.body(status, Problems.detailFor(status), null));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        byte[] body = Problems.body(code, Problems.detailFor(code), request.getRequestURI());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
