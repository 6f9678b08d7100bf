package io.signingmanager.service.web;

import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditExport;
import io.signingmanager.service.audit.AuditFilter;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.AuditPage;
import io.signingmanager.service.audit.AuditRecord;
import io.signingmanager.service.audit.AuditRoutes;
import io.signingmanager.service.audit.ChainCheck;
import io.signingmanager.service.audit.RequestType;
import io.signingmanager.service.audit.Status;
import io.signingmanager.common.protocol.WireName;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.license.LicenseService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Audit pages, for admins: the signing events newest first with filters and paging, the chain
 * check on top; Manage shows the retention in force and exports a date range as CSV or JSON (the
 * same file as the API's export). Dates are whole UTC days, both ends included.
 */
public final class AuditPages {
    static final int PAGE_SIZE = 50;
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 30);
    /** The query parameters of the filter form, which the paging links keep. */
    private static final List<String> FILTERS = List.of("from", "to", "type", "status", "action", "username", "apiKeyId",
            "clientId");

    private final Templates templates;
    private final AuditLog audit;
    private final ApiKeyService apiKeys;
    private final ClientService clients;
    private final LicenseService licenses;
    private final Clock clock;

    AuditPages(Templates templates, AuditLog audit, ApiKeyService apiKeys, ClientService clients, LicenseService licenses,
               Clock clock) {
        this.templates = templates;
        this.audit = audit;
        this.apiKeys = apiKeys;
        this.clients = clients;
        this.licenses = licenses;
        this.clock = clock;
    }

    /** One choice of a select; {@code selected} when the filter has it. */
    public record Option(String value, String label, boolean selected) {
    }

    /**
     * One record as the table shows it; an admin record's {@code action}, {@code object} (its kind and
     * name) and {@code changes}, else {@code null} and empty.
     */
    public record Row(long id, String date, String time, String type, String status, String apiKey, String client,
                      String certificateName, String certificateSha1, String algorithm, String remoteAddress,
                      String user, String reason, Map<String, String> context, String action, String object,
                      List<Change> changes) {
    }

    /** A value an admin action changed; {@code before} or {@code after} {@code null} when it had none. */
    public record Change(String name, String before, String after) {
    }

    /** The filter as typed, to show it again in the form. */
    public record Filters(String from, String to, List<Option> types, List<Option> statuses, List<Option> actions,
                          String username, List<Option> apiKeys, List<Option> clients) {
    }

    /**
     * The list; {@code shown} is like "1 to 50 of 120", {@code newer}/{@code older} the paging links
     * or {@code null}.
     */
    public record AuditView(Frame frame, ChainCheck chain, long retentionDays, Filters filters, List<Row> rows,
                            long total, String shown, String newer, String older, String error) {
    }

    public record ManageView(Frame frame, long retentionDays, boolean licensed, String from, String to, String format,
                             String error) {
    }

    /** A date range as instants, {@code [from, to)}; either end {@code null} when open. */
    private record Range(Instant from, Instant to) {
    }

    void register(Router router) {
        router.get("/audit", Access.ADMIN, this::list);
        router.get("/audit/manage", Access.ADMIN, request -> {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            return manage(request.session(), 200, today.minusDays(audit.retention().toDays()).toString(),
                    today.toString(), "csv", null);
        });
        router.get("/audit/export", Access.ADMIN, this::export);
    }

    private ApiResponse list(ApiRequest request) {
        String from = request.query("from");
        String to = request.query("to");
        String type = request.query("type");
        String status = request.query("status");
        String apiKeyId = request.query("apiKeyId");
        String clientId = request.query("clientId");
        String action = request.query("action");
        String username = blankAsNull(request.query("username"));
        Filters filters = new Filters(from, to, options(RequestType.WIRE_NAMES, type),
                options(Status.WIRE_NAMES, status), options(AdminAction.WIRE_NAMES, action), username,
                apiKeys.list().stream().map(k -> new Option(k.id(), k.name(), k.id().equals(apiKeyId))).toList(),
                clients.list().stream().map(c -> new Option(c.id(),
                        c.hostname() + " (" + c.apiKeyName() + ")", c.id().equals(clientId))).toList());
        Frame frame = new Frame("Audit", Frame.Section.AUDIT, request.session());
        ChainCheck chain = audit.verify();
        long retention = audit.retention().toDays();
        AuditPage page;
        int offset;
        try {
            Range range = range(from, to);
            offset = offset(request.query("offset"));
            page = audit.list(new AuditFilter(range.from(), range.to(),
                    oneOf(type, RequestType.class, "request type"), oneOf(status, Status.class, "status"),
                    apiKeyId, clientId, oneOf(action, AdminAction.class, "action"), username, PAGE_SIZE, offset));
        } catch (Refusal e) {
            return templates.page(e.code().status(), "audit/list", new AuditView(frame, chain, retention, filters,
                    List.of(), 0, null, null, null, e.getMessage()));
        }
        List<Row> rows = page.records().stream().map(AuditPages::row).toList();
        String shown = rows.isEmpty() ? null : (offset + 1) + " to " + (offset + rows.size()) + " of " + page.total();
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : FILTERS) {
            if (request.query(name) != null) {
                query.put(name, request.query(name));
            }
        }
        String newer = offset > 0 ? link(query, Math.max(0, offset - PAGE_SIZE)) : null;
        String older = offset + rows.size() < page.total() ? link(query, offset + PAGE_SIZE) : null;
        return templates.page("audit/list", new AuditView(frame, chain, retention, filters, rows, page.total(), shown,
                newer, older, null));
    }

    private ApiResponse manage(Session session, int status, String from, String to, String format, String error) {
        return templates.page(status, "audit/manage", new ManageView(new Frame("Manage Audit", Frame.Section.AUDIT,
                session).backTo("/audit", "Audit"), audit.retention().toDays(), licenses.status().licensed(), from, to, format, error));
    }

    private ApiResponse export(ApiRequest request) {
        String from = request.query("from");
        String to = request.query("to");
        String format = request.query("format");
        try {
            if (!AuditExport.FORMATS.contains(String.valueOf(format))) {
                throw Refusal.badRequest("Choose CSV or JSON as the format of the file.");
            }
            Range range = range(from, to);
            return AuditRoutes.download(AuditExport.file(audit, format, range.from(), range.to()));
        } catch (Refusal e) {
            return manage(request.session(), e.code().status(), from, to, format, e.getMessage());
        }
    }

    /** Whole UTC days from the start of {@code from} to the end of {@code to}. */
    private static Range range(String from, String to) throws Refusal {
        LocalDate first = date(from, "From");
        LocalDate last = date(to, "To");
        if (first != null && last != null && last.isBefore(first)) {
            throw Refusal.badRequest("The 'To' date is before the 'From' date. Choose a 'To' date on or after "
                    + "the 'From' date.");
        }
        return new Range(first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last == null ? null : last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static LocalDate date(String value, String label) throws Refusal {
        if (value == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
                throw Refusal.badRequest("The '" + label + "' date must lie between the years 1 and 9999.");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest("The '" + label + "' date is not a date. Write it as year-month-day, "
                    + "for example 2025-01-31.");
        }
    }

    private static int offset(String value) throws Refusal {
        try {
            int offset = value == null ? 0 : Integer.parseInt(value);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw Refusal.badRequest("That page of the audit does not exist; start again from the first page.");
        }
    }

    private static <E extends Enum<E> & WireName> E oneOf(String value, Class<E> type, String what) throws Refusal {
        E chosen = WireName.fromWire(type, value);
        if (value != null && chosen == null) {
            throw Refusal.badRequest("Choose a " + what + " from the list.");
        }
        return chosen;
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<Option> options(List<String> values, String selected) {
        return values.stream().map(v -> new Option(v, v, v.equals(selected))).toList();
    }

    private static String link(Map<String, String> query, int offset) {
        List<String> parts = new ArrayList<>();
        query.forEach((name, value) -> parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        if (offset > 0) {
            parts.add("offset=" + offset);
        }
        return "/audit" + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    private static Row row(AuditRecord r) {
        return new Row(r.id(), TimeText.date(r.time()), TimeText.clock(r.time()), r.requestType(), r.status(),
                r.apiKeyName(), r.clientHostname(), r.certificateName(), r.certificateSha1(), r.algorithm(),
                Addresses.display(r.remoteAddress()), r.username(), r.reason(),
                r.context() == null ? Map.of() : new TreeMap<>(r.context()), r.action(),
                r.objectKind() == null ? null : r.objectKind() + (r.objectName() == null ? "" : " " + r.objectName()),
                changes(r.before(), r.after()));
    }

    /** The values named before or after, in name order. */
    private static List<Change> changes(Map<String, String> before, Map<String, String> after) {
        Map<String, String> was = before == null ? Map.of() : before;
        Map<String, String> is = after == null ? Map.of() : after;
        TreeSet<String> names = new TreeSet<>(was.keySet());
        names.addAll(is.keySet());
        return names.stream().map(name -> new Change(name, was.get(name), is.get(name))).toList();
    }
}
