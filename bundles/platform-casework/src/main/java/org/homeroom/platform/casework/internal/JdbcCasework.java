package org.homeroom.platform.casework.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Language;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.api.casework.BusinessClock;
import org.homeroom.platform.api.casework.CaseAttachment;
import org.homeroom.platform.api.casework.CaseConverter;
import org.homeroom.platform.api.casework.CaseDraft;
import org.homeroom.platform.api.casework.CaseNote;
import org.homeroom.platform.api.casework.CaseQuery;
import org.homeroom.platform.api.casework.CaseRecord;
import org.homeroom.platform.api.casework.CaseType;
import org.homeroom.platform.api.casework.CaseworkService;
import org.homeroom.platform.api.casework.Channel;
import org.homeroom.platform.api.casework.Reassignment;
import org.homeroom.platform.api.casework.ReplyTemplate;
import org.homeroom.platform.api.casework.Requester;
import org.homeroom.platform.api.casework.SlaRule;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.data.Sql;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.homeroom.platform.api.records.RecordLinks;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Cases in HR_CASE, notes in HR_CASE_NOTE, files in HR_CASE_ATTACHMENT. Types are registered in memory by the
 * modules that own them; converters arrive as services (whiteboard). Every change and its audit entry share one
 * transaction.
 */
@Component(service = CaseworkService.class)
public class JdbcCasework implements CaseworkService {

