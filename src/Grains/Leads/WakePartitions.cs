using System.Text;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Splits leads into a fixed number of partitions for the sweepers, by a stable hash of the lead key. The partition
/// is stored on the lead row, so the count is part of the stored format: change it only with a migration.
/// </summary>
internal static class WakePartitions
{
    /// <summary>How many partitions, and so how many sweeper grains, there are.</summary>
    public const int Count = 8;

    /// <summary>The partition of a lead: FNV-1a of its key's UTF-8 bytes, modulo <see cref="Count"/>.</summary>
    public static int Of(LeadKey key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key.ToString()))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
