package org.homeroom.platform.rest.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.apache.karaf.features.BootFinished;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleInfo;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Public readiness for load balancers: UP (200) only when the database answers, Karaf has installed
 * its boot features, every platform resource and extension registered for the application is served
 * by the JAX-RS runtime and the application has not changed for {@link #SETTLE_NANOS} (the whiteboard
 * rebuilds CXF after each registration, and requests during a rebuild get CXF's "No service was
 * found"), and every started module has registered its service. STARTING or DOWN (503) before that.
 * The public answer names nothing inside; an admin gets the details (modules, what is missing).
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class HealthResource {

    static final long SETTLE_NANOS = 1_500_000_000L;

    private final Database database;
    private final ModuleRegistry modules;
    private final BundleContext context;
    private final LongSupplier nanoClock = System::nanoTime;
    /** Registered by Karaf when the boot features are installed; optional so it never blocks resolution. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;
    private volatile JaxrsServiceRuntime runtime;
    /** When the runtime last changed (its service.changecount moves with every registration it processes). */
    private volatile long runtimeChangedAt = System.nanoTime();

    @Activate
    public HealthResource(@Reference Database database, @Reference ModuleRegistry modules, BundleContext context) {
        this.database = database;
        this.modules = modules;
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, updated = "runtimeChanged",
            unbind = "unsetRuntime")
    void setRuntime(JaxrsServiceRuntime jaxrs) {
        runtime = jaxrs;
        runtimeChangedAt = nanoClock.getAsLong();
    }

    void runtimeChanged(JaxrsServiceRuntime jaxrs) {
        runtimeChangedAt = nanoClock.getAsLong();
    }

    void unsetRuntime(JaxrsServiceRuntime jaxrs) {
        if (runtime == jaxrs) {
            runtime = null;
        }
    }

    @GET
    public Response health(@Context SecurityContext security) {
        boolean databaseUp;
        try {
            databaseUp = database.read(c -> c.isValid(2));
        } catch (RuntimeException e) {
            databaseUp = false;
        }
        boolean booted = bootFinished != null;
        List<String> notServed = notServed();
        List<ModuleInfo> all = modules.modules();
        List<String> modulesNotAnswering = all.stream()
                .filter(m -> ModuleInfo.STARTING.equals(m.state()) || ModuleInfo.FAILED.equals(m.state())).map(ModuleInfo::id).toList();
        boolean up = databaseUp && booted && notServed.isEmpty() && modulesNotAnswering.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !databaseUp ? "DOWN" : up ? "UP" : "STARTING");
        if (CurrentUser.of(security).filter(u -> u.hasRole(Roles.ADMIN)).isPresent()) {
            body.put("database", databaseUp ? "UP" : "DOWN");
            body.put("boot", booted ? "finished" : "in progress");
            body.put("endpointsNotServed", notServed);
            body.put("modulesNotAnswering", modulesNotAnswering);
            body.put("modules", all.stream().map(m -> {
                Map<String, Object> module = new LinkedHashMap<>();
                module.put("id", m.id());
                module.put("state", m.state());
                return module;
            }).toList());
        }
        return Response.status(up ? 200 : 503).entity(body).header("Cache-Control", "no-store").build();
    }

    /**
     * The platform services registered for the application that the JAX-RS runtime does not serve
     * (yet), by component name; "application changing" while it changed in the last moments.
     */
    private List<String> notServed() {
        JaxrsServiceRuntime jaxrs = runtime;
        if (jaxrs == null) {
            return List.of("JAX-RS runtime");
        }
        RuntimeDTO dto = jaxrs.getRuntimeDTO();
        ApplicationDTO application = null;
        for (ApplicationDTO a : dto.applicationDTOs == null ? new ApplicationDTO[0] : dto.applicationDTOs) {
            if (HomeroomRest.APPLICATION_NAME.equals(a.name)) {
                application = a;
            }
        }
        if (application == null) {
            return List.of("application " + HomeroomRest.APPLICATION_NAME);
        }
        Set<Long> served = new HashSet<>();
        for (BaseDTO r : application.resourceDTOs) {
            served.add(r.serviceId);
        }
        for (BaseDTO e : application.extensionDTOs) {
            served.add(e.serviceId);
        }
        List<String> missing = new java.util.ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                    "(|(osgi.jaxrs.resource=true)(osgi.jaxrs.extension=true))");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                if (HomeroomRest.APPLICATION_SELECT.equals(String.valueOf(ref.getProperty("osgi.jaxrs.application.select")))
                        && !served.contains((Long) ref.getProperty("service.id"))) {
                    Object name = ref.getProperty("component.name");
                    missing.add(String.valueOf(name != null ? name : ref.getProperty("osgi.jaxrs.name")));
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (missing.isEmpty() && nanoClock.getAsLong() - runtimeChangedAt < SETTLE_NANOS) {
            missing.add("application changing");
        }
        return missing;
    }

    /** A constant answer through the whole stack but no database: the ceiling for benchmarks. */
    @GET
    @Path("ping")
    public Map<String, Object> ping() {
        return Map.of("status", "UP", "modules", List.of());
    }
}
