using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Erasures;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Audit;

/// <summary>
/// A tenant's own audit trail (<c>tenant_audit_events</c>): what happened to the tenant rather than to one lead, such
/// as a queue message rejected. Every statement filters by the tenant and runs in its scope.
/// </summary>
public sealed class TenantAuditTrail(IProjectionStore store, TimeProvider timeProvider)
{
    private const string Columns = "event_id, at, event, workflow, detail";

    // Text as written, so an erasure's search finds an address with '+' in it ('\u002B' to the default encoder).
    private static readonly JsonSerializerOptions DetailJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Records an entry now and returns it.</summary>
    public async Task<TenantAuditEvent> AddAsync(TenantId tenant, string @event, string? workflow, IReadOnlyDictionary<string, string?> detail, CancellationToken cancellationToken)
    {
        var entry = new TenantAuditEvent($"tae_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}", timeProvider.GetUtcNow(), @event, workflow, detail);
        await store.ExecuteAsync(
            "INSERT INTO tenant_audit_events (tenant_id, event_id, at, event, workflow, detail) VALUES (@tenant, @id, @at, @event, @workflow, @detail)",
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["id"] = entry.EventId,
                ["at"] = entry.At,
                ["event"] = entry.Event,
                ["workflow"] = entry.Workflow,
                ["detail"] = JsonSerializer.Serialize(detail, DetailJson),
            },
            tenant.Value,
            cancellationToken);
        return entry;
    }

    /// <summary>A page of the tenant's entries that match the filter, newest first.</summary>
    /// <exception cref="ArgumentException">The cursor was not issued by this list.</exception>
    public async Task<Page<TenantAuditEvent>> ListAsync(TenantId tenant, TenantAuditFilter filter, int limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit + 1 };
        var clauses = new List<string>();
        if (filter.Event is { } @event)
        {
            parameters["event"] = @event;
            clauses.Add("AND event = @event");
        }

        if (filter.Workflow is { } workflow)
        {
            parameters["workflow"] = workflow;
            clauses.Add("AND workflow = @workflow");
        }

        if (PageCursor.Decode(cursor) is { } after)
        {
            parameters["afterAt"] = after.At;
            parameters["afterId"] = after.Id;
            clauses.Add("AND (at < @afterAt OR (at = @afterAt AND event_id < @afterId))");
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT {Columns} FROM tenant_audit_events
            WHERE tenant_id = @tenant {string.Join(' ', clauses)}
            ORDER BY at DESC, event_id DESC
            LIMIT @limit
            """,
            parameters,
            Read,
            tenant.Value,
            cancellationToken);
        return Page<TenantAuditEvent>.From(rows, limit, e => PageCursor.Encode(e.At, e.EventId));
    }

    /// <summary>Removes the tenant's entries whose detail holds the email anywhere; the rows removed.</summary>
    internal async Task<int> DeleteHoldingAsync(TenantId tenant, EmailMatch email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value };
        for (var i = 0; i < email.Needles.Count; i++)
        {
            parameters[$"needle{i}"] = EmailMatch.LikePattern(email.Needles[i]);
        }

        var like = string.Join(" OR ", email.Needles.Select((_, i) => $"lower(detail) LIKE @needle{i} ESCAPE '\\'"));
        var hits = await store.QueryAsync(
            $"SELECT event_id, detail FROM tenant_audit_events WHERE tenant_id = @tenant AND ({like})",
            parameters,
            row => (Id: row.GetString(0), Detail: row.GetString(1)),
            tenant.Value,
            cancellationToken);
        var removed = 0;
        foreach (var hit in hits.Where(h => email.IsIn(h.Detail)))
        {
            removed += await store.ExecuteAsync(
                "DELETE FROM tenant_audit_events WHERE tenant_id = @tenant AND event_id = @id",
                new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["id"] = hit.Id },
                tenant.Value,
                cancellationToken);
        }

        return removed;
    }

    /// <summary>Removes the tenant's entries recorded before <paramref name="cutoff"/>, at most <paramref name="max"/> of them; the rows removed.</summary>
    public Task<int> DeleteBeforeAsync(TenantId tenant, DateTimeOffset cutoff, int max, CancellationToken cancellationToken) =>
        store.ExecuteAsync(
            """
            DELETE FROM tenant_audit_events WHERE tenant_id = @tenant AND event_id IN (
                SELECT event_id FROM tenant_audit_events WHERE tenant_id = @tenant AND at < @cutoff ORDER BY at LIMIT @max)
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["cutoff"] = cutoff, ["max"] = max },
            tenant.Value,
            cancellationToken);

    private static TenantAuditEvent Read(ProjectionRow row) => new(
        row.GetString(0),
        row.GetInstant(1),
        row.GetString(2),
        row.GetStringOrNull(3),
        JsonSerializer.Deserialize<Dictionary<string, string?>>(row.GetString(4)) ?? []);
}
