using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// Builds a run's stored report (JSON) and its short Slack summary from what the batch found and did. Pure: it reads
/// no clock and no store. Durations are a lead's accepted-to-finished time, over completed and failed leads; the
/// median and p95 are nearest-rank.
/// </summary>
public static class RunReport
{
    public static (JsonObject Report, ReconciliationCounts Counts, string Summary) Build(
        ReconciliationWork work,
        IReadOnlyList<LeadOutcomeRow> leads,
        int records,
        IReadOnlyList<ChunkResult>? chunks,
        IReadOnlyList<RepairedLead> repaired,
        MonthTotals? month)
    {
        var sent = chunks?.Where(c => c.Succeeded).Sum(c => c.Sent) ?? 0;
        var acknowledged = chunks?.Sum(c => c.Acknowledged ?? 0) ?? 0;
        var counts = new ReconciliationCounts(
            leads.Count,
            records,
            sent,
            acknowledged,
            chunks?.Count ?? 0,
            chunks?.Count(c => !c.Succeeded) ?? 0,
            chunks?.Count(c => c.Mismatch) ?? 0,
            repaired.Count(r => r.Error is null));
        var durations = leads.Where(l => l.Status is LeadStatus.Completed or LeadStatus.Failed)
            .Select(l => (l.UpdatedAt - l.AcceptedAt).TotalMilliseconds).Order().ToArray();

        var report = new JsonObject
        {
            ["tenantId"] = work.Tenant.Value,
            ["businessDate"] = ReconciliationRows.DateText(work.BusinessDate),
            ["runId"] = work.RunId,
            ["trigger"] = ReconciliationRows.TriggerName(work.Trigger),
            ["leads"] = new JsonObject
            {
                ["total"] = leads.Count,
                ["byStatus"] = CountBy(leads.Select(l => StatusName(l.Status))),
                ["byWorkflow"] = ByWorkflow(leads),
            },
            ["failuresByStep"] = CountBy(leads.Where(l => l.Status == LeadStatus.Failed).Select(l => $"{l.Workflow}/{l.FailedStepId ?? "?"}")),
            ["durationMs"] = new JsonObject
            {
                ["count"] = durations.Length,
                ["median"] = Percentile(durations, 0.50),
                ["p95"] = Percentile(durations, 0.95),
            },
            ["reconciliation"] = Reconciliation(work, records, chunks, counts),
            ["repair"] = new JsonArray(repaired.Select(r => (JsonNode)new JsonObject
            {
                ["leadId"] = r.LeadId,
                ["workflow"] = r.Workflow,
                ["action"] = r.Action,
                ["reason"] = r.Reason,
                ["error"] = r.Error,
            }).ToArray()),
        };
        if (month is not null)
        {
            report["month"] = new JsonObject
            {
                ["from"] = ReconciliationRows.DateText(month.From),
                ["through"] = ReconciliationRows.DateText(month.Through),
                ["leads"] = month.LeadsByStatus.Values.Sum(),
                ["byStatus"] = new JsonObject(month.LeadsByStatus.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
                ["records"] = month.Records,
            };
        }

        return (report, counts, Summary(work, leads, counts, month));
    }

    private static JsonObject Reconciliation(ReconciliationWork work, int records, IReadOnlyList<ChunkResult>? chunks, ReconciliationCounts counts)
    {
        var result = new JsonObject
        {
            ["connection"] = work.Settings.Connection,
            ["path"] = work.Settings.Path,
            ["chunkSize"] = work.Settings.ChunkSize,
            ["records"] = records,
            ["chunks"] = counts.Chunks,
            ["sent"] = counts.Sent,
            ["acknowledged"] = counts.Acknowledged,
            ["mismatch"] = counts.Mismatches > 0 || counts.FailedChunks > 0,
        };
        if (chunks is null)
        {
            result["skipped"] = "no connection is configured";
            return result;
        }

        result["mismatches"] = new JsonArray(chunks.Where(c => c.Mismatch).Select(c => (JsonNode)new JsonObject
        {
            ["chunk"] = c.Index,
            ["sent"] = c.Sent,
            ["acknowledged"] = c.Acknowledged,
        }).ToArray());
        result["failedChunks"] = new JsonArray(chunks.Where(c => !c.Succeeded).Select(c => (JsonNode)new JsonObject
        {
            ["chunk"] = c.Index,
            ["records"] = c.Sent,
            ["attempts"] = c.Attempts,
            ["error"] = c.Error,
        }).ToArray());
        return result;
    }

    private static JsonObject ByWorkflow(IReadOnlyList<LeadOutcomeRow> leads) => new(
        leads.GroupBy(l => l.Workflow, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject { ["total"] = g.Count(), ["byStatus"] = CountBy(g.Select(l => StatusName(l.Status))) })));

    private static JsonObject CountBy(IEnumerable<string> keys) => new(
        keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())));

    /// <summary>Nearest-rank percentile of sorted values, rounded to whole milliseconds; null when there are none.</summary>
    public static long? Percentile(IReadOnlyList<double> sorted, double quantile)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Count);
        return (long)Math.Round(sorted[Math.Clamp(rank, 1, sorted.Count) - 1]);
    }

    private static string Summary(ReconciliationWork work, IReadOnlyList<LeadOutcomeRow> leads, ReconciliationCounts counts, MonthTotals? month)
    {
        var text = new StringBuilder();
        var statuses = string.Join(", ", leads.GroupBy(l => StatusName(l.Status)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        text.Append(CultureInfo.InvariantCulture, $"Reconciliation {ReconciliationRows.DateText(work.BusinessDate)} (run {work.RunId}): {counts.Leads} leads");
        text.Append(statuses.Length > 0 ? $" ({statuses})" : "");
        text.Append(CultureInfo.InvariantCulture, $"; {counts.Records} records, {counts.Sent} sent in {counts.Chunks} chunks, {counts.Acknowledged} acknowledged");
        if (counts.Mismatches > 0 || counts.FailedChunks > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; MISMATCH: {counts.Mismatches} chunk(s) acknowledged a different count, {counts.FailedChunks} chunk(s) failed");
        }

        text.Append(CultureInfo.InvariantCulture, $"; {counts.Repaired} lead(s) repaired.");
        if (month is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Month {month.From:yyyy-MM} through {ReconciliationRows.DateText(month.Through)}: {month.LeadsByStatus.Values.Sum()} leads, {month.Records} records.");
        }

        return text.ToString();
    }

    private static string StatusName(LeadStatus status) => status.ToString().ToLowerInvariant();
}
