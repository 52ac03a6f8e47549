package org.homeroom.platform.modules.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeroom.platform.api.ModuleInfo;
import org.homeroom.platform.api.ModuleRegistry;

@Command(scope = "homeroom", name = "modules", description = "Lists the Homeroom modules this container has, with their state")
@Service
public class ModulesCommand implements Action {

    @Reference
    ModuleRegistry registry;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Version");
        table.column("Scope");
        table.column("State");
        for (ModuleInfo m : registry.modules()) {
            table.addRow().addContent(m.id(), m.name(), m.version(), m.scope() == null ? "" : m.scope().name().toLowerCase(), m.state());
        }
        table.print(System.out);
        return null;
    }
}
