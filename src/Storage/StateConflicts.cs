using System.Globalization;
using Orleans.Storage;

namespace OrleansFlows.Storage;

/// <summary>Builds the one message for a stale write, shared by the stores.</summary>
internal static class StateConflicts
{
    public static InconsistentStateException Create(GrainStateWrite write, long? storedVersion)
    {
        var expected = write.ExpectedVersion == 0 ? "no stored record" : $"version {write.ExpectedVersion}";
        var actual = storedVersion is { } version ? $"version {version}" : "no record";
        return new InconsistentStateException(
            $"Write of state '{write.StateName}' of {write.GrainId} was based on {expected}, but the store holds {actual}. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            storedVersion?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            write.ExpectedVersion.ToString(CultureInfo.InvariantCulture));
    }
}
