package org.homeroom.platform.records.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.homeroom.platform.api.search.SearchIndex;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The one search, as a word index in the platform database (HR_SEARCH_DOC, HR_SEARCH_TERM; docs/decisions.md,
 * "One search"). Modules write it in their own transactions, so every node reads the same index the moment a
 * record commits.
 *
 * <p>A query reads each word's postings (only the ranges of the user's sites for site staff), intersects them
 * (every word must match), ranks by summed weight (title words weigh more), newest first among equals, and
 * shows a hit only when the record's module is installed and says this user may see it.
 */
@Component(service = {SearchIndex.class, JdbcSearch.class})
public class JdbcSearch implements SearchIndex {

    /** Postings read per word; a word in more records than this is checked against the rarer words' hits instead. */
    static final int POSTINGS_CAP = 20_000;
    /** Words of a document that are indexed (the first ones: titles come first). */
    static final int MAX_TERMS_PER_RECORD = 400;
    static final int MAX_QUERY_TERMS = 6;
    /** Candidates whose visibility is checked before a search gives up filling the page (site staff searching others' records). */
    static final int MAX_CHECKED = 1_000;
    static final String DISTRICT = "*";
    private static final int TITLE = 3;
    private static final int TEXT = 1;
    private static final int CHECK_BATCH = 50;

    private final Database database;
    private final Resolvers resolvers;
    private final Clock clock;
    private final int postingsCap;

    @Activate
    public JdbcSearch(@Reference Database database, @Reference Resolvers resolvers, BundleContext context) {
        this(database, resolvers, Clock.systemUTC(), POSTINGS_CAP);
        database.migrate(JdbcLinks.OWNER, context.getBundle());
    }

    JdbcSearch(Database database, Resolvers resolvers, Clock clock, int postingsCap) {
        this.database = database;
        this.resolvers = resolvers;
        this.clock = clock;
        this.postingsCap = postingsCap;
    }

