using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Security;
using OrleansFlows.Grains.Steps;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>One run's batch work, in order: collect, reconcile, repair, report, and post the summary to Slack.</summary>
internal sealed class ReconciliationBatch(
    BatchInputs inputs,
    ChunkSender sender,
    LeadRepair repair,
    ConnectionResolver connections,
    OutboundHttpClientFactory http,
    Microsoft.Extensions.Options.IOptions<ReconciliationOptions> options)
{
    public async Task<ReconciliationRunOutcome> RunAsync(ReconciliationWork work, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var records = await inputs.RecordsAsync(work.Tenant, work.BusinessDate, cancellationToken).ConfigureAwait(false);
        var leads = await inputs.LeadsAsync(work.Tenant, work.BusinessDate, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<ChunkResult>? chunks = null;
        if (work.Settings.Connection is not null)
        {
            try
            {
                chunks = await sender.SendAsync(work, records, cancellationToken).ConfigureAwait(false);
                errors.AddRange(chunks.Where(c => !c.Succeeded).Select(c => $"Chunk {c.Index} ({c.Sent} records) failed after {c.Attempts} attempt(s): {c.Error}"));
            }
            catch (StepConfigurationException unusable)
            {
                errors.Add($"The records were not sent: {unusable.Message}");
                chunks = [];
            }
        }

        var repaired = await repair.RunAsync(work.Tenant, leads, cancellationToken).ConfigureAwait(false);
        var month = work.MonthlyReport ? await inputs.MonthAsync(work.Tenant, work.BusinessDate, cancellationToken).ConfigureAwait(false) : null;
        var failed = errors.Count > 0;
        var (report, counts, summary) = RunReport.Build(work, leads, records.Count, chunks, repaired, month);
        if (work.Settings.NotifyConnection is { } slack && await NotifyAsync(work.Tenant, slack, summary, cancellationToken).ConfigureAwait(false) is { } notifyError)
        {
            // The run's own work is done; a summary that did not arrive is reported but does not fail it.
            errors.Add(notifyError);
        }

        report["errors"] = new System.Text.Json.Nodes.JsonArray(errors.Select(e => (System.Text.Json.Nodes.JsonNode?)e).ToArray());
        return new ReconciliationRunOutcome(work.BusinessDate, work.Attempt, !failed, counts, errors, report.ToJsonString());
    }

    private async Task<string?> NotifyAsync(TenantId tenant, string connectionName, string text, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await connections.ResolveAsync(tenant, connectionName, ConnectionKind.Slack).ConfigureAwait(false);
            using var request = SlackMessages.Create(connection.WebhookUrl!, text);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Value.ChunkTimeout);
            var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            return response.IsSuccess ? null : $"The Slack summary was refused: HTTP {response.Status}.";
        }
        catch (Exception exception) when (exception is StepConfigurationException or SecretDecryptionException or HttpRequestException
            or OutboundAddressForbiddenException or OutboundResponseTooLargeException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"The Slack summary was not posted: {exception.Message}";
        }
    }
}
