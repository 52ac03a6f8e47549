package org.homeroom.platform.testing;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.homeroom.platform.api.mail.MailStatus;

/**
 * A mail service for unit tests that keeps what modules queue, in order. It does not take part in the
 * caller's transaction: a message queued in a transaction that rolled back is still listed, so tests
 * that care about rollback check the module's own tables too. The real outbox is tested in platform-mail.
 */
public final class RecordingMailService implements MailService {

    /** A queued message with its id and origin. */
    public record Queued(long id, MailMessage message, String origin) {
    }

    private final List<Queued> queued = new ArrayList<>();

    public synchronized List<Queued> queued() {
        return List.copyOf(queued);
    }

    public synchronized Queued last() {
        return queued.get(queued.size() - 1);
    }

    @Override
    public synchronized long queue(Connection transaction, MailMessage message, String origin) {
        long id = queued.size() + 1;
        queued.add(new Queued(id, message, origin));
        return id;
    }

    @Override
    public long queue(MailMessage message, String origin) {
        return queue(null, message, origin);
    }

    @Override
    public synchronized Optional<MailStatus> status(long id) {
        if (id < 1 || id > queued.size()) {
            return Optional.empty();
        }
        Queued q = queued.get((int) id - 1);
        return Optional.of(new MailStatus(id, q.origin(), q.message().to(), q.message().subject(), "queued", 0, Instant.EPOCH, Instant.EPOCH, null, null));
    }

    @Override
    public synchronized Page<MailStatus> find(String state, String origin, PageRequest page) {
        List<MailStatus> all = new ArrayList<>();
        for (int i = queued.size(); i >= 1; i--) {
            status(i).filter(s -> origin == null || s.origin().startsWith(origin)).ifPresent(all::add);
        }
        return new Page<>(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size(), page.offset(), page.limit());
    }
}
