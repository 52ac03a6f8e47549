package org.homeroom.platform.admin.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "homeroom", name = "module-uninstall", description = "Uninstalls a Homeroom module, keeping its data (as POST /api/admin/modules/{id}/uninstall does)")
@Service
public class ModuleUninstallCommand extends ModuleOperationCommand {

    @org.apache.karaf.shell.api.action.Option(name = "--with-dependents", description = "Also uninstall the modules that need this one")
    boolean withDependents;

    @Override
    boolean withDependents() {
        return withDependents;
    }

    @Override
    String action() {
        return "uninstall";
    }
}
