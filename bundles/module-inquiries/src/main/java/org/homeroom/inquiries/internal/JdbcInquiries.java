package org.homeroom.inquiries.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Language;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.casework.AttachmentRule;
import org.homeroom.platform.api.casework.CaseDraft;
import org.homeroom.platform.api.casework.CaseNote;
import org.homeroom.platform.api.casework.CaseQuery;
import org.homeroom.platform.api.casework.CaseRecord;
import org.homeroom.platform.api.casework.CaseType;
import org.homeroom.platform.api.casework.CaseworkService;
import org.homeroom.platform.api.casework.Channel;
import org.homeroom.platform.api.casework.ReplyTemplate;
import org.homeroom.platform.api.casework.Requester;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.Sql;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Inquiries on platform casework (type {@code inquiries:inquiry}): topics in INQ_TOPIC route a contact to a team
 * and school with the topic's SLA; INQ_CASE keeps what is the module's own (identity check, survey).
 */
@Component(service = JdbcInquiries.class)
public class JdbcInquiries {

    static final String MODULE = "inquiries";
    static final String TYPE = MODULE + ":inquiry";
    static final CaseType CASE_TYPE = new CaseType(MODULE, "inquiry", List.of("new", "open", "waiting", "closed"), "new",
            Map.of("new", Set.of("open", "waiting", "closed"), "open", Set.of("waiting", "closed"), "waiting", Set.of("open", "closed"),
                    "closed", Set.of("open")),
            Set.of("closed"), Routing.DEFAULT_SLA, AttachmentRule.DOCUMENTS);
    /** The identity checks the office accepts before discussing a student (34 CFR 99.31(c)). */
    static final Set<String> IDENTITY_CHECKS = Set.of("student-id-and-birthdate", "parent-portal-pin", "photo-id-in-person",
            "callback-to-number-on-file");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String TOPIC_COLUMNS = "CODE, NAME_EN, NAME_ES, TEAM, SITE, FIRST_RESPONSE_HOURS, RESOLVE_HOURS, ANSWER_EN, ANSWER_ES, ARCHIVED";

    private final Database database;
    private final AuditLog audit;
    private final CaseworkService casework;
    private final MailService mail;
    private final Function<String, Optional<Site>> sites;
    private final Clock clock;

    @Activate
    public JdbcInquiries(@Reference Database database, @Reference AuditLog audit, @Reference CaseworkService casework,
            @Reference MailService mail, @Reference SiteService sites, BundleContext context) {
        this(database, audit, casework, mail, sites::find, Clock.systemUTC());
        database.migrate(MODULE, context.getBundle());
    }

    JdbcInquiries(Database database, AuditLog audit, CaseworkService casework, MailService mail, Function<String, Optional<Site>> sites,
            Clock clock) {
        this.database = database;
        this.audit = audit;
        this.casework = casework;
        this.mail = mail;
        this.sites = sites;
        this.clock = clock;
        casework.register(CASE_TYPE);
    }

    // ---- topics --------------------------------------------------------------------------------------------

    List<Topic> topics() {
        return database.query("SELECT " + TOPIC_COLUMNS + " FROM INQ_TOPIC WHERE ARCHIVED = 0 ORDER BY CODE", JdbcInquiries::topic);
    }

    Optional<Topic> topic(String code) {
        return code == null ? Optional.empty()
                : database.queryOne("SELECT " + TOPIC_COLUMNS + " FROM INQ_TOPIC WHERE CODE = ?", JdbcInquiries::topic, code);
    }

