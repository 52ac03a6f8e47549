package org.homeroom.platform.admin.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "homeroom", name = "module-update", description = "Updates (reloads or changes the version of) a Homeroom module (as POST /api/admin/modules/{id}/update does)")
@Service
public class ModuleUpdateCommand extends ModuleOperationCommand {

    @org.apache.karaf.shell.api.action.Option(name = "--version", description = "A version offered by the features repositories")
    String version;

    @Override
    String version() {
        return version;
    }

    @Override
    String action() {
        return "update";
    }
}
