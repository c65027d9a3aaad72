using System.Text.Json;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.BulkRetries;

/// <summary>
/// The failed leads a bulk retry matches (<c>leads</c>, through <c>ix_leads_status</c>), and the operations' durable
/// records (<c>bulk_retries</c>). Every statement filters by the tenant and runs in its scope.
/// </summary>
public sealed class BulkRetryRecords(IProjectionStore store)
{
    /// <summary>The states an operation's row is in.</summary>
    public const string Running = "running";

    /// <inheritdoc cref="Running"/>
    public const string Finished = "finished";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Ids of the workflow's failed leads that match the request, oldest accepted first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<string>> FindFailedAsync(TenantId tenant, BulkRetryRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new Dictionary<string, object?>
        {
            ["tenant"] = tenant.Value,
            ["status"] = LeadRows.StatusName(LeadStatus.Failed),
            ["workflow"] = request.Workflow,
            ["limit"] = limit,
        };

        // Optional clauses are added only when used: PostgreSQL can't infer the type of a parameter that is only ever NULL.
        var clauses = new List<string>();
        if (request.FailedStep is { } step)
        {
            parameters["step"] = step;
            clauses.Add("AND failed_step_id = @step");
        }

        if (request.AcceptedFrom is { } from)
        {
            parameters["from"] = from;
            clauses.Add("AND accepted_at >= @from");
        }

        if (request.AcceptedTo is { } to)
        {
            parameters["to"] = to;
            clauses.Add("AND accepted_at < @to");
        }

        return store.QueryAsync(
            $"""
            SELECT lead_id FROM leads
            WHERE tenant_id = @tenant AND status = @status AND workflow = @workflow {string.Join(' ', clauses)}
            ORDER BY accepted_at, lead_id
            LIMIT @limit
            """,
            parameters,
            row => row.GetString(0),
            tenant.Value,
            cancellationToken);
    }

    /// <summary>Records an operation as it starts.</summary>
    public Task StartAsync(TenantId tenant, BulkRetryOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return store.ExecuteAsync(
            """
            INSERT INTO bulk_retries (tenant_id, operation_id, workflow, requested_by, requested_at, finished_at, status, failed_step,
                accepted_from, accepted_to, max_leads, matched, retried, truncated, skipped)
            VALUES (@tenant, @operation, @workflow, @requestedBy, @requestedAt, NULL, @status, @failedStep,
                @acceptedFrom, @acceptedTo, @max, @matched, 0, @truncated, '[]')
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["operation"] = operation.OperationId,
                ["workflow"] = operation.Workflow,
                ["requestedBy"] = operation.RequestedBy,
                ["requestedAt"] = operation.RequestedAt,
                ["status"] = Running,
                ["failedStep"] = operation.FailedStep,
                ["acceptedFrom"] = operation.AcceptedFrom,
                ["acceptedTo"] = operation.AcceptedTo,
                ["max"] = operation.Max,
                ["matched"] = operation.Matched,
                ["truncated"] = operation.Truncated,
            },
            tenant.Value,
            cancellationToken);
    }

    /// <summary>Records how an operation ended.</summary>
    public Task FinishAsync(TenantId tenant, BulkRetryOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return store.ExecuteAsync(
            """
            UPDATE bulk_retries SET status = @status, finished_at = @finishedAt, retried = @retried, skipped = @skipped
            WHERE tenant_id = @tenant AND operation_id = @operation
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["operation"] = operation.OperationId,
                ["status"] = Finished,
                ["finishedAt"] = operation.FinishedAt,
                ["retried"] = operation.Retried,
                ["skipped"] = JsonSerializer.Serialize(operation.Skipped, Json),
            },
            tenant.Value,
            cancellationToken);
    }

    /// <summary>The tenant's operation, or null.</summary>
    public async Task<BulkRetryOperation?> GetAsync(TenantId tenant, string operationId, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            """
            SELECT operation_id, workflow, matched, retried, skipped, CASE WHEN truncated THEN 1 ELSE 0 END, status, requested_at, finished_at,
                requested_by, failed_step, accepted_from, accepted_to, max_leads
            FROM bulk_retries WHERE tenant_id = @tenant AND operation_id = @operation
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["operation"] = operationId },
            row => new BulkRetryOperation(
                row.GetString(0),
                row.GetString(1),
                row.GetInt32(2),
                row.GetInt32(3),
                JsonSerializer.Deserialize<List<BulkRetrySkip>>(row.GetString(4), Json) ?? [],
                row.GetInt32(5) == 1,
                row.GetString(6),
                row.GetInstant(7),
                row.GetInstantOrNull(8),
                row.GetStringOrNull(9),
                row.GetStringOrNull(10),
                row.GetInstantOrNull(11),
                row.GetInstantOrNull(12),
                row.GetInt32(13)),
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
