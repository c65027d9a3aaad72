using System.Globalization;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>One line per run for the console.</summary>
internal static class QueueLeadsSummary
{
    public static string Line(QueueLeadsRun run)
    {
        var load = run.Load;
        static string Rate(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "n/a";
        var offered = load.OfferedPerSecond is { } rate
            ? $"{rate:N0}/s for {load.Messages:N0}"
            : $"{load.Messages:N0} pre-filled in {load.FillSeconds:N1} s";
        var cpu = run.Cpu is { } c
            ? $"CPU/lead ms: product {c.PerLead.Product:N2}, postgres {c.PerLead.Postgres:N2}, broker {c.PerLead.Broker?.ToString("N2", CultureInfo.InvariantCulture) ?? "n/a"}, stand-ins {c.PerLead.StandIns:N2} (machine {c.MachineBusyPercent:N0} % busy, other work {c.OtherPercent:N0} %)"
            : "CPU n/a";
        var database = run.Postgres is { } p
            ? $"; {p.TransactionsPerLead:N2} transactions/lead, {(p.StatementsPerLead is { } s ? s.ToString("N1", CultureInfo.InvariantCulture) : "n/a")} statements/lead"
            : "";
        var latency = load.EndToEnd is { } e ? $"; end-to-end p50 {e.P50:N0} / p99 {e.P99:N0} ms, backlog max {load.MaxBacklog:N0}" : "";
        return $"{run.Phase} prefetch {load.Prefetch} ({offered}): accepted {load.Acked:N0} ({load.AcceptedPerSecond:N0}/s, middle {Rate(load.AcceptedPerSecondMiddle)}/s), " +
               $"completed {load.Completed:N0} ({load.CompletedPerSecond:N0}/s, middle {Rate(load.CompletedPerSecondMiddle)}/s){latency}; {cpu}{database}; " +
               $"product peak {run.Product.PeakResidentMiB?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} MiB" +
               (run.Clean ? "" : $"; NOT CLEAN: {load.Messages - load.Completed} not completed, {load.DuplicateMessages} duplicates, {load.Rejected} rejected, {load.Requeued} requeued, {load.LeftInQueue} left in the queue, {run.StandIns.EnrichmentCalls} enrichment calls; last error: {load.LastError}") +
               (run.Product.Warnings + run.Product.Errors > 0 ? $"; product logged {run.Product.Warnings} warnings, {run.Product.Errors} errors" : "");
    }
}
