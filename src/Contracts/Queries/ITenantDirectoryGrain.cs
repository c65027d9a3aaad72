using OrleansFlows.Contracts.Paging;
using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Queries;

/// <summary>The list of tenants (<c>tenant-directory/all</c>, key <see cref="Key"/>), for operators. It holds no state.</summary>
[Alias("tenant-directory")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one key the directory is called by.</summary>
    const string Key = "all";

    /// <summary>Tenant ids in order, after the cursor.</summary>
    [ReadOnly]
    Task<Page<string>> ListAsync(int limit, string? cursor);
}
