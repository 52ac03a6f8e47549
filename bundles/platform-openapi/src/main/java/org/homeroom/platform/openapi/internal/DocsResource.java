package org.homeroom.platform.openapi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.regex.Pattern;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/docs}: the API reference for people, Swagger UI over {@code /api/openapi.json}. Its files come
 * from Swagger UI's webjar, copied into this bundle at build time; the page runs under the console's
 * Content-Security-Policy (no inline script or style, nothing from another origin).
 */
@Component(service = DocsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("docs")
public class DocsResource {

    /** The console's policy: no inline script or style, nothing from elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Pattern ASSET = Pattern.compile("swagger-ui-bundle\\.js|swagger-ui\\.css|favicon-32x32\\.png|docs\\.js|docs\\.css");

    private final String swaggerUiVersion;

    @Activate
    public DocsResource(BundleContext context) {
        this.swaggerUiVersion = context.getBundle().getHeaders().get("Swagger-UI-Version");
    }

    /** The API reference for people (Swagger UI, served from this bundle). */
    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response docs() {
        String page = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Homeroom API reference</title>
                <link rel="icon" href="/api/docs/favicon-32x32.png">
                <link rel="stylesheet" href="/api/docs/swagger-ui.css">
                <link rel="stylesheet" href="/api/docs/docs.css">
                </head>
                <body>
                <main id="swagger-ui" aria-label="Homeroom API reference"></main>
                <script src="/api/docs/swagger-ui-bundle.js"></script>
                <script src="/api/docs/docs.js"></script>
                </body>
                </html>
                """;
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /** The reference page's files (Swagger UI's, from its webjar, and Homeroom's start script). */
    @GET
    @Path("{file}")
    @PermitAll
    public Response asset(@PathParam("file") String file) {
        if (!ASSET.matcher(file).matches()) {
            throw ProblemException.notFound("The API reference has no file '" + file + "'.");
        }
        String location = file.startsWith("docs.") ? "/docs/" + file
                : "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion + "/" + file;
        URL url = getClass().getResource(location);
        if (url == null) {
            throw ProblemException.notFound("The API reference has no file '" + file + "'.");
        }
        try (InputStream in = url.openStream()) {
            String type = file.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : file.endsWith(".css") ? "text/css; charset=utf-8" : "image/png";
            return Response.ok(in.readAllBytes(), type).header("Cache-Control", "public, max-age=3600")
                    .header("X-Content-Type-Options", "nosniff").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
