using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Connectors.OutboundHttp;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Sends one outbound request of a step attempt and turns every way it can end into a <see cref="StepOutcome"/>. A
/// failed attempt is logged at warning level with its tenant, lead, step and cause.
/// </summary>
internal sealed partial class OutboundCall(OutboundHttpClientFactory http, TimeProvider timeProvider, ILogger<OutboundCall> logger)
{
    public async Task<StepOutcome> SendAsync(
        StepWork work,
        HttpRequestMessage request,
        TimeSpan timeout,
        Func<int, bool> isRetryableStatus,
        CancellationToken cancellationToken)
    {
        var outcome = await SendCoreAsync(work, request, timeout, isRetryableStatus, cancellationToken);
        StepMetrics.OutboundCalls.Add(
            1,
            new KeyValuePair<string, object?>("status_class", StepMetrics.StatusClassOf(outcome.HttpStatus)),
            new KeyValuePair<string, object?>("outcome", StepMetrics.OutcomeOf(outcome)));
        return Logged(work, outcome);
    }

    /// <summary>A step that could not be built (configuration, expression, secret): retryable only for an expression timeout.</summary>
    public static StepOutcome ConfigurationFailure(StepWork work, Exception exception) =>
        StepOutcome.Failure(work.Step.Id, work.Attempt, exception.Message, retryable: exception is Expressions.ExpressionException { IsTransient: true });

    /// <summary>The attempt fails without a call because its request could not be built (see <see cref="ConfigurationFailure"/>); it is logged like any failed attempt.</summary>
    public StepOutcome NotSent(StepWork work, Exception exception) => Logged(work, ConfigurationFailure(work, exception));

    public static HttpContent JsonContent(string json) =>
        new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private StepOutcome Logged(StepWork work, StepOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            LogAttemptFailed(logger, work.Lead.Tenant.Value, work.Lead.LeadId, work.Step.Id, work.Attempt, outcome.Retryable, outcome.Error ?? "");
        }

        return outcome;
    }

    private async Task<StepOutcome> SendCoreAsync(
        StepWork work,
        HttpRequestMessage request,
        TimeSpan timeout,
        Func<int, bool> isRetryableStatus,
        CancellationToken cancellationToken)
    {
        var id = work.Step.Id;
        request.Headers.TryAddWithoutValidation(StepIdempotency.HeaderName, work.IdempotencyKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var response = await http.SendAsync(request, deadline.Token);
            if (response.IsSuccess)
            {
                return ParseOutput(work, response);
            }

            return StepOutcome.Failure(
                id,
                work.Attempt,
                $"HTTP {response.Status} from {request.RequestUri?.Host}",
                isRetryableStatus(response.Status),
                response.Status,
                response.GetRetryAfter(timeProvider.GetUtcNow()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StepOutcome.Failure(id, work.Attempt, $"No answer from {request.RequestUri?.Host} within the step timeout of {timeout.TotalSeconds:0.###}s.", retryable: true);
        }
        catch (Exception refused) when (refused is OutboundAddressForbiddenException or OutboundResponseTooLargeException)
        {
            return StepOutcome.Failure(id, work.Attempt, refused.Message, retryable: false);
        }
        catch (OutboundRequestFailedException failed)
        {
            // The message already names the host and port and says what happened.
            return StepOutcome.Failure(id, work.Attempt, failed.Message, retryable: true);
        }
    }

    private static StepOutcome ParseOutput(StepWork work, OutboundResponse response)
    {
        if (response.Body.Length == 0)
        {
            return StepOutcome.Success(work.Step.Id, work.Attempt, null, response.Status);
        }

        var text = Encoding.UTF8.GetString(response.Body);
        if (response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return StepOutcome.Success(work.Step.Id, work.Attempt, JsonSerializer.Serialize(text), response.Status);
        }

        try
        {
            using var _ = JsonDocument.Parse(text);
            return StepOutcome.Success(work.Step.Id, work.Attempt, text, response.Status);
        }
        catch (JsonException exception)
        {
            return StepOutcome.Failure(work.Step.Id, work.Attempt, $"The response is not valid JSON: {exception.Message}", retryable: true, response.Status);
        }
    }

    [LoggerMessage(EventId = OutboundHttpEventIds.AttemptFailed, Level = LogLevel.Warning, Message = "Attempt {Attempt} of step {StepId} of lead {LeadId} of tenant {TenantId} failed (retryable: {Retryable}): {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string tenantId, string leadId, string stepId, int attempt, bool retryable, string error);
}
