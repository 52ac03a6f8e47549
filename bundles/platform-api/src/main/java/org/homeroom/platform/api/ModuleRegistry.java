package org.homeroom.platform.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The modules this container has, and the running ones. */
@ProviderType
public interface ModuleRegistry {

    List<ModuleInfo> modules();

    /** The running module with this id. */
    Optional<HomeroomModule> active(String id);

    /** Descriptors of all running modules. */
    List<ModuleDescriptor> activeDescriptors();
}
