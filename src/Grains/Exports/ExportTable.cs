namespace OrleansFlows.Grains.Exports;

/// <summary>
/// One tenant table an export writes as an NDJSON file, a line per row. <see cref="KeyCount"/> leading columns are the
/// table's key after <c>tenant_id</c>: pages follow them (keyset paging), so no page is read twice or held long.
/// </summary>
internal sealed record ExportTable(string FileName, string Table, int KeyCount, IReadOnlyList<ExportColumn> Columns)
{
    private static ExportColumn Text(string column, string property) => new(column, property, ExportValueKind.Text);

    private static ExportColumn Integer(string column, string property) => new(column, property, ExportValueKind.Integer);

    private static ExportColumn Instant(string column, string property) => new(column, property, ExportValueKind.Instant);

    private static ExportColumn Json(string column, string property) => new(column, property, ExportValueKind.Json);

    /// <summary>The tables every export writes, in the order of the zip.</summary>
    public static IReadOnlyList<ExportTable> All { get; } =
    [
        new("leads.ndjson", "leads", 1,
        [
            Text("lead_id", "leadId"), Text("workflow", "workflow"), Integer("workflow_version", "workflowVersion"), Text("status", "status"),
            Instant("accepted_at", "acceptedAt"), Instant("updated_at", "updatedAt"), Text("business_date", "businessDate"),
            Text("email", "email"), Text("failed_step_id", "failedStep"), Text("failure_reason", "failureReason"),
        ]),
        new("attempts.ndjson", "step_attempts", 3,
        [
            Text("lead_id", "leadId"), Text("step_id", "stepId"), Integer("attempt", "attempt"), Text("kind", "kind"),
            Instant("started_at", "startedAt"), Instant("finished_at", "finishedAt"), Text("outcome", "outcome"),
            Integer("http_status", "httpStatus"), Text("error", "error"),
        ]),
        new("audit.ndjson", "audit_events", 2,
        [
            Text("lead_id", "leadId"), Integer("sequence", "sequence"), Instant("at", "at"), Text("event", "event"), Text("detail", "detail"),
        ]),
        new("records.ndjson", "lead_records", 1,
        [
            Text("lead_id", "leadId"), Text("workflow", "workflow"), Json("data", "data"), Instant("stored_at", "storedAt"),
        ]),
        new("runs.ndjson", "reconciliation_runs", 2,
        [
            Text("business_date", "businessDate"), Integer("attempt", "attempt"), Text("trigger", "trigger"), Text("status", "status"),
            Instant("started_at", "startedAt"), Instant("finished_at", "finishedAt"), Integer("leads", "leads"), Integer("records", "records"),
            Integer("sent", "sent"), Integer("acknowledged", "acknowledged"), Integer("chunks", "chunks"), Integer("failed_chunks", "failedChunks"),
            Integer("mismatches", "mismatches"), Integer("repaired", "repaired"), Json("errors", "errors"), Json("report", "report"),
        ]),
        new("usage.ndjson", "usage_daily", 1,
        [
            Text("business_date", "businessDate"), Integer("leads_accepted", "leadsAccepted"),
        ]),
        new("tenant-audit.ndjson", "tenant_audit_events", 1,
        [
            Text("event_id", "eventId"), Instant("at", "at"), Text("event", "event"), Text("workflow", "workflow"), Json("detail", "detail"),
        ]),
    ];

    /// <summary>The first page (no key yet) or the page after <c>@k0</c>, <c>@k1</c>…, in key order.</summary>
    public string PageSql(bool first)
    {
        var keys = Columns.Take(KeyCount).Select(c => c.Column).ToList();
        var after = first
            ? string.Empty
            : $"AND ({string.Join(", ", keys)}) > ({string.Join(", ", keys.Select((_, i) => $"@k{i}"))})";
        return $"""
            SELECT {string.Join(", ", Columns.Select(c => c.Column))} FROM {Table}
            WHERE tenant_id = @tenant {after}
            ORDER BY {string.Join(", ", keys)}
            LIMIT @limit
            """;
    }
}
