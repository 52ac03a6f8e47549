package org.homeroom.platform.rest.internal;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.platform.api.Problem;

/** problem+json bodies for the places that answer before JAX-RS (servlet filter, Jetty's error handler). */
final class Problems {

    private static final ObjectMapper MAPPER = JsonProvider.createMapper();

    private Problems() {
    }

    static byte[] body(int status, String detail, String instance) {
        Problem problem = new Problem("about:blank", ProblemMapper.titleOf(status), status, detail, instance, java.util.List.of());
        try {
            return MAPPER.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What a client may read for a status the container chose: never the container's own message. */
    static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: check the address (percent-encoding), the headers and the body.";
            case 404 -> "No resource at this address.";
            case 405 -> "This address does not accept this HTTP method.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request is too large.";
            case 414 -> "The address is too long.";
            case 415 -> "Send the request body as application/json in UTF-8.";
            case 431 -> "The request headers are too large.";
            case 503 -> "The service is starting or stopping; try again in a moment.";
            default -> status >= 500 ? "The request could not be completed; the error is in the server log."
                    : ProblemMapper.titleOf(status) + ".";
        };
    }
}
