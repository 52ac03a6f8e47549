package org.homeroom.messaging.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The pages a family sees from a newsletter's unsubscribe link, in English and Spanish: one that asks, with a
 * button (a plain HTML form: no script, so it works in every mail client's browser and with a screen reader),
 * and one that says it is done. Every name in them is HTML-escaped; the pages are never cached, indexed,
 * framed, or sent on as a referrer (the link carries the token).
 */
final class UnsubscribePage {

    /** The one style rule set, allowed by its hash in the Content-Security-Policy (no inline script, nothing else). */
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
            + "section{margin-bottom:2rem}button{font-size:1.1rem;padding:.6rem 1.2rem;cursor:pointer}";
    private static final String CSP = "default-src 'none'; style-src 'sha256-" + sha256(STYLE) + "'; form-action 'self'; base-uri 'none';"
            + " frame-ancestors 'none'";

    private UnsubscribePage() {
    }

    /** The question, and a form that posts back to the same link (its query carries the address and the token). */
    static String confirm(String email, String district) {
        String address = escape(email.trim());
        String from = escape(district);
        return page("Unsubscribe from newsletters · Cancelar la suscripción a los boletines",
                "<form method=\"post\">\n"
                        + "<section lang=\"en\">\n<h1>Unsubscribe from newsletters?</h1>\n"
                        + "<p>" + address + " will no longer get newsletters and general announcements from " + from + ". School notices,"
                        + " attendance and emergency messages continue.</p>\n"
                        + "<p><button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe</button></p>\n</section>\n"
                        + "<section lang=\"es\">\n<h2>¿Cancelar la suscripción a los boletines?</h2>\n"
                        + "<p>" + address + " ya no recibirá boletines ni anuncios generales de " + from + ". Los avisos escolares, de"
                        + " asistencia y de emergencia continúan.</p>\n"
                        + "<p><button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Cancelar la suscripción</button></p>\n"
                        + "</section>\n</form>\n"
                        + "<p lang=\"en\">Nothing changes until you press the button. <span lang=\"es\">Nada cambia hasta que pulse el botón.</span></p>");
    }

    static String done(String district) {
        String from = escape(district);
        return page("Unsubscribed · Suscripción cancelada",
                "<section lang=\"en\" role=\"status\">\n<h1>You are unsubscribed</h1>\n<p>You will no longer get newsletters and general"
                        + " announcements from " + from + " at this address. School notices, attendance and emergency messages continue.</p>\n"
                        + "</section>\n<section lang=\"es\">\n<h2>Suscripción cancelada</h2>\n<p>Ya no recibirá boletines ni anuncios generales de "
                        + from + " en esta dirección. Los avisos escolares, de asistencia y de emergencia continúan.</p>\n</section>");
    }

    private static String page(String title, String main) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n"
                + "<title>" + title + "</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n<main>\n" + main + "\n</main>\n</body>\n</html>\n";
    }

    static Response html(String page) {
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Content-Security-Policy", CSP)
                .header("Cache-Control", "no-store").header("X-Robots-Tag", "noindex").header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY").build();
    }

    /** A browser's form post asks for HTML first; a mail client's one-click POST (any or no Accept) gets JSON. */
    static boolean wantsHtml(List<MediaType> acceptable) {
        return !acceptable.isEmpty() && !acceptable.get(0).isWildcardType() && acceptable.get(0).isCompatible(MediaType.TEXT_HTML_TYPE);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
