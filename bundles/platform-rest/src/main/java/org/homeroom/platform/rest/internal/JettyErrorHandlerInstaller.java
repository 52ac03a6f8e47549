package org.homeroom.platform.rest.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pax-web 8 adds every {@code org.eclipse.jetty.server.Handler} OSGi service to its server, which is
 * the one supported way for a bundle to reach the running Jetty (pax-web otherwise installs a plain
 * {@code ErrorHandler} only when jetty.xml set none). This handler handles no request itself: when
 * Jetty hands it the server, it installs {@link ProblemErrorHandler} as the server's error handler,
 * and puts the previous one back when the bundle stops.
 */
@Component(service = Handler.class)
public class JettyErrorHandlerInstaller extends AbstractHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JettyErrorHandlerInstaller.class);
    private Server installedOn;
    private ErrorHandler previous;

    @Override
    public synchronized void setServer(Server server) {
        super.setServer(server);
        if (server != null && server != installedOn) {
            try {
                ProblemErrorHandler problems = new ProblemErrorHandler();
                // its server first: Jetty starts a bean added to a starting server before telling it its server,
                // and a started handler refuses to be told
                problems.setServer(server);
                ErrorHandler old = server.getErrorHandler();
                server.setErrorHandler(problems);
                previous = old;
                installedOn = server;
                LOG.info("Jetty's error pages now answer application/problem+json");
            } catch (RuntimeException e) {
                // never let this stop Jetty: its own error pages are worse, no web server is much worse
                LOG.warn("Could not install the problem+json error handler in Jetty; it keeps its own error pages", e);
            }
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        // never handles a request: it is here to reach the server
    }

    @Deactivate
    synchronized void restore() {
        try {
            if (installedOn != null && previous != null && installedOn.getErrorHandler() instanceof ProblemErrorHandler) {
                if (previous.getServer() != installedOn) {
                    previous.setServer(installedOn);
                }
                installedOn.setErrorHandler(previous);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not put Jetty's previous error handler back", e);
        }
        installedOn = null;
    }
}
