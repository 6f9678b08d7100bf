package io.signingmanager.service.web;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A list page's search, sorting and paging, read from {@code ?q=&sort=&page=}: {@code sort} names
 * a column, with a leading {@code -} for the reverse order. Each link the page draws (a column to
 * sort by, the next page, the page to come back to after a toggle) keeps the other two, so the
 * pages work the same with or without script.
 *
 * @param <T> what the list shows, one per row
 */
public final class ListQuery<T> {
    static final int PAGE_SIZE = 25;
    private static final int MAX_SEARCH = 200;

    /** A column the list can be sorted by: its name in {@code ?sort=} and its order. */
    record Column<T>(String name, Comparator<T> order) {
    }

    private final String path;
    private final List<Column<T>> columns;
    private final Function<T, List<String>> searched;

    /**
     * @param path     the list's own path, which its links start with
     * @param columns  the sortable columns; the first is the order when none is asked for
     * @param searched the texts of a row a search looks in (case-insensitive, any part)
     */
    ListQuery(String path, List<Column<T>> columns, Function<T, List<String>> searched) {
        this.path = path;
        this.columns = List.copyOf(columns);
        this.searched = searched;
    }

    /** The rows of the page the request asks for; a refusal in words for a sort or page that does not exist. */
    Listing<T> apply(ApiRequest request, List<T> all) throws Refusal {
        String typed = request.query("q");
        String q = typed == null ? "" : typed.strip();
        if (q.length() > MAX_SEARCH) {
            throw Refusal.badRequest("The search is " + q.length() + " characters long; use at most " + MAX_SEARCH
                    + ".");
        }
        String sort = request.query("sort");
        Column<T> column = columns.get(0);
        boolean reversed = false;
        if (sort != null && !sort.isBlank()) {
            reversed = sort.startsWith("-");
            String name = reversed ? sort.substring(1) : sort;
            column = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                    Refusal.badRequest("This list cannot be sorted by '" + name + "'; click a column heading "
                            + "to sort by it."));
        }
        String needle = q.toLowerCase(Locale.ROOT);
        Comparator<T> order = reversed ? column.order().reversed() : column.order();
        List<T> matching = all.stream()
                .filter(row -> needle.isEmpty() || searched.apply(row).stream().anyMatch(text -> text != null
                        && text.toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(order).toList();
        int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = page(request.query("page"), pages);
        int from = (page - 1) * PAGE_SIZE;
        List<T> rows = matching.subList(from, Math.min(matching.size(), from + PAGE_SIZE));
        return new Listing<>(this, rows, q, column.name(), reversed, page, pages, matching.size(), all.size());
    }

    /** The pages past the last show the last one: a row deleted since the link was drawn is no error. */
    private static int page(String value, int pages) throws Refusal {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int page = Integer.parseInt(value.strip());
            if (page < 1) {
                throw new NumberFormatException();
            }
            return Math.min(page, pages);
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("'" + value + "' is not a page of this list; pages are numbered from 1.");
        }
    }

    /**
     * One page of a list as asked for; {@code total} counts all rows, {@code matches} those the
     * search found.
     */
    public record Listing<T>(ListQuery<T> query, List<T> rows, String q, String sort, boolean reversed, int page, int pages,
                      int matches, int total) {
        /** This page's address, to come back to after a change. */
        public String here() {
            return link(q, sortParameter(), page);
        }

        /** The address sorting by {@code column}: ascending first, reversed when it is already sorted so. */
        public String sortLink(String column) {
            return link(q, column.equals(sort) && !reversed ? "-" + column : column, 1);
        }

        /** {@code ascending} or {@code descending} for the column the list is sorted by, for {@code aria-sort}. */
        public String sortState(String column) {
            return !column.equals(sort) ? null : reversed ? "descending" : "ascending";
        }

        /** The arrow after the sorted column's heading. */
        public String sortMark(String column) {
            return !column.equals(sort) ? "" : reversed ? " ▼" : " ▲";
        }

        public String previous() {
            return page > 1 ? link(q, sortParameter(), page - 1) : null;
        }

        public String next() {
            return page < pages ? link(q, sortParameter(), page + 1) : null;
        }

        /** "26 to 50 of 120", or of the matches when searching. */
        public String shown() {
            int first = (page - 1) * PAGE_SIZE + 1;
            return first + " to " + (first + rows.size() - 1) + " of " + matches;
        }

        public boolean searching() {
            return !q.isEmpty();
        }

        /** The sort to keep in the search form, or {@code null} when it is the default. */
        public String sortParameter() {
            return sort.equals(query.columns.get(0).name()) && !reversed ? null : (reversed ? "-" : "") + sort;
        }

        public String path() {
            return query.path;
        }

        private String link(String q, String sort, int page) {
            List<String> parts = new ArrayList<>();
            if (!q.isEmpty()) {
                parts.add("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            }
            if (sort != null && !sort.equals(query.columns.get(0).name())) {
                parts.add("sort=" + sort);
            }
            if (page > 1) {
                parts.add("page=" + page);
            }
            return query.path + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
        }
    }
}
