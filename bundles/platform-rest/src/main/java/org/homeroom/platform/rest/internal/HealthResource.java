package org.homeroom.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.apache.karaf.features.BootFinished;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Public readiness: UP (200) once the database answers and Karaf has installed its boot features;
 * STARTING or DOWN (503) before that. Lists each module and its state.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class HealthResource {

    private final Database database;
    private final ModuleRegistry modules;
    /** Registered by Karaf when the boot features are installed; optional so it never blocks resolution. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Activate
    public HealthResource(@Reference Database database, @Reference ModuleRegistry modules) {
        this.database = database;
        this.modules = modules;
    }

    @GET
    public Response health() {
        boolean databaseUp;
        try {
            databaseUp = database.read(c -> c.isValid(2));
        } catch (RuntimeException e) {
            databaseUp = false;
        }
        boolean booted = bootFinished != null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !databaseUp ? "DOWN" : booted ? "UP" : "STARTING");
        body.put("database", databaseUp ? "UP" : "DOWN");
        body.put("boot", booted ? "finished" : "in progress");
        body.put("modules", modules.modules().stream().map(m -> {
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("id", m.id());
            module.put("state", m.state());
            return module;
        }).toList());
        return Response.status(databaseUp && booted ? 200 : 503).entity(body).build();
    }

    /** A constant answer through the whole stack but no database: the ceiling for benchmarks. */
    @GET
    @Path("ping")
    public Map<String, Object> ping() {
        return Map.of("status", "UP", "modules", List.of());
    }
}
