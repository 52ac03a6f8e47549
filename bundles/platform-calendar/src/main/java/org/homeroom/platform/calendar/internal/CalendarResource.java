package org.homeroom.platform.calendar.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Requests;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.CalendarDay;
import org.homeroom.platform.api.calendar.CalendarDayDraft;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/calendar}: the district's zone, weekend, hours and closed days for anyone signed in; the
 * administrator adds and removes holidays and closures.
 */
@Component(service = CalendarResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("calendar")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CalendarResource {

    /** At most this many days listed at once (a school year and then some). */
    static final int MAX_SPAN_DAYS = 800;
    private final DistrictCalendar calendar;

    @Activate
    public CalendarResource(@Reference DistrictCalendar calendar) {
        this.calendar = calendar;
    }

    /** The calendar with the stored holidays and closures of {@code ?from=&to=} (dates; default: today and the next 365 days). */
    @GET
    public CalendarView view(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate today = calendar.dateOf(java.time.Instant.now());
        LocalDate start = date("from", from, today);
        LocalDate end = date("to", to, start.plusDays(365));
        if (end.isBefore(start) || end.isAfter(start.plusDays(MAX_SPAN_DAYS))) {
            throw Requests.invalid("to", "must be on or after from and at most " + MAX_SPAN_DAYS + " days later");
        }
        BusinessCalendar days = calendar.businessDays();
        return new CalendarView(calendar.zone().getId(), days.weekend().stream().sorted().toList(), calendar.hours().opens(),
                calendar.hours().closes(), today, days.isBusinessDay(today), calendar.days(start, end));
    }

    /** {@code ?from=2026-12-18&add=3}: the date that many business days later (counting from the next business day). */
    @GET
    @Path("business-days")
    public Deadline businessDays(@QueryParam("from") String from, @QueryParam("add") String add) {
        LocalDate start = date("from", from, calendar.dateOf(java.time.Instant.now()));
        Integer days = QueryParams.integer("add", add);
        if (days == null || days < 0 || days > 366) {
            throw Requests.invalid("add", "must be a whole number of business days from 0 to 366");
        }
        return new Deadline(start, days, calendar.businessDays().addBusinessDays(start, days));
    }

    @GET
    @Path("days/{id}")
    public CalendarDay day(@PathParam("id") String id) {
        long key = Requests.id("holiday or closure", id);
        return calendar.day(key).orElseThrow(() -> Requests.notFound("holiday or closure", id));
    }

    /** {@code {"date":"2026-12-24","kind":"holiday|closure","nameEn":"…","nameEs":"…"}} */
    @POST
    @Path("days")
    @RolesAllowed(Roles.ADMIN)
    public Response add(@Context SecurityContext security, @Context UriInfo uri, CalendarDayDraft draft) {
        CalendarDay added = calendar.add(draft, Requests.user(security));
        return Requests.created(uri, added.id(), added);
    }

    @DELETE
    @Path("days/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response remove(@Context SecurityContext security, @PathParam("id") String id) {
        calendar.remove(Requests.id("holiday or closure", id), Requests.user(security));
        return Response.noContent().build();
    }

    /** What {@code GET /api/calendar} answers. */
    public record CalendarView(String zone, List<DayOfWeek> weekend, LocalTime opens, LocalTime closes, LocalDate today,
            boolean todayIsBusinessDay, List<CalendarDay> days) {
    }

    public record Deadline(LocalDate from, int businessDays, LocalDate date) {
    }

    private static LocalDate date(String name, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw Requests.invalid(name, "must be a date such as 2026-12-24");
        }
    }
}
