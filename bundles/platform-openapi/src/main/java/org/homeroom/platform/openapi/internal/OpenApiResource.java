package org.homeroom.platform.openapi.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;

/**
 * {@code /api/openapi.json}: the description of every platform endpoint and of every module running now,
 * built from the code on the first request after the set of resources changed (a module installed,
 * stopped or updated). It describes; it reveals no data, so it is public.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("openapi.json")
public class OpenApiResource {

    private final ModuleRegistry modules;
    private final BundleContext context;
    private volatile Built built;

    private record Built(List<String> fingerprint, byte[] json) {
    }

    @Activate
    public OpenApiResource(@Reference ModuleRegistry modules, BundleContext context) {
        this.modules = modules;
        this.context = context;
    }

    /** The OpenAPI 3 description of this API: every platform endpoint and every running module. */
    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() {
        List<OpenApiBuilder.Source> sources = sources();
        List<String> fingerprint = sources.stream().map(s -> s.prefix() + " " + s.type().getName() + "@"
                + System.identityHashCode(s.type())).sorted().toList();
        Built current = built;
        if (current == null || !current.fingerprint().equals(fingerprint)) {
            current = new Built(fingerprint, render(sources));
            built = current;
        }
        return Response.ok(current.json(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-cache")
                .build();
    }

    private byte[] render(List<OpenApiBuilder.Source> sources) {
        Version version = context.getBundle().getVersion();
        OpenAPI api = OpenApiBuilder.build(version.getMajor() + "." + version.getMinor() + "." + version.getMicro(), apiPackages(),
                sources);
        try {
            return Json.mapper().writeValueAsString(api).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI document could not be written", e);
        }
    }

    /** Platform resources registered with the Homeroom application, then each running module at its mount. */
    private List<OpenApiBuilder.Source> sources() {
        List<OpenApiBuilder.Source> sources = new ArrayList<>();
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, "(osgi.jaxrs.resource=true)");
            for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
                Object select = reference.getProperty("osgi.jaxrs.application.select");
                if (select == null || !String.valueOf(select).contains(HomeroomRest.APPLICATION_NAME)) {
                    continue;
                }
                Object service = context.getService(reference);
                if (service == null) {
                    continue;
                }
                try {
                    if (service.getClass().getAnnotation(Path.class) != null) {
                        sources.add(new OpenApiBuilder.Source(service.getClass(), "", "platform",
                                "The platform: sign-in, sites and per-site modules, audit, health, links, goals, search, holds, calendar, administration."));
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ModuleDescriptor descriptor : modules.activeDescriptors()) {
            HomeroomModule module = modules.active(descriptor.id()).orElse(null);
            if (module == null) {
                continue;
            }
            String prefix = descriptor.scope() == Scope.SITE ? "/sites/{code}/" + descriptor.id() : "/" + descriptor.id();
            sources.add(new OpenApiBuilder.Source(module.resource().getClass(), prefix, descriptor.id(),
                    descriptor.name() + ": " + descriptor.description()));
        }
        return sources;
    }

    /** Homeroom's exported API packages and their semantic versions, as the framework wired them. */
    private Map<String, String> apiPackages() {
        Map<String, String> packages = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("org.homeroom.")) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleCapability capability : wiring.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                Object name = capability.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
                Object packageVersion = capability.getAttributes().get("version");
                if (name != null && String.valueOf(name).startsWith("org.homeroom.")) {
                    packages.put(String.valueOf(name), String.valueOf(packageVersion));
                }
            }
        }
        return packages;
    }

}
