using System.Globalization;

namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A run's id within its tenant: <c>{businessDate}.{attempt}</c>, such as <c>2026-12-02.1</c>.</summary>
public static class ReconciliationRunIds
{
    public static string Format(DateOnly date, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{attempt}");

    /// <summary>Reads a run id back; null if it is not one.</summary>
    public static (DateOnly Date, int Attempt)? Parse(string? id)
    {
        if (id is null || id.Length < 12 || id.Length > 20 || id[10] != '.'
            || !DateOnly.TryParseExact(id[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !int.TryParse(id.AsSpan(11), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            return null;
        }

        return (date, attempt);
    }
}
