package org.homeroom.platform.rest.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;

/**
 * Gives the CXF bus of the platform application a class loader. Without one, CXF's ServletController
 * asks the bus's ResourceManager for it on every request, and that lookup ends in
 * ClassLoader.getSystemResource, synchronized on a JAR file: request threads queued on it under load
 * (STACK.md pitfall 18). The Aries whiteboard adds every service registered with
 * {@code cxf.extension=true} to the bus of each application it selects, keyed by its object class.
 * CXF then makes this loader the thread context class loader of each request, which is what the JAAS
 * login already sets for itself.
 */
@Component(immediate = true, service = {})
public class BusClassLoader {

    /** The service property the Aries whiteboard looks for (Whiteboard.getCxfExtensions). */
    static final String CXF_EXTENSION = "cxf.extension";

    private final ServiceRegistration<ClassLoader> registration;

    @Activate
    public BusClassLoader(BundleContext context) {
        this.registration = context.registerService(ClassLoader.class, BusClassLoader.class.getClassLoader(), properties());
    }

    static Dictionary<String, Object> properties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CXF_EXTENSION, "true");
        properties.put(JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT, HomeroomRest.APPLICATION_SELECT);
        return properties;
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
