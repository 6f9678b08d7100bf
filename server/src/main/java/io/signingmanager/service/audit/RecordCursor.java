package io.signingmanager.service.audit;

import io.signingmanager.service.storage.Database;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of a filter, oldest first, read a page at a time as they are iterated (keyset by id),
 * so an export of any size holds one page in memory and no database connection between pages.
 * It ends at the last record that existed when it started: an export under load does not run on.
 */
final class RecordCursor implements Iterator<AuditRecord> {
    private final Database database;
    private final AuditRepository repository;
    private final AuditFilter filter;
    private final int pageSize;
    private final long throughId;
    private long afterId;
    private Iterator<AuditRecord> page = List.<AuditRecord>of().iterator();
    private boolean lastPage;

    RecordCursor(Database database, AuditRepository repository, AuditFilter filter, int pageSize) {
        this.database = database;
        this.repository = repository;
        this.filter = filter;
        this.pageSize = pageSize;
        this.throughId = database.read(c -> repository.head(c).lastId());
    }

    @Override
    public boolean hasNext() {
        if (!page.hasNext() && !lastPage) {
            List<AuditRecord> next = database.read(c -> repository.page(c, filter, afterId, throughId, pageSize));
            lastPage = next.size() < pageSize;
            if (!next.isEmpty()) {
                afterId = next.get(next.size() - 1).id();
            }
            page = next.iterator();
        }
        return page.hasNext();
    }

    @Override
    public AuditRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }
}
