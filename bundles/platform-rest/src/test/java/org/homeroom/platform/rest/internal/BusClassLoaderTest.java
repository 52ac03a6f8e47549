package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.homeroom.platform.rest.HomeroomRest;
import org.junit.Test;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;

/** The registration must match the filters the Aries whiteboard 2.0.2 applies to bus extensions. */
public class BusClassLoaderTest {

    @Test
    public void isACxfExtensionOfThePlatformApplicationOnly() throws InvalidSyntaxException {
        Filter whiteboard = FrameworkUtil.createFilter("(cxf.extension=true)");
        assertTrue(whiteboard.match(BusClassLoader.properties()));

        Filter select = FrameworkUtil.createFilter((String) BusClassLoader.properties().get(JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT));
        assertTrue(select.matches(Map.of(JaxrsWhiteboardConstants.JAX_RS_NAME, HomeroomRest.APPLICATION_NAME)));
        assertFalse(select.matches(Map.of(JaxrsWhiteboardConstants.JAX_RS_NAME, ".default")));
    }
}
