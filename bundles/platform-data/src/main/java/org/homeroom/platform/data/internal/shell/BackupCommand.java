package org.homeroom.platform.data.internal.shell;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeroom.platform.api.data.Database;

@Command(scope = "homeroom", name = "backup", description = "Online backup of the Homeroom database (Derby)")
@Service
public class BackupCommand implements Action {

    @Reference
    Database database;

    @Argument(index = 0, name = "directory", description = "Folder to hold the backup (default: ${karaf.data}/backup)")
    String directory;

    @Override
    public Object execute() {
        Path base = directory != null ? Path.of(directory) : Path.of(System.getProperty("karaf.data", "data"), "backup");
        return "Backed up to " + database.backup(base);
    }
}
