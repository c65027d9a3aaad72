using System.Diagnostics.Metrics;

namespace OrleansFlows.Storage.Rows;

/// <summary>
/// Counters of the row storage (meter <c>OrleansFlows.Storage</c>): how many state writes, how many transactions
/// carried them, and how many SQL statements ran, so that the cost of a lead can be read per write.
/// </summary>
internal static class StorageMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OrleansFlows.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>State writes committed or refused.</summary>
    public static readonly Counter<long> StateWrites = Meter.CreateCounter<long>("orleansflows.storage.state_writes", description: "Grain state writes, each with its rows.");

    /// <summary>Transactions the writes went in.</summary>
    public static readonly Counter<long> Transactions = Meter.CreateCounter<long>("orleansflows.storage.transactions", description: "Transactions that carried state writes.");

    /// <summary>SQL statements run for the writes (state and rows).</summary>
    public static readonly Counter<long> Statements = Meter.CreateCounter<long>("orleansflows.storage.statements", description: "SQL statements run for state writes and their rows.");
}
