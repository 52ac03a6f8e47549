package org.homeroom.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The signed-in user: name, roles, and the sites they work with. */
@Component(service = MeResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @GET
    public Map<String, Object> me(@Context SecurityContext security) {
        CurrentUser user = CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", user.name());
        body.put("roles", new TreeSet<>(user.roles()));
        body.put("sites", user.sites());
        body.put("allSites", user.seesAllSites());
        return body;
    }
}
