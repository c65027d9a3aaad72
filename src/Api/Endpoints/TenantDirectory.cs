using OrleansFlows.Grains.Records;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Lists tenant ids from the <c>tenants</c> projection, by id, with a keyset cursor.</summary>
public sealed class TenantDirectory(IProjectionStore store)
{
    public async Task<Page<string>> ListAsync(int limit, string? cursor, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?> { ["limit"] = limit + 1 };
        var after = "";
        if (PageCursor.Decode(cursor) is { } position)
        {
            parameters["after"] = position.Id;
            after = "WHERE tenant_id > @after";
        }

        var ids = await store.QueryAsync($"SELECT tenant_id FROM tenants {after} ORDER BY tenant_id LIMIT @limit", parameters, row => row.GetString(0), null, cancellationToken);
        return Page<string>.From(ids, limit, id => PageCursor.Encode(DateTimeOffset.UnixEpoch, id));
    }
}
