package org.homeroom.platform.data.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a module bundle's {@code db/migration} scripts when the bundle starts, so no module calls
 * {@code migrate} itself. A module is a bundle whose manifest says {@code Homeroom-Module: <id>}; the
 * id is the owner of its migrations in {@code HR_SCHEMA_HISTORY}. A platform bundle that is no module
 * says {@code Homeroom-Migrations: <owner>} instead (e.g. platform-calendar).
 *
 * <p>Why this runs before the module's components: a {@link BundleTracker} listens synchronously, so
 * the framework waits for {@link #addingBundle} on the STARTING event before it calls the bundle's
 * activator and fires STARTED, and Felix SCR creates the components of an (eagerly activated) bundle
 * only on STARTED. Bundles already started when the tracker opens (the platform came up after them)
 * are migrated inside {@code open()}, which runs in the constructor of the {@code Database} component,
 * so before any component has a {@code Database} to use.
 */
final class MigrationExtender implements BundleTrackerCustomizer<String> {

    static final String MODULE_HEADER = "Homeroom-Module";
    /** For platform bundles that are not modules: the owner of their migrations. */
    static final String MIGRATIONS_HEADER = "Homeroom-Migrations";
    private static final Logger LOG = LoggerFactory.getLogger(MigrationExtender.class);

    private final PlatformDatabase database;
    private final BundleTracker<String> tracker;

    MigrationExtender(BundleContext context, PlatformDatabase database) {
        this.database = database;
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, this);
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    @Override
    public String addingBundle(Bundle bundle, BundleEvent event) {
        String owner = bundle.getHeaders("").get(MODULE_HEADER);
        if (owner == null || owner.isBlank()) {
            owner = bundle.getHeaders("").get(MIGRATIONS_HEADER);
        }
        if (owner == null || owner.isBlank()) {
            return null;
        }
        owner = owner.trim();
        try {
            int applied = database.migrate(owner, bundle);
            if (applied > 0) {
                LOG.info("Applied {} migration(s) of {} ({} {})", applied, owner, bundle.getSymbolicName(), bundle.getVersion());
            }
        } catch (RuntimeException e) {
            // the bundle still starts (a listener cannot stop it); its components will fail on the missing
            // schema, and this line says why
            LOG.error("Migrations of module {} ({}) failed; its tables are not ready: {}", owner, bundle.getSymbolicName(), e.getMessage(), e);
        }
        // tracked until it stops, so a restart or an update (new scripts) migrates again
        return owner;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, String owner) {
        // STARTING → ACTIVE: already migrated
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, String owner) {
        // stopped: nothing to undo, data stays
    }
}
