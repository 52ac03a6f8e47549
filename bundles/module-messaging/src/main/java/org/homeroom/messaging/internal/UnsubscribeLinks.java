package org.homeroom.messaging.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.homeroom.platform.api.data.Database;

/**
 * Unsubscribe links that work without signing in (CAN-SPAM) and cannot be forged for someone else's
 * address: the token is an HMAC-SHA256 of the address with a per-installation key, made at first start
 * and kept in the database (so every node and every restart agrees, and links keep working). The same key
 * signs a parent letter's printable-copy link, over {@code letter:<delivery id>}: an address always has an
 * "@", so neither kind of token passes for the other.
 */
final class UnsubscribeLinks {

    private final byte[] key;

    UnsubscribeLinks(Database database) {
        this.key = database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT SECRET_VALUE FROM MSG_SECRET WHERE NAME = 'unsubscribe'");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Base64.getDecoder().decode(rs.getString(1));
                }
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO MSG_SECRET (NAME, SECRET_VALUE) VALUES ('unsubscribe', ?)")) {
                ps.setString(1, Base64.getEncoder().encodeToString(fresh));
                ps.executeUpdate();
            }
            return fresh;
        });
    }

    String token(String email) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    boolean valid(String email, String token) {
        return email != null && token != null && MessageDigest.isEqual(token(email).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The configured page with {email} and {token} filled in, both URL-encoded. */
    String link(String template, String email) {
        return template.replace("{email}", java.net.URLEncoder.encode(email, StandardCharsets.UTF_8))
                .replace("{token}", token(email));
    }
}
