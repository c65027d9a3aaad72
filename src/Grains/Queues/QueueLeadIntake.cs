using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Queues;

/// <summary>
/// Turns one queue message into a lead through the same two grain calls as a webhook or <c>POST .../leads</c>: the
/// tenant admits it (suspension, workflow, ingest rate, daily plan), then the lead grain checks the input schema and
/// accepts it durably. The lead id comes from the message's idempotency key, so a redelivery is the same lead.
/// </summary>
internal sealed class QueueLeadIntake(IGrainFactory grains, ExpressionEvaluator expressions)
{
    /// <summary>The largest message body accepted, as the API's default request body limit.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private const int MaxDepth = 32;

    /// <summary>Admits and accepts one message as a lead of <paramref name="workflow"/>.</summary>
    public async Task<QueueAcceptance> AcceptAsync(TenantId tenant, string workflow, QueueTrigger trigger, ReadOnlyMemory<byte> body, string? messageId, CancellationToken cancellationToken)
    {
        if (body.Length > MaxBodyBytes)
        {
            return QueueAcceptance.Poison($"The body is {body.Length} bytes long; the limit is {MaxBodyBytes} bytes.");
        }

        JsonNode? input;
        try
        {
            input = JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return QueueAcceptance.Poison($"The body is not JSON: {ex.Message}");
        }

        var (key, keyProblem) = await IdempotencyKeyAsync(tenant, trigger, input, messageId, cancellationToken);
        if (key is null)
        {
            return QueueAcceptance.Poison(keyProblem!);
        }

        var leadId = LeadIds.FromIdempotencyKey(workflow, key);
        var lead = grains.GetGrain<ILeadGrain>(LeadKey.Create(tenant, leadId).ToString());
        var tenantGrain = grains.GetGrain<ITenantGrain>(tenant.Value);
        var admitted = await tenantGrain.AdmitLeadAsync(LeadAdmissionRequest.FromQueue(workflow));
        if (admitted.Verdict is (LeadAdmissionVerdict.PlanUsedUp or LeadAdmissionVerdict.Suspended) && await lead.GetAsync() is not null)
        {
            // A redelivery of a message whose lead was accepted before its ack was lost: the lead is there, so it is acked.
            return QueueAcceptance.Accepted;
        }

        switch (admitted.Verdict)
        {
            case LeadAdmissionVerdict.Admitted:
                break;
            case LeadAdmissionVerdict.NotAuthenticated:
                return QueueAcceptance.Poison($"Tenant '{tenant}' does not exist.");
            case LeadAdmissionVerdict.UnknownWorkflow:
                return QueueAcceptance.Poison($"Workflow '{workflow}' does not exist.");
            case LeadAdmissionVerdict.Suspended:
                return QueueAcceptance.Poison($"Tenant '{tenant}' is suspended.");
            case LeadAdmissionVerdict.IngestRateReached:
                // A rate resets within the minute: the message waits in the queue rather than being lost.
                return QueueAcceptance.Transient($"The ingest rate limit of {admitted.Limit} submissions per minute is reached.", admitted.RetryAfter);
            case LeadAdmissionVerdict.PlanUsedUp:
                return QueueAcceptance.Poison($"The daily plan of {admitted.Limit} leads for business date {admitted.BusinessDate} is used up.");
            default:
                return QueueAcceptance.Poison($"The lead was refused ({admitted.Verdict}).");
        }

        var businessDate = admitted.BusinessDate!;
        var submission = new SubmitLead(workflow, Encoding.UTF8.GetString(body.Span), key, LeadIds.HashBody(body.Span), "queue", admitted.WorkflowVersion, admitted.TimeZone);
        SubmitLeadResult result;
        try
        {
            result = await lead.SubmitAsync(submission);
        }
        catch (Exception ex) when (ex is LeadValidationException or LeadConflictException or StoredValueRejectedException)
        {
            await ReleaseAsync(tenantGrain, businessDate);
            return QueueAcceptance.Poison(ex is LeadConflictException
                ? $"The idempotency key '{key}' was used before with another body: {ex.Message}"
                : ex.Message);
        }
        catch (Exception ex)
        {
            await ReleaseAsync(tenantGrain, businessDate);
            return QueueAcceptance.Transient($"The lead could not be accepted: {ex.Message}", TimeSpan.Zero);
        }

        if (!result.Created)
        {
            await ReleaseAsync(tenantGrain, businessDate);
        }

        return QueueAcceptance.Accepted;
    }

    private async Task<(string? Key, string? Problem)> IdempotencyKeyAsync(TenantId tenant, QueueTrigger trigger, JsonNode? input, string? messageId, CancellationToken cancellationToken)
    {
        string? key;
        if (trigger.IdempotencyKey is not { } expression)
        {
            key = messageId;
            if (string.IsNullOrEmpty(key))
            {
                return (null, "The message has no message-id, and the trigger has no idempotencyKey expression: it has no idempotency key.");
            }
        }
        else
        {
            JsonNode? value;
            try
            {
                var lead = input as JsonObject ?? [];
                value = await expressions.EvaluateAsync(tenant, expression, new ExpressionScope(input, [], lead), cancellationToken);
            }
            catch (ExpressionException ex)
            {
                return (null, $"The idempotencyKey expression failed: {ex.Message}");
            }

            key = value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                ? scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString()
                : null;
            if (string.IsNullOrEmpty(key))
            {
                return (null, $"The idempotencyKey expression gave {(value is null ? "null" : value.ToJsonString())}, not a non-empty string or number.");
            }
        }

        return key.Length > QueueTrigger.MaxKeyLength
            ? (null, $"The idempotency key is {key.Length} characters long; the limit is {QueueTrigger.MaxKeyLength}.")
            : (key, null);
    }

    private static async Task ReleaseAsync(ITenantGrain tenant, string businessDate)
    {
        try
        {
            await tenant.ReleaseLeadAsync(businessDate);
        }
        catch (Exception)
        {
            // The message's fate is already decided; an unreleased reservation only counts one lead too many for the day.
        }
    }
}