    /** Creates or replaces a topic (the office edits the taxonomy); audited. */
    Topic saveTopic(TopicDraft d, CurrentUser actor) {
        if (d == null) {
            throw ProblemException.badRequest("A topic needs a body.");
        }
        Validation v = new Validation();
        String code = d.code() == null ? null : d.code().trim().toLowerCase(Locale.ROOT);
        v.check(code != null && CODE.matcher(code).matches(), "code", "must be a lower-case name such as buses or enrollment");
        v.requiredText("nameEn", blank(d.nameEn()), 200).requiredText("nameEs", blank(d.nameEs()), 200).requiredText("team", blank(d.team()), 100);
        String site = blank(d.site()) == null ? null : d.site().trim().toUpperCase(Locale.ROOT);
        v.check(site == null || sites.apply(site).filter(s -> !s.archived()).isPresent(), "site", "there is no site " + site);
        int first = d.firstResponseHours() == null ? 4 : d.firstResponseHours();
        int resolve = d.resolveHours() == null ? 43 : d.resolveHours();
        v.check(first >= 0 && first <= 2000, "firstResponseHours", "must be 0–2000 business hours");
        v.check(resolve >= 0 && resolve <= 2000, "resolveHours", "must be 0–2000 business hours");
        v.plainText("answerEn", blank(d.answerEn()), 20_000).plainText("answerEs", blank(d.answerEs()), 20_000);
        v.check((blank(d.answerEn()) == null) == (blank(d.answerEs()) == null), blank(d.answerEn()) == null ? "answerEn" : "answerEs",
                "give the answer in both English and Spanish");
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            Object[] values = {d.nameEn().strip(), d.nameEs().strip(), d.team().strip(), site, first, resolve, blank(d.answerEn()),
                    blank(d.answerEs()), actor.name(), now, code};
            int updated = Sql.update(c, "UPDATE INQ_TOPIC SET NAME_EN = ?, NAME_ES = ?, TEAM = ?, SITE = ?, FIRST_RESPONSE_HOURS = ?, "
                    + "RESOLVE_HOURS = ?, ANSWER_EN = ?, ANSWER_ES = ?, UPDATED_BY = ?, UPDATED_AT = ?, ARCHIVED = 0 WHERE CODE = ?", values);
            if (updated == 0) {
                Sql.update(c, "INSERT INTO INQ_TOPIC (NAME_EN, NAME_ES, TEAM, SITE, FIRST_RESPONSE_HOURS, RESOLVE_HOURS, ANSWER_EN, ANSWER_ES, "
                        + "UPDATED_BY, UPDATED_AT, CODE, ARCHIVED) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", values);
            }
            audit.record(c, actor.name(), updated == 0 ? "inquiries.topic.create" : "inquiries.topic.update", "inquiry-topic", code,
                    "team " + d.team().strip() + (site == null ? "" : ", site " + site) + ", SLA " + first + "/" + resolve + " business hours");
            return Sql.queryOne(c, "SELECT " + TOPIC_COLUMNS + " FROM INQ_TOPIC WHERE CODE = ?", JdbcInquiries::topic, code).orElseThrow();
        });
    }

    // ---- logging -------------------------------------------------------------------------------------------

    /** The public web form: opens the inquiry and queues a confirmation in the caller's language when they gave an email. */
    Inquiry submitPublic(WebInquiry form) {
        if (form == null) {
            throw ProblemException.badRequest("The form needs a body.");
        }
        Validation v = new Validation();
        v.check(blank(form.email()) != null || blank(form.phone()) != null, "email", "give an email or a phone number so we can answer");
        v.requiredText("name", blank(form.name()), 200);
        Language lang = language(v, form.language());
        Topic topic = knownTopic(v, form.topic());
        v.throwIfInvalid();
        return log(Channel.WEB, form.name(), form.email(), form.phone(), lang, form.message(), form.site(), topic, null, null);
    }

    /** A contact logged by staff from any channel. */
    Inquiry logByStaff(StaffInquiry s, CurrentUser actor) {
        if (s == null) {
            throw ProblemException.badRequest("An inquiry needs a body.");
        }
        Validation v = new Validation();
        Channel channel = Channel.parse(s.channel());
        v.check(channel != null, "channel", "must be phone, walk-in, email, web, text, social, letter or other");
        Language lang = language(v, s.language());
        Topic topic = knownTopic(v, s.topic());
        v.throwIfInvalid();
        return log(channel, s.name(), s.email(), s.phone(), lang, s.message(), s.site(), topic, s.requesterDeadline(), actor);
    }

    private Inquiry log(Channel channel, String name, String email, String phone, Language lang, String message, String site, Topic topic,
            Instant deadline, CurrentUser actor) {
        String callerSite = blank(site) == null ? null : site.trim().toUpperCase(Locale.ROOT);
        Routing route = Routing.of(topic, callerSite);
        CaseDraft draft = new CaseDraft(TYPE, channel, new Requester(name, email, phone, lang), topic == null ? null : topic.code(),
                route.site(), route.team(), null, topic == null ? null : lang.pick(topic.nameEn(), topic.nameEs()), message, route.sla(), deadline);
        return database.inTransaction(c -> {
            CaseRecord k = casework.open(c, draft, actor);
            Sql.update(c, "INSERT INTO INQ_CASE (CASE_ID, TOPIC, SITE) VALUES (?, ?, ?)", k.id(), k.topic(), k.site());
            if (actor == null && k.requester().email() != null) {
                mail.queue(c, MailMessage.text(k.requester().email(),
                        lang.pick("We received your message #" + k.id(), "Recibimos su mensaje #" + k.id()),
                        lang.pick("Hello " + k.requester().name() + ",\n\nThank you for writing to the district. Your message is number " + k.id()
                                        + "; the team that answers it will reply soon.",
                                "Hola " + k.requester().name() + ",\n\nGracias por escribir al distrito. Su mensaje es el número " + k.id()
                                        + "; el equipo que lo atiende le responderá pronto.")), k.ref().toString());
            }
            return new Inquiry(k, null, null);
        });
    }

    // ---- reading and acting --------------------------------------------------------------------------------

    Page<CaseRecord> list(CaseQuery query, PageRequest page, CurrentUser actor) {
        return casework.find(query, page, actor);
    }

    Inquiry get(long id, CurrentUser actor) {
        CaseRecord k = casework.get(TYPE, id, actor);
        return database.read(c -> withExtras(c, k));
    }

    CaseRecord transition(long id, String state, String note, CurrentUser actor) {
        return casework.transition(TYPE, id, state, note, actor);
    }

    /** Answers from the topic's knowledge-base answer (EN/ES by the caller's language) through the mail outbox. */
    CaseNote replyWithTopicAnswer(long id, CurrentUser actor) {
        CaseRecord k = casework.get(TYPE, id, actor);
        Topic topic = topic(k.topic()).filter(t -> t.answerEn() != null).orElseThrow(() -> ProblemException.invalid(List.of(
                new FieldError("topic", k.topic() == null ? "the inquiry has no topic" : "topic " + k.topic() + " has no answer yet"))));
        ReplyTemplate template = new ReplyTemplate("topic:" + topic.code(), "Re: " + topic.nameEn() + " (#{{id}})",
                "Hello {{name}},\n\n" + topic.answerEn(), "Re: " + topic.nameEs() + " (#{{id}})", "Hola {{name}},\n\n" + topic.answerEs());
        return casework.reply(TYPE, id, template, Map.of(), actor);
    }

    /** Records the identity check done before a student is discussed; audited. */
    Inquiry checkIdentity(long id, String method, CurrentUser actor) {
        String m = blank(method);
        if (m == null || !IDENTITY_CHECKS.contains(m)) {
            throw ProblemException.invalid(List.of(new FieldError("method", "must be one of " + new java.util.TreeSet<>(IDENTITY_CHECKS))));
        }
        CaseRecord k = casework.get(TYPE, id, actor);
        return database.inTransaction(c -> {
            Sql.update(c, "UPDATE INQ_CASE SET IDENTITY_CHECK = ?, IDENTITY_CHECKED_BY = ?, IDENTITY_CHECKED_AT = ? WHERE CASE_ID = ?", m,
                    actor.name(), clock.instant(), id);
            audit.record(c, actor.name(), "inquiries.identity-check", "case", k.ref().toString(), m);
            return withExtras(c, k);
        });
    }

    private Inquiry withExtras(Connection c, CaseRecord k) throws SQLException {
        return Sql.queryOne(c, "SELECT IDENTITY_CHECK, SURVEY_SCORE FROM INQ_CASE WHERE CASE_ID = ?", rs -> {
            int s = rs.getInt(2);
            return new Inquiry(k, rs.getString(1), rs.wasNull() ? null : s);
        }, k.id()).orElse(new Inquiry(k, null, null));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Topic knownTopic(Validation v, String code) {
        String c = blank(code) == null ? null : code.trim().toLowerCase(Locale.ROOT);
        if (c == null) {
            return null;
        }
        Optional<Topic> t = topic(c).filter(x -> !x.archived());
        v.check(t.isPresent(), "topic", "there is no topic " + c);
        return t.orElse(null);
    }

    private static Language language(Validation v, String tag) {
        if (blank(tag) == null) {
            return Language.EN;
        }
        Language l = Language.parse(tag);
        v.check(l != null, "language", "must be en or es");
        return l == null ? Language.EN : l;
    }

    private static Topic topic(ResultSet rs) throws SQLException {
        return new Topic(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7),
                rs.getString(8), rs.getString(9), rs.getInt(10) == 1);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
