package org.homeroom.platform.sites.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteQuery;
import org.homeroom.platform.api.sites.SiteService;

@Command(scope = "homeroom", name = "sites", description = "Lists school sites and offices")
@Service
public class SitesCommand implements Action {

    @Reference
    SiteService sites;

    @Option(name = "-a", aliases = "--all", description = "Include archived sites")
    boolean all;

    @Option(name = "-q", aliases = "--query", description = "Only sites whose code or name contains this text")
    String text;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Code");
        table.column("Name");
        table.column("Kind");
        table.column("Grades");
        table.column("Archived");
        for (Site s : sites.list(new SiteQuery(text, null, all, null), new PageRequest(0, PageRequest.MAX_LIMIT)).items()) {
            table.addRow().addContent(s.code(), s.name(), s.kind(), s.grades() == null ? "" : s.grades(), s.archived() ? "yes" : "");
        }
        table.print(System.out);
        return null;
    }
}
