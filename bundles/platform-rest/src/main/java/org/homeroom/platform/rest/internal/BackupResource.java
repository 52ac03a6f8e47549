package org.homeroom.platform.rest.internal;

import java.nio.file.Path;
import java.util.Map;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.POST;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code POST /api/admin/backups}: an online backup of the database under {@code data/backup}. */
@Component(service = BackupResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@javax.ws.rs.Path("admin/backups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class BackupResource {

    private final Database database;
    private final AuditLog audit;

    @Activate
    public BackupResource(@Reference Database database, @Reference AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    @POST
    public Response backup(@Context SecurityContext security) {
        Path folder = database.backup(Path.of(System.getProperty("karaf.data", "data"), "backup"));
        String actor = CurrentUser.of(security).map(CurrentUser::name).orElse("unknown");
        database.inTransaction(c -> {
            audit.record(c, actor, "database.backup", "database", folder.getFileName().toString(), folder.toString());
            return null;
        });
        return Response.status(201).entity(Map.of("folder", folder.toString())).build();
    }
}
