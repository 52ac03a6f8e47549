package org.homeroom.platform.sites.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "homeroom", name = "module-disable", description = "Disables a module for a site (site * sets the district default)")
@Service
public class ModuleDisableCommand extends ModuleToggleCommand {

    @Override
    boolean enable() {
        return false;
    }
}
