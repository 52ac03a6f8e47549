package org.homeroom.platform.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the console's static files at {@code /admin/} from the bundle. A servlet rather than a
 * whiteboard resource so every answer carries the security headers and an ETag: the files change only
 * when the bundle does, so the browser revalidates (no-cache) and gets 304 until an update.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/admin",
    "osgi.http.whiteboard.servlet.pattern=/admin/*",
    "osgi.http.whiteboard.servlet.name=homeroom-console"})
public class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern SAFE_PATH = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=UTF-8", "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8", "svg", "image/svg+xml");
    /** Only our own files and the API; no inline script or style, no framing. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final String etag;

    @Activate
    public ConsoleServlet(BundleContext context) {
        this.etag = "\"" + context.getBundle().getVersion() + "-" + context.getBundle().getLastModified() + "\"";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getContextPath() + request.getServletPath() + "/"); // /admin → /admin/
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        URL file = SAFE_PATH.matcher(name).matches() ? ConsoleServlet.class.getResource("/console/" + name) : null;
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", etag);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        try (InputStream in = file.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }
}
