package org.homeroom.platform.records.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolvers of the modules installed now, by module id (dynamic: a module coming or going changes this map
 * and nothing else), and the one rule for what a user is shown of a reference.
 */
@Component(service = Resolvers.class)
public class Resolvers {

    private static final Logger LOG = LoggerFactory.getLogger(Resolvers.class);
    private final Map<String, RecordResolver> byModule = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void add(RecordResolver resolver) {
        byModule.put(resolver.module(), resolver);
    }

    public void remove(RecordResolver resolver) {
        byModule.remove(resolver.module(), resolver);
    }

    public boolean installed(String module) {
        return byModule.containsKey(module);
    }

    /**
     * What {@code user} may be shown of {@code ref}: the record with its title when its module says they may
     * see it; the bare reference when its module is not installed and the user works across all sites (nobody
     * can check it for anyone else, so site staff are shown nothing); empty otherwise.
     */
    public Optional<RecordView> view(RecordRef ref, CurrentUser user) {
        RecordResolver resolver = byModule.get(ref.module());
        if (resolver == null) {
            return user.seesAllSites() ? Optional.of(RecordView.notInstalled(ref)) : Optional.empty();
        }
        return resolve(resolver, ref, user).map(RecordView::of);
    }

    /** The record, only when its module is installed and says {@code user} may see it. */
    public Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user) {
        RecordResolver resolver = byModule.get(ref.module());
        return resolver == null ? Optional.empty() : resolve(resolver, ref, user);
    }

    /** {@link #resolve} for a page of references, one call per module: what is missing was unknown, hidden, or of a module not installed. */
    public Map<RecordRef, ResolvedRecord> resolveAll(List<RecordRef> refs, CurrentUser user) {
        Map<String, List<RecordRef>> byOwner = new java.util.LinkedHashMap<>();
        for (RecordRef ref : refs) {
            byOwner.computeIfAbsent(ref.module(), m -> new java.util.ArrayList<>()).add(ref);
        }
        Map<RecordRef, ResolvedRecord> found = new java.util.HashMap<>();
        byOwner.forEach((module, owned) -> {
            RecordResolver resolver = byModule.get(module);
            if (resolver == null) {
                return;
            }
            try {
                resolver.resolveAll(owned, user).forEach((ref, record) -> {
                    if (owned.contains(ref) && record.ref().equals(ref)) {
                        found.put(ref, record);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("The {} module could not resolve {} records; they are not shown", module, owned.size(), e);
            }
        });
        return found;
    }

    /** For writes (a new link, a tag): the record must exist, its module be installed and the user see it; else 404/422 naming it. */
    public ResolvedRecord require(String field, RecordRef ref, CurrentUser user) {
        if (!byModule.containsKey(ref.module())) {
            throw ProblemException.invalid(List.of(new FieldError(field, "module '" + ref.module() + "' is not installed, so "
                    + ref + " cannot be checked")));
        }
        return resolve(ref, user).orElseThrow(() -> ProblemException.notFound("There is no record " + ref + " that you may see."));
    }

    /** A reference from a request field: 422 naming the field when it is missing or malformed. */
    public static RecordRef parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid(List.of(new FieldError(field, "is required (" + RecordRef.format() + ")")));
        }
        return RecordRef.parse(text).orElseThrow(() -> ProblemException.invalid(List.of(new FieldError(field,
                "is not a record reference: expected " + RecordRef.format()))));
    }

    private static Optional<ResolvedRecord> resolve(RecordResolver resolver, RecordRef ref, CurrentUser user) {
        try {
            return resolver.resolve(ref, user).filter(r -> r.ref().equals(ref));
        } catch (RuntimeException e) {
            // a failing module shows nothing rather than too much
            LOG.warn("The {} module could not resolve {}; it is not shown", ref.module(), ref, e);
            return Optional.empty();
        }
    }
}
