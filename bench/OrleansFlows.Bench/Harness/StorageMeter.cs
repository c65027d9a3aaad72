using System.Diagnostics.Metrics;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// Sums the counters of the row storage's meter (<c>OrleansFlows.Storage</c>) in this process: state writes, the
/// transactions that carried them, and the SQL statements they ran. The silo runs in-process, so these are the silo's.
/// </summary>
internal sealed class StorageMeter : IDisposable
{
    public const string MeterName = "OrleansFlows.Storage";

    private readonly MeterListener _listener = new();
    private long _stateWrites;
    private long _transactions;
    private long _statements;

    public StorageMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Measured);
        _listener.Start();
    }

    /// <summary>The totals so far.</summary>
    public StorageCounts Read() => new(Interlocked.Read(ref _stateWrites), Interlocked.Read(ref _transactions), Interlocked.Read(ref _statements));

    public void Dispose() => _listener.Dispose();

    private void Measured(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "orleansflows.storage.state_writes":
                Interlocked.Add(ref _stateWrites, value);
                break;
            case "orleansflows.storage.transactions":
                Interlocked.Add(ref _transactions, value);
                break;
            case "orleansflows.storage.statements":
                Interlocked.Add(ref _statements, value);
                break;
        }
    }
}

/// <summary>Totals of the row storage's counters.</summary>
internal readonly record struct StorageCounts(long StateWrites, long Transactions, long Statements)
{
    public static StorageCounts operator -(StorageCounts after, StorageCounts before) =>
        new(after.StateWrites - before.StateWrites, after.Transactions - before.Transactions, after.Statements - before.Statements);
}