    static final String OWNER = "platform-casework";
    static final String PUBLIC = "public";
    private static final String COLUMNS = "ID, CASE_TYPE, STATE, CHANNEL, REQUESTER_NAME, REQUESTER_EMAIL, REQUESTER_PHONE, LANG, TOPIC, SITE, "
            + "TEAM, ASSIGNEE, SUBJECT, BODY, OPENED_AT, OPENED_BY, FIRST_RESPONSE_DUE_AT, DUE_AT, REQUESTER_DEADLINE, FIRST_RESPONSE_AT, "
            + "CLOSED_AT, UPDATED_AT, CONVERTED_TO";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\-. ]{7,40}");
    private static final Pattern TARGET = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}:[a-z0-9][a-z0-9-]{0,39}");

    private final Database database;
    private final AuditLog audit;
    private final MailService mail;
    private final DistrictCalendar calendar;
    private final RecordLinks links;
    private final Function<String, Optional<Site>> sites;
    private final Clock clock;
    private final Map<String, CaseType> types = new ConcurrentHashMap<>();
    private final List<CaseConverter> converters = new CopyOnWriteArrayList<>();

    @Activate
    public JdbcCasework(@Reference Database database, @Reference AuditLog audit, @Reference MailService mail,
            @Reference DistrictCalendar calendar, @Reference RecordLinks links, @Reference SiteService sites, BundleContext context) {
        this(database, audit, mail, calendar, links, sites::find, Clock.systemUTC());
        database.migrate(OWNER, context.getBundle());
    }

    /** For unit tests, including other modules' (test-scoped dependency on platform-casework): no OSGi, any clock. */
    public JdbcCasework(Database database, AuditLog audit, MailService mail, DistrictCalendar calendar, RecordLinks links,
            Function<String, Optional<Site>> sites, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.mail = mail;
        this.calendar = calendar;
        this.links = links;
        this.sites = sites;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConverter(CaseConverter converter) {
        converters.add(converter);
    }

    void removeConverter(CaseConverter converter) {
        converters.remove(converter);
    }

    @Override
    public void register(CaseType type) {
        types.put(type.id(), type);
    }

    @Override
    public Optional<CaseType> type(String typeId) {
        return Optional.ofNullable(typeId == null ? null : types.get(typeId));
    }

    @Override
    public BusinessClock businessClock() {
        return new BusinessClock(calendar.businessDays(), calendar.hours(), calendar.zone());
    }

    // ---- opening -------------------------------------------------------------------------------------------

    @Override
    public CaseRecord open(CaseDraft draft, CurrentUser actor) {
        Prepared p = prepare(draft, actor);
        return database.inTransaction(c -> insert(c, p, actor));
    }

    @Override
    public CaseRecord open(Connection transaction, CaseDraft draft, CurrentUser actor) {
        Prepared p = prepare(draft, actor);
        try {
            return insert(transaction, p, actor);
        } catch (SQLException e) {
            throw new org.homeroom.platform.api.data.DataException("could not open the case", e);
        }
    }

    private record Prepared(CaseType type, Channel channel, Requester requester, String topic, String site, String team, String assignee,
            String subject, String text, Instant now, Instant firstDue, Instant due, Instant deadline) {
    }

    private Prepared prepare(CaseDraft draft, CurrentUser actor) {
        if (draft == null) {
            throw ProblemException.badRequest("A case needs a body.");
        }
        Validation v = new Validation();
        CaseType type = types.get(draft.type());
        v.check(type != null, "type", "there is no case type " + draft.type());
        v.check(draft.channel() != null, "channel", "is required (phone, walk-in, email, web, text, social, letter, other)");
        Requester r = draft.requester() == null ? new Requester(null, null, null, Language.EN) : draft.requester();
        String name = clean(r.name());
        String email = clean(r.email());
        String phone = clean(r.phone());
        v.plainText("requester.name", name, 200);
        if (email != null) {
            v.check(email.length() <= 254 && EMAIL.matcher(email).matches(), "requester.email", "is not an email address");
        }
        if (phone != null) {
            v.check(PHONE.matcher(phone).matches() && digits(phone).length() >= 7, "requester.phone", "is not a phone number (7 or more digits)");
        }
        v.check(name != null || email != null || phone != null, "requester", "give a name, an email or a phone number");
        String site = clean(draft.site());
        if (site != null) {
            site = site.toUpperCase(Locale.ROOT);
            Optional<Site> s = sites.apply(site).filter(x -> !x.archived());
            v.check(s.isPresent(), "site", "there is no site " + site);
            if (s.isPresent() && actor != null) {
                v.check(actor.canAccessSite(site), "site", "you do not work at site " + site);
            }
        }
        String topic = clean(draft.topic());
        v.plainText("topic", topic, 100);
        String team = clean(draft.team());
        v.plainText("team", team, 100);
        String assignee = clean(draft.assignee());
        v.plainText("assignee", assignee, 100);
        String subject = clean(draft.subject());
        v.plainText("subject", subject, 300);
        String text = draft.text() == null ? null : draft.text().strip();
        v.requiredText("text", text == null || text.isEmpty() ? null : text, 100_000);
        Instant now = clock.instant();
        v.check(draft.requesterDeadline() == null || draft.requesterDeadline().isAfter(now), "requesterDeadline", "is in the past");
        v.throwIfInvalid();
        SlaRule sla = draft.sla() != null ? draft.sla() : type.sla();
        BusinessClock bc = sla.firstResponseBusinessHours() > 0 || sla.resolveBusinessHours() > 0 ? businessClock() : null;
        Instant firstDue = sla.firstResponseBusinessHours() > 0 ? bc.plusBusinessHours(now, sla.firstResponseBusinessHours()) : null;
        Instant due = sla.resolveBusinessHours() > 0 ? bc.plusBusinessHours(now, sla.resolveBusinessHours()) : null;
        return new Prepared(type, draft.channel(), new Requester(name, email, phone, r.language()), topic, site, team, assignee, subject, text,
                now, firstDue, due, draft.requesterDeadline());
    }

    private CaseRecord insert(Connection c, Prepared p, CurrentUser actor) throws SQLException {
        String by = actor == null ? PUBLIC : actor.name();
        long id = Sql.insert(c, "INSERT INTO HR_CASE (CASE_TYPE, STATE, CHANNEL, REQUESTER_NAME, REQUESTER_EMAIL, REQUESTER_PHONE, PHONE_DIGITS, "
                        + "NAME_LOWER, LANG, TOPIC, SITE, TEAM, ASSIGNEE, SUBJECT, BODY, OPENED_AT, OPENED_BY, FIRST_RESPONSE_DUE_AT, DUE_AT, "
                        + "REQUESTER_DEADLINE, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.type().id(), p.type().initialState(), p.channel().code(), p.requester().name(), lower(p.requester().email()),
                p.requester().phone(), p.requester().phone() == null ? null : digits(p.requester().phone()), lower(p.requester().name()),
                p.requester().language().code(), p.topic(), p.site(), p.team(), p.assignee(), p.subject(), p.text(), p.now(), by,
                p.firstDue(), p.due(), p.deadline(), p.now());
        CaseRecord opened = require(c, p.type().id(), id);
        audit.record(c, by, "case.open", "case", opened.ref().toString(),
                p.channel().code() + (p.topic() == null ? "" : ", topic " + p.topic()) + (p.site() == null ? "" : ", site " + p.site()));
        return opened;
    }

    // ---- reading -------------------------------------------------------------------------------------------

    @Override
    public CaseRecord get(String typeId, long id, CurrentUser actor) {
        return database.read(c -> visible(c, typeId, id, actor));
    }

    @Override
    public Page<CaseRecord> find(CaseQuery query, PageRequest page, CurrentUser actor) {
        if (query == null || query.type() == null) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("type", "is required")));
        }
        StringBuilder where = new StringBuilder("FROM HR_CASE WHERE CASE_TYPE = ?");
        List<Object> args = new ArrayList<>();
        args.add(query.type());
        scope(where, args, actor);
        eq(where, args, "STATE", query.state());
        if (query.site() != null) {
            eq(where, args, "SITE", query.site().trim().toUpperCase(Locale.ROOT));
        }
        eq(where, args, "TOPIC", query.topic());
        eq(where, args, "TEAM", query.team());
        eq(where, args, "ASSIGNEE", query.assignee());
        if (query.open() != null) {
            where.append(query.open() ? " AND CLOSED_AT IS NULL" : " AND CLOSED_AT IS NOT NULL");
        }
        if (query.requester() != null && !query.requester().isBlank()) {
            String q = query.requester().trim().toLowerCase(Locale.ROOT);
            String d = digits(q);
            if (q.contains("@")) {
                where.append(" AND REQUESTER_EMAIL = ?");
                args.add(q);
            } else if (d.length() >= 7 && d.length() * 2 >= q.replaceAll("[^0-9a-z]", "").length()) {
                where.append(" AND PHONE_DIGITS = ?");
                args.add(d);
            } else {
                where.append(" AND NAME_LOWER LIKE ? ESCAPE '\\'");
                args.add(q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
        }
        return database.page(new PagedQuery(COLUMNS, where.toString(), "ID DESC", args), page, JdbcCasework::map);
    }

    @Override
    public List<CaseRecord> pastDue(String typeId, Instant now, CurrentUser actor) {
        StringBuilder where = new StringBuilder(" FROM HR_CASE WHERE CASE_TYPE = ? AND CLOSED_AT IS NULL AND DUE_AT < ?");
        List<Object> args = new ArrayList<>(List.of(typeId, now));
        scope(where, args, actor);
        return database.read(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + where + " ORDER BY DUE_AT, ID FETCH FIRST 500 ROWS ONLY")) {
                Sql.bind(ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    List<CaseRecord> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                    return out;
                }
            }
        });
    }

    // ---- changing ------------------------------------------------------------------------------------------

    @Override
    public CaseRecord transition(String typeId, long id, String state, String note, CurrentUser actor) {
        CaseType type = registered(typeId);
        String to = clean(state);
        Validation v = new Validation();
        v.check(to != null && type.states().contains(to), "state", "must be one of " + type.states());
        String text = clean(note);
        v.plainText("note", text, 10_000);
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            CaseRecord current = visible(c, typeId, id, actor);
            if (!type.allows(current.state(), to)) {
                throw new ProblemException(409, "Conflict", "A " + type.kind() + " cannot go from " + current.state() + " to " + to + ".",
                        List.of(new org.homeroom.platform.api.FieldError("state", "not allowed from " + current.state()
                                + "; allowed: " + type.transitions().getOrDefault(current.state(), java.util.Set.of()))));
            }
            Instant now = clock.instant();
            boolean closing = type.isClosed(to);
            Sql.update(c, "UPDATE HR_CASE SET STATE = ?, CLOSED_AT = ?, UPDATED_AT = ? WHERE ID = ?", to,
                    closing ? (current.closedAt() != null ? current.closedAt() : now) : null, now, id);
            if (text != null) {
                insertNote(c, id, false, text, actor.name(), now, null, null);
            }
            audit.record(c, actor.name(), "case.transition", "case", current.ref().toString(), current.state() + " -> " + to);
            return require(c, typeId, id);
        });
    }

    @Override
    public CaseRecord reassign(String typeId, long id, Reassignment change, CurrentUser actor) {
        registered(typeId);
        if (change == null) {
            throw ProblemException.badRequest("A reassignment needs a body.");
        }
        Validation v = new Validation();
        String site = clean(change.site());
        if (site != null) {
            site = site.toUpperCase(Locale.ROOT);
            v.check(sites.apply(site).filter(s -> !s.archived()).isPresent(), "site", "there is no site " + site);
            v.check(actor.canAccessSite(site), "site", "you do not work at site " + site);
        }
        String team = clean(change.team());
        v.plainText("team", team, 100);
        String assignee = change.assignee() == null ? null : change.assignee().strip();
        v.plainText("assignee", assignee, 100);
        v.plainText("reason", clean(change.reason()), 500);
        v.check(site != null || team != null || assignee != null, "site", "give a site, a team or an assignee to move the case to");
        v.throwIfInvalid();
        String newSite = site;
        return database.inTransaction(c -> {
            CaseRecord current = visible(c, typeId, id, actor);
            String s = newSite != null ? newSite : current.site();
            String t = team != null ? team : current.team();
            String a = assignee == null ? current.assignee() : assignee.isEmpty() ? null : assignee;
            Sql.update(c, "UPDATE HR_CASE SET SITE = ?, TEAM = ?, ASSIGNEE = ?, UPDATED_AT = ? WHERE ID = ?", s, t, a, clock.instant(), id);
            audit.record(c, actor.name(), "case.reassign", "case", current.ref().toString(),
                    "site " + current.site() + " -> " + s + ", team " + current.team() + " -> " + t + ", assignee " + current.assignee() + " -> " + a
                            + (clean(change.reason()) == null ? "" : ": " + clean(change.reason())));
            return require(c, typeId, id);
        });
    }

    @Override
    public CaseNote note(String typeId, long id, String text, boolean toRequester, CurrentUser actor) {
        registered(typeId);
        String body = text == null ? null : text.strip();
        Validation v = new Validation();
        v.requiredText("text", body == null || body.isEmpty() ? null : body, 100_000);
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            CaseRecord current = visible(c, typeId, id, actor);
            Instant now = clock.instant();
            Long mailId = null;
            if (toRequester && current.requester().email() != null) {
                String subject = current.requester().language().pick("About your message ", "Sobre su mensaje ") + "#" + current.id();
                mailId = mail.queue(c, MailMessage.text(current.requester().email(), subject, body), current.ref().toString());
            }
            long noteId = insertNote(c, id, toRequester, body, actor.name(), now, null, mailId);
            if (toRequester) {
                firstResponse(c, current, now);
            }
            audit.record(c, actor.name(), toRequester ? "case.note.requester" : "case.note", "case", current.ref().toString(),
                    "note " + noteId + (mailId == null ? "" : ", mail " + mailId));
            return noteById(c, noteId);
        });
    }

    @Override
    public CaseNote reply(String typeId, long id, ReplyTemplate template, Map<String, String> fields, CurrentUser actor) {
        registered(typeId);
        if (template == null) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("template", "is required")));
        }
        return database.inTransaction(c -> {
            CaseRecord current = visible(c, typeId, id, actor);
            if (current.requester().email() == null) {
                throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("email",
                        "the requester gave no email address: call them back or send a text")));
            }
            Language lang = current.requester().language();
            Map<String, String> merge = mergeFields(current);
            if (fields != null) {
                merge.putAll(fields);
            }
            String subject = ReplyTemplate.merge(template.subject(lang), merge);
            String body = ReplyTemplate.merge(template.text(lang), merge);
            Validation v = new Validation();
            v.check(subject != null && !subject.isBlank(), "template", "has no " + lang.code() + " subject");
            v.check(body != null && !body.isBlank(), "template", "has no " + lang.code() + " text");
            v.throwIfInvalid();
            Instant now = clock.instant();
            long mailId = mail.queue(c, MailMessage.text(current.requester().email(), subject, body), current.ref().toString());
            long noteId = insertNote(c, id, true, body, actor.name(), now, template.key(), mailId);
            firstResponse(c, current, now);
            audit.record(c, actor.name(), "case.reply", "case", current.ref().toString(),
                    "template " + template.key() + " (" + lang.code() + "), mail " + mailId);
            return noteById(c, noteId);
        });
    }

    @Override
    public List<CaseNote> notes(String typeId, long id, CurrentUser actor) {
        return database.read(c -> {
            visible(c, typeId, id, actor);
            return Sql.query(c, "SELECT ID, CASE_ID, TO_REQUESTER, BODY, AUTHOR, CREATED_AT, TEMPLATE, MAIL_ID FROM HR_CASE_NOTE WHERE CASE_ID = ? ORDER BY ID",
                    JdbcCasework::mapNote, id);
        });
    }

    @Override
    public CaseAttachment attach(String typeId, long id, String fileName, String contentType, byte[] content, CurrentUser actor) {
        CaseType type = registered(typeId);
        Validation v = new Validation();
        String name = clean(fileName);
        v.requiredText("fileName", name, 255);
        v.check(name == null || !name.contains("/") && !name.contains("\\"), "fileName", "must be a file name, not a path");
        String ct = contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        v.check(ct != null && type.attachments().contentTypes().contains(ct), "contentType",
                "must be one of " + new java.util.TreeSet<>(type.attachments().contentTypes()));
        v.check(content != null && content.length > 0, "content", "is empty");
        v.check(content == null || content.length <= type.attachments().maxBytes(), "content",
                "is " + (content == null ? 0 : content.length) + " bytes; at most " + type.attachments().maxBytes() + " are accepted");
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            CaseRecord current = visible(c, typeId, id, actor);
            Instant now = clock.instant();
            long attId = Sql.insert(c, "INSERT INTO HR_CASE_ATTACHMENT (CASE_ID, FILE_NAME, CONTENT_TYPE, SIZE_BYTES, CONTENT, UPLOADED_BY, CREATED_AT) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, name, ct, (long) content.length, content, actor.name(), now);
            Sql.update(c, "UPDATE HR_CASE SET UPDATED_AT = ? WHERE ID = ?", now, id);
            audit.record(c, actor.name(), "case.attach", "case", current.ref().toString(), name + " (" + ct + ", " + content.length + " bytes)");
            return new CaseAttachment(attId, id, name, ct, content.length, actor.name(), now);
        });
    }

    @Override
    public List<CaseAttachment> attachments(String typeId, long id, CurrentUser actor) {
        return database.read(c -> {
            visible(c, typeId, id, actor);
            return Sql.query(c, "SELECT ID, CASE_ID, FILE_NAME, CONTENT_TYPE, SIZE_BYTES, UPLOADED_BY, CREATED_AT FROM HR_CASE_ATTACHMENT WHERE CASE_ID = ? ORDER BY ID",
                    rs -> new CaseAttachment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                            Sql.instant(rs, "CREATED_AT")), id);
        });
    }

    @Override
    public byte[] attachmentContent(String typeId, long id, long attachmentId, CurrentUser actor) {
        return database.read(c -> {
            visible(c, typeId, id, actor);
            return Sql.queryOne(c, "SELECT CONTENT FROM HR_CASE_ATTACHMENT WHERE ID = ? AND CASE_ID = ?", rs -> rs.getBytes(1), attachmentId, id)
                    .orElseThrow(() -> ProblemException.notFound("Case " + id + " has no attachment " + attachmentId + "."));
        });
    }

    @Override
    public CaseRecord convert(String typeId, long id, String target, Map<String, String> options, CurrentUser actor) {
        registered(typeId);
        String t = clean(target);
        Validation v = new Validation();
        v.check(t != null && TARGET.matcher(t).matches(), "target", "must be module:kind, e.g. open-records:request");
        v.throwIfInvalid();
        CaseConverter converter = converters.stream().filter(x -> t.equals(x.target())).findFirst().orElse(null);
        if (converter == null) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("target",
                    t + " is not installed; installed: " + conversionTargets())));
        }
        Map<String, String> opts = options == null ? Map.of() : Map.copyOf(options);
        return database.inTransaction(c -> {
            CaseRecord current = visible(c, typeId, id, actor);
            if (current.convertedTo() != null) {
                throw ProblemException.conflict("Case " + current.ref() + " was converted already, into " + current.convertedTo() + ".");
            }
            RecordRef created = converter.convert(c, current, opts, actor);
            links.link(c, current.ref(), created, actor.name());
            Sql.update(c, "UPDATE HR_CASE SET CONVERTED_TO = ?, UPDATED_AT = ? WHERE ID = ?", created.toString(), clock.instant(), id);
            audit.record(c, actor.name(), "case.convert", "case", current.ref().toString(), "into " + created);
            return require(c, typeId, id);
        });
    }

    @Override
    public List<String> conversionTargets() {
        return converters.stream().map(CaseConverter::target).sorted().distinct().toList();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private CaseType registered(String typeId) {
        CaseType type = typeId == null ? null : types.get(typeId);
        if (type == null) {
            throw ProblemException.notFound("There is no case type " + typeId + " installed.");
        }
        return type;
    }

    private void firstResponse(Connection c, CaseRecord current, Instant now) throws SQLException {
        Sql.update(c, "UPDATE HR_CASE SET FIRST_RESPONSE_AT = ?, UPDATED_AT = ? WHERE ID = ? AND FIRST_RESPONSE_AT IS NULL", now, now, current.id());
        Sql.update(c, "UPDATE HR_CASE SET UPDATED_AT = ? WHERE ID = ?", now, current.id());
    }

    private Map<String, String> mergeFields(CaseRecord k) {
        Map<String, String> m = new HashMap<>();
        m.put("name", k.requester().name() == null ? "" : k.requester().name());
        m.put("id", String.valueOf(k.id()));
        m.put("ref", k.ref().toString());
        m.put("topic", k.topic() == null ? "" : k.topic());
        m.put("site", k.site() == null ? "" : k.site());
        m.put("subject", k.subject() == null ? "" : k.subject());
        m.put("due", k.dueAt() == null ? "" : DateTimeFormatter.ISO_LOCAL_DATE.format(k.dueAt().atZone(calendar.zone())));
        return m;
    }

    private static long insertNote(Connection c, long caseId, boolean toRequester, String body, String author, Instant at, String template, Long mailId)
            throws SQLException {
        return Sql.insert(c, "INSERT INTO HR_CASE_NOTE (CASE_ID, TO_REQUESTER, BODY, AUTHOR, CREATED_AT, TEMPLATE, MAIL_ID) VALUES (?, ?, ?, ?, ?, ?, ?)",
                caseId, (short) (toRequester ? 1 : 0), body, author, at, template, mailId);
    }

    private static CaseNote noteById(Connection c, long noteId) throws SQLException {
        return Sql.queryOne(c, "SELECT ID, CASE_ID, TO_REQUESTER, BODY, AUTHOR, CREATED_AT, TEMPLATE, MAIL_ID FROM HR_CASE_NOTE WHERE ID = ?",
                JdbcCasework::mapNote, noteId).orElseThrow();
    }

    private static CaseNote mapNote(ResultSet rs) throws SQLException {
        long mailId = rs.getLong("MAIL_ID");
        Long mid = rs.wasNull() ? null : mailId;
        return new CaseNote(rs.getLong("ID"), rs.getLong("CASE_ID"), rs.getInt("TO_REQUESTER") == 1, rs.getString("BODY"), rs.getString("AUTHOR"),
                Sql.instant(rs, "CREATED_AT"), rs.getString("TEMPLATE"), mid);
    }

    /** The case when the actor may see it; 404 otherwise (another site's case does not exist for them). */
    private static CaseRecord visible(Connection c, String typeId, long id, CurrentUser actor) throws SQLException {
        CaseRecord k = require(c, typeId, id);
        if (actor != null && !actor.seesAllSites() && (k.site() == null || !actor.canAccessSite(k.site()))) {
            throw ProblemException.notFound("There is no case " + id + ".");
        }
        return k;
    }

    private static CaseRecord require(Connection c, String typeId, long id) throws SQLException {
        return Sql.queryOne(c, "SELECT " + COLUMNS + " FROM HR_CASE WHERE ID = ? AND CASE_TYPE = ?", JdbcCasework::map, id, typeId)
                .orElseThrow(() -> ProblemException.notFound("There is no case " + id + "."));
    }

    private static void scope(StringBuilder where, List<Object> args, CurrentUser actor) {
        if (actor != null && !actor.seesAllSites()) {
            List<String> mine = new ArrayList<>(actor.sites());
            if (mine.isEmpty()) {
                where.append(" AND 1 = 0");
                return;
            }
            where.append(" AND SITE IN (").append(String.join(", ", java.util.Collections.nCopies(mine.size(), "?"))).append(')');
            args.addAll(mine);
        }
    }

    private static void eq(StringBuilder where, List<Object> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value.trim());
        }
    }

    static CaseRecord map(ResultSet rs) throws SQLException {
        String converted = rs.getString("CONVERTED_TO");
        return new CaseRecord(rs.getLong("ID"), rs.getString("CASE_TYPE"), rs.getString("STATE"), Channel.parse(rs.getString("CHANNEL")),
                new Requester(rs.getString("REQUESTER_NAME"), rs.getString("REQUESTER_EMAIL"), rs.getString("REQUESTER_PHONE"),
                        Language.parse(rs.getString("LANG"))),
                rs.getString("TOPIC"), rs.getString("SITE"), rs.getString("TEAM"), rs.getString("ASSIGNEE"), rs.getString("SUBJECT"),
                rs.getString("BODY"), Sql.instant(rs, "OPENED_AT"), rs.getString("OPENED_BY"), Sql.instant(rs, "FIRST_RESPONSE_DUE_AT"),
                Sql.instant(rs, "DUE_AT"), Sql.instant(rs, "REQUESTER_DEADLINE"), Sql.instant(rs, "FIRST_RESPONSE_AT"),
                Sql.instant(rs, "CLOSED_AT"), Sql.instant(rs, "UPDATED_AT"), converted == null ? null : RecordRef.parse(converted).orElse(null));
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static String digits(String s) {
        return s.replaceAll("[^0-9]", "");
    }
}
