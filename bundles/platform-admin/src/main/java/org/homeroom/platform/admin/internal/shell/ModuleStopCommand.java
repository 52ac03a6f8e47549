package org.homeroom.platform.admin.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "homeroom", name = "module-stop", description = "Stops a Homeroom module (as POST /api/admin/modules/{id}/stop does)")
@Service
public class ModuleStopCommand extends ModuleOperationCommand {

    @Override
    String action() {
        return "stop";
    }
}
