package org.homeroom.platform.modules.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleInfo;
import org.homeroom.platform.api.ModuleRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows every module: the running ones (their {@link HomeroomModule} services) and the installed but
 * not running ones (bundles whose manifest names a {@code Homeroom-Module}).
 */
@Component(service = ModuleRegistry.class, immediate = true)
public class PlatformModuleRegistry implements ModuleRegistry {

    /** Manifest header naming the module a bundle provides. */
    public static final String MODULE_HEADER = "Homeroom-Module";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformModuleRegistry.class);

    private record Running(HomeroomModule module, Bundle bundle) {
    }

    private final BundleContext context;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    @Activate
    public PlatformModuleRegistry(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addModule(ServiceReference<HomeroomModule> reference, HomeroomModule module) {
        String id = module.descriptor().id();
        Running previous = running.putIfAbsent(id, new Running(module, reference.getBundle()));
        if (previous != null && previous.module() != module) {
            LOG.warn("Module id '{}' is already served by bundle {}; ignoring the one from bundle {}", id,
                    previous.bundle().getSymbolicName(), reference.getBundle().getSymbolicName());
        } else {
            LOG.info("Module '{}' is running (bundle {} {})", id, reference.getBundle().getSymbolicName(), reference.getBundle().getVersion());
        }
    }

    void removeModule(HomeroomModule module) {
        running.values().removeIf(r -> r.module() == module);
    }

    @Override
    public List<ModuleInfo> modules() {
        Map<String, ModuleInfo> all = new ConcurrentHashMap<>();
        for (Bundle bundle : context.getBundles()) {
            String id = bundle.getHeaders("").get(MODULE_HEADER);
            if (id != null) {
                all.put(id, describe(id.trim(), bundle));
            }
        }
        for (Map.Entry<String, Running> e : running.entrySet()) {
            all.put(e.getKey(), describe(e.getKey(), e.getValue().bundle()));
        }
        List<ModuleInfo> list = new ArrayList<>(all.values());
        list.sort(Comparator.comparing(ModuleInfo::id));
        return list;
    }

    @Override
    public Optional<HomeroomModule> active(String id) {
        return Optional.ofNullable(running.get(id)).map(Running::module);
    }

    @Override
    public List<ModuleDescriptor> activeDescriptors() {
        return running.values().stream().map(r -> r.module().descriptor()).sorted(Comparator.comparing(ModuleDescriptor::id)).toList();
    }

    /** The state a person would use: a started bundle whose service is missing has failed to start. */
    private ModuleInfo describe(String id, Bundle bundle) {
        Running r = running.get(id);
        String version = bundle == null ? null : bundle.getVersion().toString();
        String symbolicName = bundle == null ? null : bundle.getSymbolicName();
        if (r != null) {
            ModuleDescriptor d = r.module().descriptor();
            return new ModuleInfo(id, d.name(), d.description(), version, d.scope(), ModuleInfo.ACTIVE, d.requires(), symbolicName);
        }
        String state = switch (bundle.getState()) {
            case Bundle.ACTIVE -> ModuleInfo.FAILED;
            case Bundle.STARTING -> ModuleInfo.STARTING;
            default -> ModuleInfo.STOPPED;
        };
        String name = bundle.getHeaders("").get("Bundle-Name");
        String description = bundle.getHeaders("").get("Bundle-Description");
        return new ModuleInfo(id, name == null ? id : name, description == null ? "" : description, version, null, state,
                List.of(), symbolicName);
    }
}
