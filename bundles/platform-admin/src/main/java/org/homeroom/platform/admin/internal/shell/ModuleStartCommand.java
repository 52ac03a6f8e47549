package org.homeroom.platform.admin.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "homeroom", name = "module-start", description = "Starts a Homeroom module (as POST /api/admin/modules/{id}/start does)")
@Service
public class ModuleStartCommand extends ModuleOperationCommand {

    @Override
    String action() {
        return "start";
    }
}