    @Override
    public void index(Connection c, RecordRef ref, String site, String title, String text) {
        String siteKey = site == null || site.isBlank() ? DISTRICT : site.trim();
        String shownTitle = title == null || title.isBlank() ? ref.toString() : title.strip();
        shownTitle = shownTitle.length() > 300 ? shownTitle.substring(0, 299) + "…" : shownTitle;
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String term : Words.terms(shownTitle, MAX_TERMS_PER_RECORD)) {
            weights.put(term, TITLE);
        }
        for (String term : Words.terms(text, MAX_TERMS_PER_RECORD)) {
            if (weights.size() >= MAX_TERMS_PER_RECORD && !weights.containsKey(term)) {
                break;
            }
            weights.merge(term, TEXT, (a, b) -> a == TITLE ? TITLE + TEXT : a);
        }
        try {
            Timestamp now = Timestamp.from(clock.instant());
            Optional<Long> existing = docId(c, ref);
            long id;
            if (existing.isPresent()) {
                id = existing.get();
                deleteTerms(c, id);
                try (PreparedStatement ps = c.prepareStatement("UPDATE HR_SEARCH_DOC SET SITE = ?, TITLE = ?, UPDATED_AT = ? WHERE ID = ?")) {
                    ps.setString(1, siteKey);
                    ps.setString(2, shownTitle);
                    ps.setTimestamp(3, now);
                    ps.setLong(4, id);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_SEARCH_DOC (REF, MODULE, SITE, TITLE, UPDATED_AT) VALUES (?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, ref.toString());
                    ps.setString(2, ref.module());
                    ps.setString(3, siteKey);
                    ps.setString(4, shownTitle);
                    ps.setTimestamp(5, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_SEARCH_TERM (TERM, SITE, DOC_ID, WEIGHT) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Integer> e : weights.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, siteKey);
                    ps.setLong(3, id);
                    ps.setInt(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not index " + ref, e);
        }
    }

    @Override
    public void remove(Connection c, RecordRef ref) {
        try {
            Optional<Long> id = docId(c, ref);
            if (id.isPresent()) {
                deleteTerms(c, id.get());
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM HR_SEARCH_DOC WHERE ID = ?")) {
                    ps.setLong(1, id.get());
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove " + ref + " from the search index", e);
        }
    }

    /** The best {@code limit} records matching every word of {@code q} that {@code user} may see. */
    public SearchResults search(String q, CurrentUser user, int limit) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalid(List.of(new FieldError("q", "is required: the words to search for")));
        }
        if (q.length() > 500) {
            throw ProblemException.invalid(List.of(new FieldError("q", "must be at most 500 characters")));
        }
        List<String> terms = new ArrayList<>(Words.terms(q, MAX_QUERY_TERMS));
        if (terms.isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldError("q", "needs a word of two or more letters or digits that is not a common word like 'the' or 'de'")));
        }
        // site staff: their sites' ranges and the district's; admin and comms: every range
        List<String> sites = null;
        if (!user.seesAllSites()) {
            Set<String> own = new TreeSet<>(user.sites());
            own.add(DISTRICT);
            sites = List.copyOf(own);
        }
        List<String> siteFilter = sites;
        List<Scored> ranked = database.read(c -> rank(c, terms, siteFilter));
        List<SearchHit> hits = new ArrayList<>();
        int checked = 0;
        for (int from = 0; from < ranked.size() && hits.size() < limit && checked < MAX_CHECKED; from += CHECK_BATCH) {
            List<Scored> batch = ranked.subList(from, Math.min(ranked.size(), from + CHECK_BATCH));
            checked += batch.size();
            Map<Long, String> refs = database.read(c -> refs(c, batch));
            Map<Long, RecordRef> parsed = new HashMap<>();
            refs.forEach((doc, text) -> RecordRef.parse(text).ifPresent(r -> parsed.put(doc, r)));
            Map<RecordRef, ResolvedRecord> visible = resolvers.resolveAll(List.copyOf(parsed.values()), user);
            for (Scored s : batch) {
                Optional<ResolvedRecord> shown = Optional.ofNullable(parsed.get(s.docId())).map(visible::get);
                if (shown.isPresent()) {
                    ResolvedRecord r = shown.get();
                    hits.add(new SearchHit(r.ref().toString(), r.ref().module(), r.ref().kind(), r.ref().id(), r.title(), r.site(), s.score()));
                    if (hits.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return new SearchResults(q, terms, hits);
    }

    record Scored(long docId, int score) {
    }

    /** Every document matching all terms, best first (score, then newest). */
    private List<Scored> rank(Connection c, List<String> terms, List<String> sites) throws SQLException {
        List<Map<Long, Integer>> lists = new ArrayList<>();
        for (String term : terms) {
            lists.add(postings(c, term, sites));
        }
        // the rarest complete list drives; a word found in more than the cap is checked against its hits one by one
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> lists.get(i).size()));
        int driver = order.get(0);
        Map<Long, Integer> scores = new HashMap<>(lists.get(driver));
        for (int i : order.subList(1, order.size())) {
            if (scores.isEmpty()) {
                break;
            }
            Map<Long, Integer> list = lists.get(i);
            Map<Long, Integer> other = list.size() > postingsCap ? probe(c, terms.get(i), scores.keySet()) : list;
            scores.keySet().retainAll(other.keySet());
            scores.replaceAll((doc, score) -> score + other.get(doc));
        }
        List<Scored> ranked = new ArrayList<>(scores.size());
        scores.forEach((doc, score) -> ranked.add(new Scored(doc, score)));
        ranked.sort(Comparator.comparingInt(Scored::score).reversed().thenComparing(Comparator.comparingLong(Scored::docId).reversed()));
        return ranked;
    }

    /** A word's postings (up to the cap and one more, so the caller knows it was cut). */
    private Map<Long, Integer> postings(Connection c, String term, List<String> sites) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT DOC_ID, WEIGHT FROM HR_SEARCH_TERM WHERE TERM = ?");
        if (sites != null) {
            sql.append(" AND SITE IN (").append(String.join(", ", sites.stream().map(s -> "?").toList())).append(")");
        }
        Map<Long, Integer> postings = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, term);
            if (sites != null) {
                for (int i = 0; i < sites.size(); i++) {
                    ps.setString(i + 2, sites.get(i));
                }
            }
            ps.setMaxRows(postingsCap + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    postings.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return postings;
    }

    /** The weights of {@code term} in the given documents (for a word too common to read whole). */
    private static Map<Long, Integer> probe(Connection c, String term, Set<Long> docs) throws SQLException {
        Map<Long, Integer> found = new HashMap<>();
        List<Long> ids = new ArrayList<>(docs);
        for (int from = 0; from < ids.size(); from += 200) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
            try (PreparedStatement ps = c.prepareStatement("SELECT DOC_ID, WEIGHT FROM HR_SEARCH_TERM WHERE DOC_ID IN ("
                    + String.join(", ", chunk.stream().map(x -> "?").toList()) + ") AND TERM = ?")) {
                int i = 1;
                for (long id : chunk) {
                    ps.setLong(i++, id);
                }
                ps.setString(i, term);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getLong(1), rs.getInt(2));
                    }
                }
            }
        }
        return found;
    }

    private static Map<Long, String> refs(Connection c, List<Scored> batch) throws SQLException {
        Map<Long, String> refs = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, REF FROM HR_SEARCH_DOC WHERE ID IN ("
                + String.join(", ", batch.stream().map(x -> "?").toList()) + ")")) {
            int i = 1;
            for (Scored s : batch) {
                ps.setLong(i++, s.docId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refs.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return refs;
    }

    private static Optional<Long> docId(Connection c, RecordRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM HR_SEARCH_DOC WHERE REF = ?")) {
            ps.setString(1, ref.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void deleteTerms(Connection c, long docId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM HR_SEARCH_TERM WHERE DOC_ID = ?")) {
            ps.setLong(1, docId);
            ps.executeUpdate();
        }
    }
}
