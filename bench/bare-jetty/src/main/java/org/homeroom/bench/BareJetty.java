package org.homeroom.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/** Serves {"status":"UP","modules":[]} at /api/health/ping, like Homeroom's constant endpoint. */
public final class BareJetty {

    private BareJetty() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Server server = new Server(Integer.parseInt(args.length > 0 ? args[0] : "18080"));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("application/json");
                json.writeValue(resp.getOutputStream(), Map.of("status", "UP", "modules", List.of()));
            }
        }), "/api/health/ping");
        server.setHandler(context);
        server.start();
        server.join();
    }
}
