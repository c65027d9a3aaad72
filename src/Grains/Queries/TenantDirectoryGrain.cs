using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Queries;

/// <summary>Lists tenant ids from the <c>tenants</c> projection, by id, with a keyset cursor.</summary>
[GrainType("tenant-directory")]
public sealed class TenantDirectoryGrain(IProjectionStore store) : Grain, ITenantDirectoryGrain
{
    public async Task<Page<string>> ListAsync(int limit, string? cursor)
    {
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["limit"] = limit + 1 };
        var after = "";
        if (PageCursor.Decode(cursor) is { } position)
        {
            parameters["after"] = position.Id;
            after = "WHERE tenant_id > @after";
        }

        var ids = await store.QueryAsync($"SELECT tenant_id FROM tenants {after} ORDER BY tenant_id LIMIT @limit", parameters, row => row.GetString(0), null, CancellationToken.None);
        return Page<string>.From(ids, limit, id => PageCursor.Encode(DateTimeOffset.UnixEpoch, id));
    }
}
