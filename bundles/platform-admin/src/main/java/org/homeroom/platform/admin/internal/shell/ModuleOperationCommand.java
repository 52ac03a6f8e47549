package org.homeroom.platform.admin.internal.shell;

import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.homeroom.platform.admin.internal.ModuleManager;
import org.homeroom.platform.admin.internal.Operation;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Roles;

/** Submits a module operation like the admin API does, then follows it to the end. */
abstract class ModuleOperationCommand implements Action {

    @Reference
    ModuleManager manager;

    @Argument(index = 0, name = "module", required = true, description = "Module id, e.g. announcements")
    String module;

    abstract String action();

    String version() {
        return null;
    }

    boolean withDependents() {
        return false;
    }

    @Override
    public Object execute() throws InterruptedException {
        Operation op = manager.submit(module, action(), version(), withDependents(), new CurrentUser("console", Set.of(Roles.ADMIN)));
        long deadline = System.currentTimeMillis() + 120_000;
        while (!op.finished() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            op = manager.operation(op.id()).orElse(op);
        }
        System.out.println(String.join("\n", op.steps()));
        return op.finished() ? op.message() : "Still running: operation " + op.id();
    }
}
