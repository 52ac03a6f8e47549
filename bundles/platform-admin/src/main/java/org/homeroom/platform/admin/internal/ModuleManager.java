package org.homeroom.platform.admin.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureEvent;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesListener;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.RepositoryEvent;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, starts, stops, updates and uninstalls modules as asynchronous operations, one at a time,
 * and keeps the desired set in the database. Module features are installed without auto refresh and
 * carry only their own bundles (third-party bundles live in homeroom-libs), so nothing else restarts.
 *
 * <p>A module is a Karaf feature named {@code homeroom-<id>} whose bundle says {@code Homeroom-Module: <id>},
 * or such a bundle dropped into {@code deploy/}.
 */
@Component(service = {ModuleManager.class, FeaturesListener.class}, immediate = true,
        configurationPid = AdminConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminConfig.class)
public class ModuleManager implements FeaturesListener {

    static final String FEATURE_PREFIX = "homeroom-";
    /** Platform features: never offered as modules. */
    static final Set<String> PLATFORM_FEATURES = Set.of("homeroom-libs", "homeroom-platform", "homeroom-demo");
    static final String MODULE_HEADER = "Homeroom-Module";
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final CurrentUser RECONCILER = new CurrentUser("reconciler", Set.of(Roles.ADMIN));
    private static final int KEEP_OPERATIONS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ModuleManager.class);

    private final FeaturesService features;
    private final ModuleRegistry registry;
    private final ModuleSettingsService settings;
    private final BundleContext context;
    private final DesiredStateStore desired;
    private final AuditLog audit;
    private final Database database;
    private final long timeoutMillis;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, String> busy = new ConcurrentHashMap<>();
    private final Map<String, ReconcilePlanner.Desired> failedFor = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "homeroom-modules"));
    /**
     * Present once Karaf has installed its boot features. Until then feature events are the boot's,
     * not an operator's, and reconciling would race the boot. Optional and dynamic: a mandatory
     * reference would be a resolution requirement that only the finished boot can meet.
     */
    private volatile BootFinished bootFinished;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "homeroom-reconcile"));

    @Activate
    public ModuleManager(@Reference FeaturesService features, @Reference Database database,
            @Reference AuditLog audit, @Reference ModuleRegistry registry, @Reference ModuleSettingsService settings,
            BundleContext context, AdminConfig config) {
        this.features = features;
        this.registry = registry;
        this.settings = settings;
        this.context = context;
        this.database = database;
        this.audit = audit;
        this.timeoutMillis = config.operationTimeoutSeconds() * 1000L;
        this.desired = new DesiredStateStore(database, audit);
        if (config.reconcileSeconds() > 0) {
            scheduler.scheduleWithFixedDelay(this::reconcileQuietly, config.reconcileSeconds(), config.reconcileSeconds(), TimeUnit.SECONDS);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setBootFinished(BootFinished finished) {
        this.bootFinished = finished;
        scheduler.execute(this::reconcileQuietly);
    }

    void unsetBootFinished(BootFinished finished) {
        this.bootFinished = null;
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        worker.shutdownNow();
    }

    // ---------------------------------------------------------------- what exists

    /** The module features of every configured repository, by module id, newest version first. */
    Map<String, List<Feature>> catalog() {
        Map<String, List<Feature>> byId = new TreeMap<>();
        try {
            for (Feature f : features.listFeatures()) {
                if (f.getName().startsWith(FEATURE_PREFIX) && !PLATFORM_FEATURES.contains(f.getName())) {
                    byId.computeIfAbsent(f.getName().substring(FEATURE_PREFIX.length()), k -> new ArrayList<>()).add(f);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list features", e);
        }
        byId.values().forEach(list -> list.sort(Comparator.comparing((Feature f) -> Version.parseVersion(f.getVersion())).reversed()));
        return byId;
    }

    private Optional<Feature> installed(List<Feature> versions) {
        return versions == null ? Optional.empty() : versions.stream().filter(features::isInstalled).findFirst();
    }

    private List<Bundle> bundlesOf(Feature feature) {
        return feature.getBundles().stream().map(b -> context.getBundle(b.getLocation())).filter(b -> b != null).toList();
    }

    /** Bundles with a Homeroom-Module header that no feature brought: dropped into deploy/ by an operator. */
    private Map<String, Bundle> deployedBundles(Map<String, List<Feature>> catalog) {
        Set<String> featureLocations = catalog.values().stream().flatMap(List::stream).flatMap(f -> f.getBundles().stream())
                .map(b -> b.getLocation()).collect(Collectors.toSet());
        Map<String, Bundle> deployed = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            String id = b.getHeaders("").get(MODULE_HEADER);
            if (id != null && !featureLocations.contains(b.getLocation()) && b.getState() != Bundle.UNINSTALLED) {
                deployed.put(id.trim(), b);
            }
        }
        return deployed;
    }

    private boolean started(Feature f) {
        return features.getState(f.getId()) == FeatureState.Started;
    }

    /** Every module the container knows: installed, available in a repository, or dropped into deploy/. */
    public List<AdminModule> modules() {
        Map<String, List<Feature>> catalog = catalog();
        Map<String, Bundle> deployed = deployedBundles(catalog);
        Set<String> ids = new java.util.TreeSet<>(catalog.keySet());
        ids.addAll(deployed.keySet());
        Map<String, List<String>> requiredBy = requiredBy(catalog);
        List<AdminModule> list = new ArrayList<>();
        for (String id : ids) {
            list.add(describe(id, catalog.get(id), deployed.get(id), requiredBy.getOrDefault(id, List.of())));
        }
        return list;
    }

    public Optional<AdminModule> module(String id) {
        return modules().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    private AdminModule describe(String id, List<Feature> versions, Bundle deployedBundle, List<String> requiredBy) {
        Optional<HomeroomModule> running = registry.active(id);
        Optional<Feature> installed = installed(versions);
        List<Bundle> bundles = installed.map(this::bundlesOf).orElse(deployedBundle == null ? List.of() : List.of(deployedBundle));
        ModuleDescriptor descriptor = running.map(HomeroomModule::descriptor).orElse(null);
        Feature newest = versions == null || versions.isEmpty() ? null : versions.get(0);
        String name = descriptor != null ? descriptor.name() : bundles.isEmpty() ? id : header(bundles.get(0), "Bundle-Name", id);
        String description = descriptor != null ? descriptor.description()
                : newest != null && newest.getDescription() != null ? newest.getDescription() : bundles.isEmpty() ? "" : header(bundles.get(0), "Bundle-Description", "");
        Set<String> requires = new LinkedHashSet<>(installed.or(() -> Optional.ofNullable(newest)).map(this::moduleDependencies).orElse(List.of()));
        if (descriptor != null) {
            requires.addAll(descriptor.requires());
        }
        String state = state(id, installed, deployedBundle, running.isPresent());
        String version = installed.map(Feature::getVersion).orElse(deployedBundle == null ? null : deployedBundle.getVersion().toString());
        List<String> enabledSites = descriptor != null && descriptor.enabledPerSite()
                ? List.copyOf(settings.enabledSites(descriptor)) : List.of();
        return new AdminModule(id, name, description, descriptor == null ? null : descriptor.scope(), descriptor != null && descriptor.enabledPerSite(), state, version,
                versions == null ? List.of() : versions.stream().map(Feature::getVersion).toList(),
                bundles.stream().map(b -> new AdminModule.ModuleBundle(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                        bundleState(b))).toList(),
                List.copyOf(requires), requiredBy, enabledSites, desired.get(id).map(ReconcilePlanner.Desired::state).orElse(null),
                installed.isPresent() || deployedBundle == null ? "feature" : "deploy", busy.get(id));
    }

    private String state(String id, Optional<Feature> installed, Bundle deployed, boolean running) {
        String opId = busy.get(id);
        if (opId != null) {
            Operation op = operations.get(opId);
            if (op != null && ("install".equals(op.action()) || "update".equals(op.action()))) {
                return "installing";
            }
            if (op != null && "uninstall".equals(op.action())) {
                return "removing";
            }
        }
        if (installed.isEmpty() && deployed == null) {
            return "available";
        }
        if (running) {
            return "active";
        }
        if (installed.isPresent()) {
            boolean hasModuleBundle = bundlesOf(installed.get()).stream().anyMatch(b -> b.getHeaders("").get(MODULE_HEADER) != null);
            if (!started(installed.get())) {
                return "stopped";
            }
            return hasModuleBundle ? "failed" : "active";
        }
        return deployed.getState() == Bundle.ACTIVE ? "failed" : "stopped";
    }

    private static String bundleState(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }

    private static String header(Bundle b, String name, String fallback) {
        String value = b.getHeaders("").get(name);
        return value == null ? fallback : value;
    }

    private List<String> moduleDependencies(Feature f) {
        List<String> deps = new ArrayList<>();
        for (Dependency d : f.getDependencies()) {
            if (d.getName().startsWith(FEATURE_PREFIX) && !PLATFORM_FEATURES.contains(d.getName())) {
                deps.add(d.getName().substring(FEATURE_PREFIX.length()));
            }
        }
        return deps;
    }

    /** For each module, the installed modules that need it. */
    private Map<String, List<String>> requiredBy(Map<String, List<Feature>> catalog) {
        Map<String, List<String>> result = new HashMap<>();
        catalog.forEach((id, versions) -> installed(versions).ifPresent(f -> moduleDependencies(f)
                .forEach(dep -> result.computeIfAbsent(dep, k -> new ArrayList<>()).add(id))));
        return result;
    }

    // ---------------------------------------------------------------- operations

    public Optional<Operation> operation(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    public List<Operation> recentOperations() {
        return operations.values().stream().sorted(Comparator.comparing(Operation::requestedAt).reversed()).limit(50).toList();
    }

    /**
     * Checks the request now (4xx if it makes no sense) and queues it; the returned operation reports
     * progress. {@code action}: install, start, stop, update, uninstall.
     */
    public Operation submit(String moduleId, String action, String version, boolean withDependents, CurrentUser actor) {
        if (bootFinished == null) {
            // Karaf is still installing its boot features; a feature operation now would race it
            throw new ProblemException(503, "Starting", "Modules can be managed once the platform has finished starting; try again in a moment.");
        }
        Map<String, List<Feature>> catalog = catalog();
        Map<String, Bundle> deployed = deployedBundles(catalog);
        List<Feature> versions = catalog.get(moduleId);
        Optional<Feature> installed = installed(versions);
        Bundle deployedBundle = deployed.get(moduleId);
        if (versions == null && deployedBundle == null) {
            throw ProblemException.notFound("No module '" + moduleId + "' is available in the configured features repositories or deploy/.");
        }
        boolean isInstalled = installed.isPresent() || deployedBundle != null;
        if ("install".equals(action)) {
            if (isInstalled) {
                throw ProblemException.conflict("Module '" + moduleId + "' is already installed (version "
                        + installed.map(Feature::getVersion).orElse(deployedBundle == null ? "?" : deployedBundle.getVersion().toString()) + ").");
            }
            if (version != null && versions.stream().noneMatch(f -> f.getVersion().equals(version))) {
                throw ProblemException.notFound("Module '" + moduleId + "' has no version " + version + "; available: "
                        + versions.stream().map(Feature::getVersion).collect(Collectors.joining(", ")) + ".");
            }
        } else if (!isInstalled) {
            throw ProblemException.conflict("Module '" + moduleId + "' is not installed, so it cannot be " + pastTense(action) + ".");
        }
        if ("update".equals(action) && version != null && versions != null && versions.stream().noneMatch(f -> f.getVersion().equals(version))) {
            throw ProblemException.notFound("Module '" + moduleId + "' has no version " + version + ".");
        }
        List<String> dependents = "uninstall".equals(action) ? dependentsClosure(moduleId, catalog) : List.of();
        if (!dependents.isEmpty() && !withDependents) {
            throw ProblemException.conflict("Module '" + moduleId + "' is needed by " + String.join(", ", dependents)
                    + ". Uninstall those first, or ask to remove them together (withDependents=true).");
        }
        String id = UUID.randomUUID().toString();
        Operation op = new Operation(id, moduleId, action, "queued", null, List.of("queued"), actor.name(), Instant.now(), null);
        String running = busy.putIfAbsent(moduleId, id);
        if (running != null) {
            throw ProblemException.conflict("Module '" + moduleId + "' already has operation " + running + " under way; wait for it to finish.");
        }
        operations.put(id, op);
        trimOperations();
        audit(actor.name(), "module." + action + ".requested", moduleId, "operation " + id);
        worker.execute(() -> run(op, versions, installed.orElse(null), deployedBundle, version, dependents, actor));
        return op;
    }

    private void run(Operation op, List<Feature> versions, Feature installed, Bundle deployedBundle, String version,
            List<String> dependents, CurrentUser actor) {
        String moduleId = op.moduleId();
        Map<String, ReconcilePlanner.Desired> before = desired.all();
        try {
            switch (op.action()) {
                case "install" -> install(op, versions, version, actor);
                case "start" -> startOrStop(op, installed, deployedBundle, true, actor);
                case "stop" -> startOrStop(op, installed, deployedBundle, false, actor);
                case "update" -> update(op, versions, installed, deployedBundle, version, actor);
                case "uninstall" -> uninstall(op, installed, deployedBundle, dependents, actor);
                default -> throw new IllegalArgumentException("unknown action " + op.action());
            }
            finish(op.id(), true, "Module '" + moduleId + "' " + pastTense(op.action()) + ".");
            failedFor.remove(moduleId);
        } catch (Exception e) {
            LOG.error("Module operation {} {} of '{}' failed", op.action(), op.id(), moduleId, e);
            String message = "Module '" + moduleId + "' could not be " + pastTense(op.action()) + ": " + reason(e);
            if ("install".equals(op.action()) && !isInstalled(moduleId)) {
                // resolution failed before anything changed: forget the wish so the reconciler does not retry it
                restoreDesired(before, op, actor);
                message += " Nothing was changed.";
            } else {
                desired.get(moduleId).ifPresent(d -> failedFor.put(moduleId, d));
            }
            finish(op.id(), false, message);
        } finally {
            busy.remove(moduleId, op.id());
        }
    }

    private void install(Operation op, List<Feature> versions, String version, CurrentUser actor) throws Exception {
        Feature target = version == null ? versions.get(0) : versions.stream().filter(f -> f.getVersion().equals(version)).findFirst().orElseThrow();
        // what it needs first, so the required modules are installed (and wanted) in their own right
        Map<String, List<Feature>> catalog = catalog();
        Set<String> featureIds = new LinkedHashSet<>();
        for (String dep : dependencyClosure(target, catalog)) {
            Feature depFeature = catalog.get(dep).get(0);
            if (!features.isInstalled(depFeature)) {
                desired.put(dep, "started", null, actor.name(), "needed by " + op.moduleId());
                featureIds.add(depFeature.getId());
            }
        }
        desired.put(op.moduleId(), "started", version, actor.name(), "operation " + op.id());
        featureIds.add(target.getId());
        progress(op.id(), "installing " + String.join(", ", featureIds) + " without refreshing other bundles");
        features.installFeatures(featureIds, NO_REFRESH);
        progress(op.id(), "waiting for the module to start");
        awaitModule(op.moduleId(), true);
    }

    private void startOrStop(Operation op, Feature installed, Bundle deployedBundle, boolean start, CurrentUser actor) throws Exception {
        desired.put(op.moduleId(), start ? "started" : "stopped", null, actor.name(), "operation " + op.id());
        progress(op.id(), (start ? "starting" : "stopping") + " the module's bundles");
        if (installed != null) {
            features.updateFeaturesState(Map.of(FeaturesService.ROOT_REGION,
                    Map.of(installed.getId(), start ? FeatureState.Started : FeatureState.Resolved)), NO_REFRESH);
        } else if (start) {
            deployedBundle.start();
        } else {
            deployedBundle.stop();
        }
        awaitModule(op.moduleId(), start);
    }

    private void update(Operation op, List<Feature> versions, Feature installed, Bundle deployedBundle, String version,
            CurrentUser actor) throws Exception {
        if (installed != null && version != null && !version.equals(installed.getVersion())) {
            desired.put(op.moduleId(), "started", version, actor.name(), "operation " + op.id());
            progress(op.id(), "replacing version " + installed.getVersion() + " with " + version);
            features.installFeature(installed.getName(), version, EnumSet.of(FeaturesService.Option.Upgrade,
                    FeaturesService.Option.NoAutoRefreshBundles));
        } else {
            List<Bundle> bundles = installed != null ? bundlesOf(installed) : List.of(deployedBundle);
            progress(op.id(), "reloading " + bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", ")));
            for (Bundle b : bundles) {
                b.update();
            }
            refreshOnly(bundles);
        }
        progress(op.id(), "waiting for the module to start");
        awaitModule(op.moduleId(), true);
    }

    private void uninstall(Operation op, Feature installed, Bundle deployedBundle, List<String> dependents, CurrentUser actor) throws Exception {
        Map<String, List<Feature>> catalog = catalog();
        Set<String> featureIds = new LinkedHashSet<>();
        for (String dep : dependents) {
            installed(catalog.get(dep)).ifPresent(f -> {
                desired.put(dep, "absent", null, actor.name(), "removed with " + op.moduleId());
                featureIds.add(f.getId());
            });
        }
        desired.put(op.moduleId(), "absent", null, actor.name(), "operation " + op.id() + "; its data is kept");
        if (installed != null) {
            featureIds.add(installed.getId());
            progress(op.id(), "uninstalling " + String.join(", ", featureIds) + " without refreshing other bundles (data is kept)");
            features.uninstallFeatures(featureIds, NO_REFRESH);
        } else {
            Path file = deployedFile(deployedBundle);
            progress(op.id(), "removing " + file + " from the deploy folder (data is kept)");
            Files.deleteIfExists(file);
        }
        awaitModule(op.moduleId(), false);
    }

    private Path deployedFile(Bundle bundle) {
        String location = bundle.getLocation();
        if (!location.startsWith("file:")) {
            throw new IllegalStateException("bundle " + bundle.getSymbolicName() + " was not deployed from a file: " + location);
        }
        return Path.of(URI.create(location));
    }

    /** Refreshes just these bundles (and what is wired to them), never the whole framework. */
    private void refreshOnly(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> done.countDown());
        if (!done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("refreshing the module's bundles took longer than " + timeoutMillis / 1000 + " s");
        }
    }

    private void awaitModule(String moduleId, boolean running) throws InterruptedException {
        BooleanSupplier reached = () -> registry.active(moduleId).isPresent() == running;
        boolean hasModuleBundle = Optional.ofNullable(catalog().get(moduleId)).flatMap(this::installed)
                .map(f -> bundlesOf(f).stream().anyMatch(b -> b.getHeaders("").get(MODULE_HEADER) != null)).orElse(true);
        if (running && !hasModuleBundle) {
            return; // a feature without a module bundle (e.g. a bundle-less composite) has no service to wait for
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(running ? "its bundles are installed but the module did not start within "
                        + timeoutMillis / 1000 + " s (see the server log for the component that is not satisfied)"
                        : "it did not stop within " + timeoutMillis / 1000 + " s");
            }
            Thread.sleep(20);
        }
    }

    private boolean isInstalled(String moduleId) {
        Map<String, List<Feature>> catalog = catalog();
        return installed(catalog.get(moduleId)).isPresent() || deployedBundles(catalog).containsKey(moduleId);
    }

    private void restoreDesired(Map<String, ReconcilePlanner.Desired> before, Operation op, CurrentUser actor) {
        Map<String, ReconcilePlanner.Desired> now = desired.all();
        for (String id : now.keySet()) {
            if (!java.util.Objects.equals(now.get(id), before.get(id))) {
                desired.restore(id, before.get(id), actor.name());
            }
        }
    }

    private List<String> dependencyClosure(Feature target, Map<String, List<Feature>> catalog) {
        List<String> ordered = new ArrayList<>();
        collectDependencies(target, catalog, ordered, new LinkedHashSet<>());
        return ordered;
    }

    private void collectDependencies(Feature f, Map<String, List<Feature>> catalog, List<String> ordered, Set<String> seen) {
        for (String dep : moduleDependencies(f)) {
            if (seen.add(dep) && catalog.containsKey(dep)) {
                collectDependencies(catalog.get(dep).get(0), catalog, ordered, seen);
                ordered.add(dep);
            }
        }
    }

    /** Installed modules that need {@code moduleId}, directly or through others; the farthest first. */
    private List<String> dependentsClosure(String moduleId, Map<String, List<Feature>> catalog) {
        Map<String, List<String>> requiredBy = requiredBy(catalog);
        List<String> ordered = new ArrayList<>();
        collectDependents(moduleId, requiredBy, ordered, new LinkedHashSet<>());
        return ordered;
    }

    private void collectDependents(String moduleId, Map<String, List<String>> requiredBy, List<String> ordered, Set<String> seen) {
        for (String dependent : requiredBy.getOrDefault(moduleId, List.of())) {
            if (seen.add(dependent)) {
                collectDependents(dependent, requiredBy, ordered, seen);
                ordered.add(dependent);
            }
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        // a download failure is often wrapped (Karaf's MultiException, IOException with the cause below): name the artifact
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 20_000; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                chain.append(suppressed.getMessage()).append('\n');
            }
        }
        String artifact = ResolutionMessages.missingArtifact(chain.toString());
        if (artifact != null) {
            return "it needs " + artifact + ".";
        }
        if (e instanceof IllegalStateException && message != null && !message.contains("missing requirement")) {
            return message + ".";
        }
        if (e instanceof BundleException || e instanceof IOException) {
            return message + ".";
        }
        return "it needs " + ResolutionMessages.explain(message) + ".";
    }

    private static String pastTense(String action) {
        return switch (action) {
            case "install" -> "installed";
            case "start" -> "started";
            case "stop" -> "stopped";
            case "update" -> "updated";
            case "uninstall" -> "uninstalled";
            default -> action;
        };
    }

    private void progress(String opId, String step) {
        operations.computeIfPresent(opId, (k, op) -> op.step(step));
    }

    private void finish(String opId, boolean ok, String message) {
        Operation op = operations.computeIfPresent(opId, (k, o) -> o.finish(ok, message));
        if (op != null) {
            audit(op.requestedBy(), "module." + op.action() + (ok ? ".succeeded" : ".failed"), op.moduleId(), message);
        }
    }

    private void trimOperations() {
        if (operations.size() > KEEP_OPERATIONS) {
            operations.values().stream().filter(Operation::finished).sorted(Comparator.comparing(Operation::requestedAt))
                    .limit(operations.size() - KEEP_OPERATIONS).map(Operation::id).toList().forEach(operations::remove);
        }
    }

    private void audit(String actor, String action, String moduleId, String detail) {
        database.inTransaction(c -> {
            audit.record(c, actor, action, "module", moduleId, detail);
            return null;
        });
    }

    // ---------------------------------------------------------------- desired state

    /** Makes this container match the desired set; modules installed by hand are adopted, never undone. */
    void reconcile() {
        if (bootFinished == null || !busy.isEmpty()) {
            return;
        }
        Map<String, List<Feature>> catalog = catalog();
        Map<String, ReconcilePlanner.Actual> actual = new LinkedHashMap<>();
        Map<String, List<String>> available = new LinkedHashMap<>();
        catalog.forEach((id, versions) -> {
            available.put(id, versions.stream().map(Feature::getVersion).toList());
            Optional<Feature> inst = installed(versions);
            actual.put(id, new ReconcilePlanner.Actual(id, inst.isPresent(), inst.map(Feature::getVersion).orElse(null),
                    inst.map(this::started).orElse(false)));
        });
        Map<String, ReconcilePlanner.Desired> wanted = desired.all();
        for (ReconcilePlanner.Step step : ReconcilePlanner.plan(wanted, actual, available)) {
            try {
                switch (step.kind()) {
                    case ADOPT_STARTED, ADOPT_STOPPED -> desired.put(step.moduleId(), step.kind() == ReconcilePlanner.Kind.ADOPT_STARTED
                            ? "started" : "stopped", null, RECONCILER.name(), "installed outside Homeroom; adopted as it is");
                    default -> {
                        if (wanted.get(step.moduleId()) != null && wanted.get(step.moduleId()).equals(failedFor.get(step.moduleId()))) {
                            continue; // failed for this very wish already; wait for someone to change it
                        }
                        String action = step.kind().name().toLowerCase(java.util.Locale.ROOT);
                        LOG.info("Reconciling module '{}': {}", step.moduleId(), action);
                        Operation op = submit(step.moduleId(), action, step.kind() == ReconcilePlanner.Kind.UPDATE ? step.version() : null,
                                true, RECONCILER);
                        awaitFinished(op.id());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not reconcile module '{}' ({}): {}", step.moduleId(), step.kind(), e.getMessage());
            }
        }
    }

    private void awaitFinished(String opId) {
        long deadline = System.nanoTime() + 2 * timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline && !operations.get(opId).finished()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Module reconciliation failed; will try again", e);
        }
    }

    /** A module feature installed or removed outside Homeroom (Karaf console, feature:install) becomes the wish. */
    @Override
    public void featureEvent(FeatureEvent event) {
        String name = event.getFeature().getName();
        if (bootFinished == null || event.isReplay() || !name.startsWith(FEATURE_PREFIX) || PLATFORM_FEATURES.contains(name)) {
            return;
        }
        String moduleId = name.substring(FEATURE_PREFIX.length());
        if (busy.containsKey(moduleId)) {
            return; // our own operation
        }
        boolean installedNow = event.getType() == FeatureEvent.EventType.FeatureInstalled;
        // synchronously: recorded before the reconciler can look, so it never "repairs" the operator's change
        try {
            desired.put(moduleId, installedNow ? "started" : "absent", null, "console",
                    (installedNow ? "installed" : "uninstalled") + " outside Homeroom (" + event.getFeature().getId() + ")");
        } catch (RuntimeException e) {
            LOG.warn("Could not record the console change of module '{}'", moduleId, e);
        }
    }

    @Override
    public void repositoryEvent(RepositoryEvent event) {
        // a new repository only adds available modules; nothing to record
    }
}
