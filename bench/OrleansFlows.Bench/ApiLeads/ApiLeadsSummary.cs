using System.Globalization;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>One line per run for the console.</summary>
internal static class ApiLeadsSummary
{
    public static string Line(ApiLeadsRun run)
    {
        var load = run.Load;
        var offered = load.OfferedPerSecond is { } rate ? $"{rate:N0}/s offered for {load.Offered:N0}" : $"{load.Offered:N0} leads, {load.InFlight} in flight";
        var refused = load.Refused.Count == 0 ? "" : $", refused {string.Join(", ", load.Refused.Select(r => $"{r.Value}×{r.Key}"))}";
        var cpu = run.Cpu is { } c
            ? $"CPU/lead ms: product {c.PerLead.Product:N2}, postgres {c.PerLead.Postgres:N2}, stand-ins {c.PerLead.StandIns:N2}, generator {c.PerLead.LoadGenerator:N2} (machine {c.MachineBusyPercent:N0} % busy, other work {c.OtherPercent:N0} %)"
            : "CPU n/a";
        var database = run.Postgres is { } p
            ? $"; {p.TransactionsPerLead:N2} transactions/lead, {(p.StatementsPerLead is { } s ? s.ToString("N1", CultureInfo.InvariantCulture) : "n/a")} statements/lead, {p.WalBytesPerLead:N0} WAL B/lead"
            : "";
        return $"{run.Phase} ({offered}): accepted {load.Accepted:N0} ({load.AcceptedPerSecond:N0}/s){refused}, completed {load.Completed:N0} ({load.CompletedPerSecond:N0}/s); " +
               $"ack p50 {load.Ack.P50:N1} / p99 {load.Ack.P99:N1} ms, end-to-end p50 {load.EndToEnd.P50:N0} / p99 {load.EndToEnd.P99:N0} ms; {cpu}{database}; " +
               $"product peak {run.Product.PeakResidentMiB?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} MiB; enrichment calls/lead {run.StandIns.EnrichmentCallsPerLead:N2}" +
               (load.AcceptedNotCompleted + load.DuplicateMessages > 0 ? $"; NOT CLEAN: {load.AcceptedNotCompleted} accepted but not completed, {load.DuplicateMessages} duplicate messages" : "") +
               (run.Product.Warnings + run.Product.Errors > 0 ? $"; product logged {run.Product.Warnings} warnings, {run.Product.Errors} errors" : "");
    }
}
