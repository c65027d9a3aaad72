using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using Orleans.Timers;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Exports;

namespace OrleansFlows.Grains.Offboarding;

/// <summary>
/// Deletes everything a tenant holds except the tenant grain's own state, which goes last
/// (<see cref="ITenantGrain.DeleteOffboardedAsync"/>): the rows of every tenant table, the state and reminders of every
/// grain keyed by the tenant, and its export zips. Each step is a bounded batch in its own transaction, and each finds
/// what is left by asking the store, so a deletion stopped half way goes on where it stopped when run again.
/// </summary>
internal sealed class TenantDataDeletion(
    OffboardingRows rows,
    ExportFiles exportFiles,
    IGrainFactory grains,
    IReminderRegistry reminders,
    IOptions<OffboardingOptions> options)
{
    /// <summary>
    /// Grain types whose keys are not tenant ids, so a key equal to a tenant id (a sweeper partition "3", a key bucket,
    /// the directory "all") is not that tenant's. Every other grain keyed <c>{tenantId}</c> or <c>{tenantId}/…</c> is the tenant's.
    /// </summary>
    private static readonly HashSet<string> SharedGrainTypes = new(StringComparer.Ordinal) { "sweeper", "api-key-index", "tenant-directory" };

    private int BatchSize => options.Value.BatchSize;

    /// <summary>True when <paramref name="grainId"/> (<c>{type}/{key}</c>) is a grain of <paramref name="tenant"/>.</summary>
    public static bool BelongsTo(string grainId, TenantId tenant)
    {
        var slash = grainId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        var type = grainId[..slash];
        return !SharedGrainTypes.Contains(type) && !type.Contains('.', StringComparison.Ordinal) && KeyBelongsTo(grainId[(slash + 1)..], tenant);
    }

    /// <summary>Deletes the tenant's data and returns what it deleted, by table (or kind of thing).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="except">The grain doing the deletion, whose own reminder it ends itself once all is gone.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<IReadOnlyDictionary<string, long>> DeleteAsync(TenantId tenant, GrainId except, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);

        // First nothing of the tenant runs: its activations end (a lead's in-memory state can't be written back over a
        // deleted row, whose version is gone) and its reminders stop, so no nightly job starts while its rows go.
        await DeactivateAsync(tenant, except);
        Add(counts, "reminders", await UnregisterRemindersAsync(tenant, except, cancellationToken));
        Add(counts, "exportFolders", DeleteExportFolder(tenant));

        // Leads go in batches: their states by exact id, then their list rows, which drive the next batch.
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var leadIds = await rows.LeadIdsAsync(tenant, BatchSize, cancellationToken);
            if (leadIds.Count == 0)
            {
                break;
            }

            var states = leadIds.Select(id => GrainId.Create("lead", $"{tenant.Value}/{id}").ToString()).ToList();
            Add(counts, "grain_state", await rows.DeleteByIdsAsync("grain_state", "grain_id", states, cancellationToken));
            Add(counts, "leads", await rows.DeleteLeadRowsAsync(tenant, leadIds, cancellationToken));
        }

        // Every other tenant table, the tenant's own list row and key rows last.
        foreach (var table in GrainsSchema.TenantTables.OrderBy(t => t is "tenants" or "api_keys"))
        {
            int deleted;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                deleted = await rows.DeleteTenantRowsAsync(table, tenant, BatchSize, cancellationToken);
                Add(counts, table, deleted);
            }
            while (deleted == BatchSize);
        }

        // What remains keyed by grain id: workflows, reconciliation, retention and any other grain of the tenant.
        foreach (var (table, column) in rows.GrainIdTables)
        {
            Add(counts, table, await DeleteGrainRowsAsync(table, column, tenant, id => BelongsTo(id, tenant) && id != except.ToString(), cancellationToken));
        }

        if (rows.GrainKeyTable is var (keyTable, keyColumn))
        {
            Add(counts, keyTable, await DeleteGrainRowsAsync(keyTable, keyColumn, tenant, key => KeyBelongsTo(key, tenant), cancellationToken));
        }

        // An export that was writing when its activation ended may have left a file since.
        Add(counts, "exportFolders", DeleteExportFolder(tenant));
        return counts;
    }

    private static bool KeyBelongsTo(string key, TenantId tenant) =>
        key == tenant.Value || key.StartsWith(tenant.Value + "/", StringComparison.Ordinal);

    private static void Add(SortedDictionary<string, long> counts, string what, long count)
    {
        if (count > 0)
        {
            counts[what] = counts.GetValueOrDefault(what) + count;
        }
    }

    /// <summary>Ends every activation of the tenant's grains in the cluster, but the tenant's and the caller's.</summary>
    private async Task DeactivateAsync(TenantId tenant, GrainId except)
    {
        var active = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var own = active
            .Select(a => a.GrainId)
            .Where(id => id != except && BelongsTo(id.ToString(), tenant) && id.Type.ToString() != "tenant")
            .Distinct()
            .ToList();
        foreach (var chunk in own.Chunk(64))
        {
            await Task.WhenAll(chunk.Select(id => grains.GetGrain(id).Cast<IGrainManagementExtension>().DeactivateOnIdle().AsTask()));
        }
    }

    /// <summary>Unregisters the reminders of the tenant's grains through the reminder service, so no silo keeps one in memory.</summary>
    private async Task<int> UnregisterRemindersAsync(TenantId tenant, GrainId except, CancellationToken cancellationToken)
    {
        var unregistered = 0;
        foreach (var (table, column) in rows.GrainIdTables.Where(t => t.Table != "grain_state"))
        {
            string? after = null;
            while (true)
            {
                var candidates = await rows.IdsHoldingAsync(table, column, "/" + tenant.Value, after, BatchSize, cancellationToken);
                foreach (var id in candidates.Where(id => BelongsTo(id, tenant) && id != except.ToString()).Distinct())
                {
                    var grainId = GrainId.Parse(id);
                    foreach (var reminder in await reminders.GetReminders(grainId))
                    {
                        await reminders.UnregisterReminder(grainId, reminder);
                        unregistered++;
                    }
                }

                if (candidates.Count < BatchSize)
                {
                    break;
                }

                after = candidates[^1];
            }
        }

        return unregistered;
    }

    /// <summary>Deletes the rows of a table keyed by grain id (or key) that <paramref name="owned"/> says are the tenant's, a batch at a time.</summary>
    private async Task<int> DeleteGrainRowsAsync(string table, string column, TenantId tenant, Func<string, bool> owned, CancellationToken cancellationToken)
    {
        var deleted = 0;
        string? after = null;
        while (true)
        {
            var candidates = await rows.IdsHoldingAsync(table, column, tenant.Value, after, BatchSize, cancellationToken);
            deleted += await rows.DeleteByIdsAsync(table, column, candidates.Where(owned).Distinct().ToList(), cancellationToken);
            if (candidates.Count < BatchSize)
            {
                return deleted;
            }

            after = candidates[^1];
        }
    }

    private int DeleteExportFolder(TenantId tenant)
    {
        var folder = exportFiles.TenantFolder(tenant);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count();
        Directory.Delete(folder, recursive: true);
        return files;
    }
}
