package org.homeroom.messaging.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.homeroom.directory.api.Consents;
import org.homeroom.directory.api.ContactValues;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.messaging.api.Reach;
import org.homeroom.messaging.api.Message;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderException;
import org.homeroom.messaging.api.TextProvider;
import org.homeroom.messaging.api.WebhookCall;
import org.homeroom.messaging.api.WebhookCheck;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.api.SpreadsheetCells;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.documents.LetterPrinter;
import org.homeroom.platform.api.mail.MailService;
import org.homeroom.platform.api.sites.ModuleSetting;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.framework.BundleContext;
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
 * {@code /api/messaging}: messages (write, approve, send, cancel, follow), their deliveries, and the
 * provider's webhook for replies. District-wide messages need comms; site staff send to their own
 * site's families where the module is enabled, within the site's settings (allowed categories, daily cap).
 * The worker runs here too: one thread, with up to {@code concurrency} provider requests in flight.
 */
@Component(service = HomeroomModule.class, immediate = true, configurationPid = MessagingConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MessagingConfig.class)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessagingModule implements HomeroomModule {

    static final String MODULE = "messaging";
    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(MODULE)
            .name("Messaging")
            .description("Parent letters, calls, texts, memos and newsletters in English and Spanish, with consent and quiet hours.")
            .scope(Scope.DISTRICT)
            .defaultSetting("allowedCategories", "attendance,school-mission,general")
            .defaultSetting("dailyCap", 3)
            // two-person rule: a site's own text or call to the whole site needs a second person's approval
            .defaultSetting("selfApproval", false)
            .build();
    /** Keys an older etc/org.homeroom.messaging.cfg may still carry, and where they went. */
    static final Map<String, String> RETIRED_KEYS = Map.of(
            "webhookAuthToken", "authToken in etc/" + TwilioProvider.TwilioConfig.PID + ".cfg (one token signs both ways)",
            "webhookUrl", "webhookBaseUrl in etc/" + TwilioProvider.TwilioConfig.PID + ".cfg (replies come to {webhookBaseUrl}/sms)",
            "statusWebhookUrl", "webhookBaseUrl in etc/" + TwilioProvider.TwilioConfig.PID + ".cfg (reports come to {webhookBaseUrl}/status)");
    private static final Logger LOG = LoggerFactory.getLogger(MessagingModule.class);

    private final Messenger messenger;
    private final ReachReport reach;
    private final PrintedLetters letters;
    private final Database database;
    private final DirectoryService directory;
    private final ModuleSettingsService settings;
    private final MessagingConfig config;
    private final List<TextProvider> providers = new CopyOnWriteArrayList<>();
    private volatile LetterPrinter printer;
    private volatile org.homeroom.platform.api.holds.HoldService holds;
    private volatile boolean providerMissingLogged;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "homeroom-messaging-worker"));

    @Activate
    public MessagingModule(@Reference Database database, @Reference AuditLog audit, @Reference DirectoryService directory, @Reference MailService mail,
            @Reference ModuleSettingsService settings, @Reference SiteService sites, BundleContext context, MessagingConfig config,
            Map<String, Object> properties) {
        RETIRED_KEYS.forEach((key, instead) -> {
            if (properties.containsKey(key)) {
                LOG.warn("{} in etc/{}.cfg is no longer read: use {}", key, MessagingConfig.PID, instead);
            }
        });
        database.migrate(MODULE, context.getBundle());
        this.database = database;
        this.directory = directory;
        this.settings = settings;
        this.config = config;
        this.messenger = new Messenger(database, audit, directory, mail, Clock.systemUTC(), config, site -> settings.effective(site, DESCRIPTOR).settings());
        messenger.holds(new CommunicationsHolds(() -> holds));
        this.reach = new ReachReport(database, directory);
        this.letters = new PrintedLetters(database, audit, directory, () -> printer, messenger, reach, sites::find, config, Clock.systemUTC());
        worker.scheduleWithFixedDelay(this::work, config.pollSeconds(), config.pollSeconds(), TimeUnit.SECONDS);
    }

    /** Optional and dynamic: refreshing the documents bundle must not stop a send; without it, printing answers 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setPrinter(LetterPrinter printer) {
        this.printer = printer;
    }

    void unsetPrinter(LetterPrinter printer) {
        if (this.printer == printer) {
            this.printer = null;
        }
    }

    /** Optional, dynamic and greedy: the communications hold applies from the next pass after the holds bundle starts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    void setHolds(org.homeroom.platform.api.holds.HoldService holds) {
        this.holds = holds;
    }

    void unsetHolds(org.homeroom.platform.api.holds.HoldService holds) {
        if (this.holds == holds) {
            this.holds = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(TextProvider provider) {
        providers.add(provider);
    }

    void removeProvider(TextProvider provider) {
        providers.remove(provider);
    }

    /**
     * Stops the worker and waits for it: it records what the provider answered, hands back what it claimed and
     * did not send, and stops planning at a batch boundary; then this instance's plan leases are released.
     * Nothing waits for a lease after a clean stop (a crash still does).
     */
    @Deactivate
    void stop() {
        messenger.requestStop(); // a flag: an interrupt would make Derby close the worker's connection mid-record
        worker.shutdown();
        boolean stopped = false;
        try {
            stopped = worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopped) {
            worker.shutdownNow();
            LOG.warn("The messaging worker did not stop within 30 s; what it holds comes back after its lease");
        }
        messenger.close();
        if (stopped) {
            try {
                messenger.releasePlanLeases();
            } catch (RuntimeException e) {
                LOG.warn("Could not release the plan leases; they run out after leaseSeconds", e);
            }
        }
    }

    private TextProvider provider() {
        return providers.stream().filter(p -> p.id().equals(config.provider())).findFirst().orElse(null);
    }

    private void work() {
        try {
            TextProvider provider = provider();
            if (provider == null) {
                if (!providerMissingLogged) {
                    LOG.warn("Text provider '{}' is not available (not installed or not configured); messages wait until it is", config.provider());
                    providerMissingLogged = true; // once, not every poll
                }
                return;
            }
            providerMissingLogged = false;
            // a pass ends by waiting for its last answers; about five seconds' worth of deliveries per pass keeps that small
            // the rate now: lower while the provider pushes back; and never longer than half a claim's lease, so no
            // other node takes back what this one is still sending
            int pass = (int) Math.min(Math.min(2000, Math.max(200, messenger.rate() * 5)), Math.max(1, messenger.rate() * config.leaseSeconds() / 2));
            while (!messenger.stopRequested() && messenger.work(provider, pass) > 0) {
                // keep going while there is due work
            }
        } catch (RuntimeException e) {
            LOG.warn("Messaging worker pass failed; the next one retries", e);
        }
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    // ------------------------------------------------------------------ messages

    @POST
    @Path("messages")
    public Response create(@Context SecurityContext security, MessageDraft draft) {
        CurrentUser user = user(security);
        if (!user.hasRole(Roles.COMMS) && draft != null && draft.site() != null && user.canAccessSite(draft.site().trim().toUpperCase(Locale.ROOT))) {
            enabledFor(draft.site().trim().toUpperCase(Locale.ROOT)); // 404 before anything else, as for a site module that is off
        }
        MessageDraft valid = messenger.validate(draft, user);
        if (!user.hasRole(Roles.COMMS)) {
            withinSiteSettings(valid);
        }
        long id = messenger.create(valid, user);
        return Response.status(Response.Status.CREATED).header("Location", "/api/messaging/messages/" + id).entity(messenger.get(id, user)).build();
    }

    /** A site sends only where the module is enabled, only its allowed categories, at most its daily cap. */
    private void withinSiteSettings(MessageDraft d) {
        ModuleSetting setting = enabledFor(d.site());
        List<String> allowed = Arrays.stream(String.valueOf(setting.settings().get("allowedCategories")).split(",")).map(String::trim).toList();
        if (!allowed.contains(d.category())) {
            throw ProblemException.invalid(List.of(new FieldError("category", "site " + d.site() + " may send " + String.join(", ", allowed))));
        }
        int cap = ((Number) setting.settings().getOrDefault("dailyCap", 3)).intValue();
        LocalDate today = LocalDate.now(ZoneId.of(config.zone()));
        int sentToday = database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM MSG_MESSAGE WHERE SITE_CODE = ? AND CREATED_AT >= ?")) {
                ps.setString(1, d.site());
                ps.setTimestamp(2, Timestamp.from(today.atStartOfDay(ZoneId.of(config.zone())).toInstant()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        if (sentToday >= cap) {
            throw new ProblemException(429, "Daily limit reached", "Site " + d.site() + " may write " + cap + " messages a day; try again tomorrow.");
        }
    }

    /** Site staff use messaging only where it is enabled for their site: elsewhere 404 saying so, as the router says for site modules. */
    private ModuleSetting enabledFor(String site) {
        ModuleSetting setting = settings.effective(site, DESCRIPTOR);
        if (!setting.enabled()) {
            throw ProblemException.notFound("Module '" + MODULE + "' is not enabled for site " + site + ".");
        }
        return setting;
    }

    /**
     * The message as this user may see it: comms every message; site staff their own sites' messages (404
     * otherwise), and only where messaging is enabled for that site. Every read, list, export and print of
     * a message goes through here.
     */
    private Message message(CurrentUser user, long id) {
        Message m = messenger.get(id, user);
        if (!user.hasRole(Roles.COMMS)) {
            enabledFor(m.draft().site());
        }
        return m;
    }

    @GET
    @Path("messages/{id}")
    public Message get(@Context SecurityContext security, @PathParam("id") long id) {
        return message(user(security), id);
    }

    @POST
    @Path("messages/{id}/{action: approve|send|cancel}")
    public Message act(@Context SecurityContext security, @PathParam("id") long id, @PathParam("action") String action) {
        CurrentUser user = user(security);
        message(user, id); // 404 for a message of another site, or of a site where messaging is off
        messenger.transition(id, action, user);
        if ("send".equals(action)) {
            try {
                worker.execute(this::work); // plan now, not at the next poll
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the module is stopping: the message is "sending" and the next start plans it
            }
        }
        return message(user, id);
    }

    /** The message in a language with sample merge values: {@code ?language=es}. */
    @GET
    @Path("messages/{id}/preview")
    public Map<String, Object> preview(@Context SecurityContext security, @PathParam("id") long id, @QueryParam("language") String language) {
        Message m = message(user(security), id);
        boolean es = "es".equalsIgnoreCase(language);
        var c = m.draft().content();
        Map<String, Object> sample = Messenger.sample();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("language", es ? "es" : "en");
        out.put("subject", messenger.render(es && c.subjectEs() != null ? c.subjectEs() : c.subjectEn(), sample));
        out.put("body", messenger.render(es && c.bodyEs() != null ? c.bodyEs() : c.bodyEn(), sample));
        String text = messenger.render(es && c.textEs() != null ? c.textEs() : c.textEn(), sample);
        out.put("text", text);
        out.put("textSegments", Segments.of(text).segments());
        out.put("voice", messenger.render(es && c.voiceEs() != null ? c.voiceEs() : c.voiceEn(), sample));
        return out;
    }

    /** Before sending: how many deliveries per channel, people and families, and a masked sample. Writes nothing. */
    @GET
    @Path("messages/{id}/audience")
    public Map<String, Object> audience(@Context SecurityContext security, @PathParam("id") long id) {
        return messenger.audiencePreview(message(user(security), id));
    }

    /**
     * One row per delivery, by state, then by when it may go: {@code ?state=&limit=&offset=}. In the index's
     * order, so a page never sorts a whole district-wide message; during a send rows move between states, so
     * pages read then are a live view, not a snapshot (the CSV export is in id order).
     */
    @GET
    @Path("messages/{id}/deliveries")
    public Page<Map<String, Object>> deliveries(@Context SecurityContext security, @PathParam("id") long id, @QueryParam("state") String state,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        message(user(security), id);
        List<Object> args = new java.util.ArrayList<>(List.of(id));
        // in the order of MSG_DELIVERY_QUEUE (MESSAGE_ID, STATE, NOT_BEFORE, ID): a page never sorts a district-wide message's rows
        String from = "FROM MSG_DELIVERY2 --DERBY-PROPERTIES index=MSG_DELIVERY_QUEUE\n WHERE MESSAGE_ID = ?";
        String order = "STATE, NOT_BEFORE, ID";
        if (state != null && !state.isBlank()) {
            String wanted = state.trim().toLowerCase(Locale.ROOT);
            if (!List.of("planned", "sending", "sent", "failed", "skipped").contains(wanted)) {
                throw ProblemException.invalid(List.of(new FieldError("state", "must be planned, sending, sent, failed or skipped")));
            }
            from += " AND STATE = ?";
            args.add(wanted);
            order = "NOT_BEFORE, ID";
        }
        return database.page(new PagedQuery("ID, PERSON_ID, CHANNEL, CONTACT_VALUE, LANGUAGE, STATE, REASON, ATTEMPTS, UPDATED_AT", from, order, args),
                PageRequest.parse(offset, limit), rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("person", rs.getString(2));
                    row.put("channel", rs.getString(3));
                    row.put("contact", rs.getString(4));
                    row.put("language", rs.getString(5));
                    row.put("state", rs.getString(6));
                    row.put("reason", rs.getString(7));
                    row.put("attempts", rs.getInt(8));
                    row.put("updatedAt", rs.getTimestamp(9).toInstant());
                    return row;
                });
    }

    /**
     * Whom the message reached: families (or staff) reached on at least one channel, still pending, not
     * reached, without any usable contact; per site, and failures by reason.
     */
    @GET
    @Path("messages/{id}/reach")
    public Reach reach(@Context SecurityContext security, @PathParam("id") long id) {
        return reach.summary(message(user(security), id));
    }

    /** The families (or staff) a message has not reached (yet), for follow-up by phone or in person. */
    @GET
    @Path("messages/{id}/reach.csv")
    @Produces("text/csv")
    public Response unreached(@Context SecurityContext security, @PathParam("id") long id) {
        Message m = message(user(security), id);
        List<ReachReport.Unit> units = reach.units(m).stream().filter(u -> u.outcome() != ReachReport.Outcome.REACHED)
                .sorted(java.util.Comparator.comparing((ReachReport.Unit u) -> String.valueOf(u.site())).thenComparing(ReachReport.Unit::name)).toList();
        javax.ws.rs.core.StreamingOutput body = out -> {
            try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(
                    new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), org.apache.commons.csv.CSVFormat.DEFAULT)) {
                boolean family = ReachReport.family(m);
                csv.printRecord(family ? List.of("student", "name", "site", "grade", "outcome", "guardians") : List.of("person", "name", "site", "outcome"));
                for (ReachReport.Unit u : units) {
                    String outcome = u.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
                    // names come from the student information system: a cell is never a formula
                    if (family) {
                        csv.printRecord(SpreadsheetCells.row(u.id(), u.name(), u.site(), u.grade(), outcome, String.join(" ", u.members())));
                    } else {
                        csv.printRecord(SpreadsheetCells.row(u.id(), u.name(), u.site(), outcome));
                    }
                }
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"message-" + id + "-not-reached.csv\"").build();
    }

    // ------------------------------------------------------------------ printed letters

    /** The letter as a PDF master to copy, addressed to "Parent or guardian": {@code ?language=es}. */
    @GET
    @Path("messages/{id}/letter.pdf")
    @Produces("application/pdf")
    public Response letterMaster(@Context SecurityContext security, @PathParam("id") long id, @QueryParam("language") String language) {
        byte[] pdf = letters.master(message(user(security), id), language);
        return pdf(pdf, "message-" + id + "-letter-" + ("es".equalsIgnoreCase(language) ? "es" : "en") + ".pdf", "inline");
    }

    /**
     * A school's print run, a letter per student to send home, in the family's language:
     * {@code ?site=E01&grade=03&families=not-reached|no-email|all} (default not-reached).
     */
    @GET
    @Path("messages/{id}/letters.pdf")
    @Produces("application/pdf")
    public Response printRun(@Context SecurityContext security, @Context Request request, @PathParam("id") long id, @QueryParam("site") String site,
            @QueryParam("grade") String grade, @QueryParam("families") String families) {
        CurrentUser user = user(security);
        letters.checkReady();
        PrintedLetters.Run run = letters.run(message(user, id), site, grade, families, user, !HttpMethod.HEAD.equals(request.getMethod()));
        // checked and counted above (any problem is a 4xx before the first byte); printed straight to the response
        javax.ws.rs.core.StreamingOutput body = out -> letters.print(run, out);
        return Response.ok(body, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"message-" + id + "-letters-" + site.trim().toUpperCase(Locale.ROOT) + ".pdf\"")
                .header("Cache-Control", "private, no-store").header("X-Robots-Tag", "noindex")
                .header("X-Letter-Count", run.letters().size()).header("X-Family-Count", run.families()).build();
    }

    /** A family's printable copy, from the signed link in the letter's email: no sign-in; a wrong link is 404. */
    @GET
    @Path("letters/{delivery: [0-9]+}.pdf")
    @PermitAll
    @RateLimited(bucket = "signed-links", perMinute = 30)
    @Produces("application/pdf")
    public Response familyCopy(@Context Request request, @PathParam("delivery") long delivery, @QueryParam("token") String token) {
        // HEAD (a mail scanner, a link preview) is answered like GET but is not "the family opened it": nothing is audited
        byte[] pdf = letters.forDelivery(delivery, token, !HttpMethod.HEAD.equals(request.getMethod()))
                .orElseThrow(() -> ProblemException.notFound("This letter link is not valid."));
        return pdf(pdf, "letter.pdf", "inline");
    }

    /** Letters name students: never cached by a shared cache, never indexed. */
    private static Response pdf(byte[] pdf, String fileName, String disposition) {
        return Response.ok(pdf, "application/pdf").header("Content-Disposition", disposition + "; filename=\"" + fileName + "\"")
                .header("Cache-Control", "private, no-store").header("X-Robots-Tag", "noindex").build();
    }

    // ------------------------------------------------------------------ inbound

    /**
     * The provider's webhook for replies (form-encoded, signed). STOP and the other opt-out words revoke
     * consent for every category a family can refuse at once (what is still planned to that number is skipped
     * when its turn comes), and send one confirmation; START restores it. Emergency and attendance messages continue either way.
     */
    @POST
    @Path("webhooks/sms")
    @PermitAll
    @RateLimited(bucket = "provider-webhooks", perMinute = 6000)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/xml")
    public Response inbound(@Context HttpHeaders headers, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        Map<String, String> params = checked("sms", headers, uri, form);
        String from = params.get("From");
        Keywords keyword = Keywords.of(params.get("Body"));
        if (from != null && keyword == Keywords.STOP) {
            // effective at once: the sender asks the directory again just before each send, so nothing planned goes out to it
            directory.changeConsent(from, Consents.REVOCABLE, "revoked", "opt-out reply", params.get("Body"), "sms-reply");
            confirm(from, "You will no longer get " + config.districtName() + " messages here, except emergency and attendance alerts. Reply START to"
                    + " resubscribe. / Ya no recibirá mensajes aquí, salvo alertas de emergencia y asistencia. Responda START para volver.");
        } else if (from != null && keyword == Keywords.START) {
            directory.changeConsent(from, List.of(Consents.SCHOOL_MISSION, Consents.GENERAL), "granted", "given-to-school", "START reply", "sms-reply");
            confirm(from, "You are subscribed again to " + config.districtName() + " messages. / Está suscrito de nuevo.");
        }
        return Response.ok("<Response/>", "text/xml").build();
    }

    /**
     * The link in a newsletter: a page that asks (English and Spanish) and changes nothing. Mail scanners and
     * link previews open links; only a person's click on its button, or the mail client's one-click POST
     * (RFC 8058), unsubscribes. A wrong token answers 404 like an unknown address, so nobody learns who is on the list.
     */
    @GET
    @Path("unsubscribe")
    @PermitAll
    @RateLimited(bucket = "signed-links", perMinute = 30)
    @Produces(MediaType.TEXT_HTML)
    public Response unsubscribePage(@QueryParam("email") String email, @QueryParam("token") String token) {
        if (!messenger.validUnsubscribe(email, token)) {
            throw notValid();
        }
        return UnsubscribePage.html(UnsubscribePage.confirm(email, config.districtName()));
    }

    /**
     * Unsubscribes: the page's button (a browser, answered with a page) or the mail client's one-click button
     * ({@code List-Unsubscribe=One-Click}, answered with JSON). No sign-in: the signed link is the proof.
     */
    @POST
    @Path("unsubscribe")
    @PermitAll
    @RateLimited(bucket = "signed-links", perMinute = 30)
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response unsubscribe(@Context HttpHeaders headers, @QueryParam("email") String email, @QueryParam("token") String token) {
        if (!messenger.unsubscribe(email, token, directory)) {
            throw notValid();
        }
        if (UnsubscribePage.wantsHtml(headers.getAcceptableMediaTypes())) {
            return UnsubscribePage.html(UnsubscribePage.done(config.districtName()));
        }
        return Response.ok(Map.of("unsubscribed", true,
                "messageEn", "You will no longer get newsletters and general announcements from " + config.districtName()
                        + " at this address. School notices, attendance and emergency messages continue.",
                "messageEs", "Ya no recibirá boletines ni anuncios generales de " + config.districtName()
                        + " en esta dirección. Los avisos escolares, de asistencia y de emergencia continúan."), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static ProblemException notValid() {
        return ProblemException.notFound("This unsubscribe link is not valid. / Este enlace para cancelar la suscripción no es válido.");
    }

    /**
     * The form fields of a webhook call the configured provider signed; otherwise 403, and the reason is logged
     * (what to check, never the token).
     */
    private Map<String, String> checked(String webhook, HttpHeaders headers, UriInfo uri, MultivaluedMap<String, String> form) {
        Map<String, String> params = new LinkedHashMap<>();
        form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        Map<String, String> firstHeaders = new java.util.HashMap<>();
        headers.getRequestHeaders().forEach((k, v) -> {
            if (k != null && !v.isEmpty()) {
                firstHeaders.put(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        TextProvider provider = provider();
        WebhookCheck check = provider == null ? WebhookCheck.refused("the text provider '" + config.provider() + "' is not running")
                : provider.checkWebhook(new WebhookCall(webhook, uri.getRequestUri().getRawQuery(), params, firstHeaders));
        if (!check.accepted()) {
            LOG.warn("Refused a call to the {} webhook: {}", webhook, check.reason());
            throw ProblemException.forbidden("The webhook signature does not match.");
        }
        return params;
    }

    /**
     * The provider's delivery reports ({@code ?reference=<delivery id>} on the callback URL the text provider
     * sets): signed like the reply webhook, over the URL with its query.
     */
    @POST
    @Path("webhooks/status")
    @PermitAll
    @RateLimited(bucket = "provider-webhooks", perMinute = 6000)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/xml")
    public Response status(@Context HttpHeaders headers, @Context UriInfo uri, @QueryParam("reference") String reference,
            MultivaluedMap<String, String> form) {
        Map<String, String> params = checked("status", headers, uri, form);
        long id;
        try {
            id = Long.parseLong(reference);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(List.of(new FieldError("reference", "must be a delivery id")));
        }
        String status = params.getOrDefault("MessageStatus", params.get("CallStatus"));
        if (!messenger.providerStatus(id, status, params.get("ErrorCode"))) {
            LOG.debug("A status report for delivery {} matched no sent delivery", id);
        }
        return Response.ok("<Response/>", "text/xml").build();
    }

    /** Every delivery of a message as CSV, for follow-up: who, how, in which language, what happened. */
    @GET
    @Path("messages/{id}/deliveries.csv")
    @Produces("text/csv")
    public Response csv(@Context SecurityContext security, @PathParam("id") long id) {
        message(user(security), id);
        javax.ws.rs.core.StreamingOutput body = out -> database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, PERSON_ID, GIVEN_NAME, FAMILY_NAME, STUDENT_NAME, SITE_CODE, CHANNEL,"
                    + " CONTACT_VALUE, LANGUAGE, STATE, PROVIDER_STATUS, REASON, ATTEMPTS, UPDATED_AT FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ? ORDER BY ID");
                 org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(
                         new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), org.apache.commons.csv.CSVFormat.DEFAULT)) {
                csv.printRecord("delivery", "person", "given_name", "family_name", "student", "site", "channel", "contact", "language", "state",
                        "provider_status", "reason", "attempts", "updated_at");
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        csv.printRecord(SpreadsheetCells.row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                                rs.getInt(13), rs.getTimestamp(14).toInstant()));
                    }
                }
                csv.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"message-" + id + "-deliveries.csv\"").build();
    }

    private void confirm(String to, String text) {
        TextProvider provider = provider();
        if (provider == null) {
            return;
        }
        try {
            String number = ContactValues.phone(to);
            if (number != null) {
                provider.send(new OutboundText("sms", number, text, "en", "confirmation"));
            }
        } catch (ProviderException e) {
            LOG.warn("Could not send the opt-out confirmation: {}", e.getMessage());
        }
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
