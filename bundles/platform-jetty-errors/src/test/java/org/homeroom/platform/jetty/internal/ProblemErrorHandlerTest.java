package org.homeroom.platform.jetty.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.Test;

public class ProblemErrorHandlerTest {

    @Test
    public void jettysBadMessagePageIsProblemJson() {
        HttpFields fields = new HttpFields();
        ByteBuffer body = new ProblemErrorHandler().badMessageError(400, "Bad URI: java.lang.NumberFormatException", fields);
        assertEquals("application/problem+json", fields.get("Content-Type"));
        String text = StandardCharsets.UTF_8.decode(body).toString();
        assertTrue(text, text.startsWith("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"));
        assertTrue(text, text.contains("percent-encoding"));
        assertFalse("no container message reaches the client: " + text, text.contains("NumberFormat") || text.contains("Bad URI"));
    }

    @Test
    public void headersTooLargeSaySo() {
        String text = new String(ProblemErrorHandler.body(431), StandardCharsets.UTF_8);
        assertTrue(text, text.contains("\"status\":431") && text.contains("headers are too large"));
    }

    /** The shipped jetty.xml, applied the way pax-web applies it (Server passed in as "Server"), installs the handler. */
    @Test
    public void shippedJettyXmlInstallsTheHandler() throws Exception {
        Server server = new Server();
        XmlConfiguration configuration = new XmlConfiguration(Resource.newResource(getClass().getResource("/jetty.xml")));
        configuration.getIdMap().put("Server", server);
        configuration.configure();
        ErrorHandler installed = server.getBean(ErrorHandler.class);
        assertTrue(String.valueOf(installed), installed instanceof ProblemErrorHandler);
        assertSame(installed, server.getErrorHandler());
    }
}
