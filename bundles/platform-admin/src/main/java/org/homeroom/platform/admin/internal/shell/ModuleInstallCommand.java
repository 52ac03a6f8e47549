package org.homeroom.platform.admin.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "homeroom", name = "module-install", description = "Installs a Homeroom module (as POST /api/admin/modules/{id}/install does)")
@Service
public class ModuleInstallCommand extends ModuleOperationCommand {

    @org.apache.karaf.shell.api.action.Option(name = "--version", description = "A version offered by the features repositories")
    String version;

    @Override
    String version() {
        return version;
    }

    @Override
    String action() {
        return "install";
    }
}
