using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Connectors.OutboundHttp;

namespace OrleansFlows.Grains.Steps;

/// <summary>Sends one outbound request of a step attempt and turns every way it can end into a <see cref="StepOutcome"/>.</summary>
internal sealed class OutboundCall(OutboundHttpClientFactory http, TimeProvider timeProvider)
{
    public async Task<StepOutcome> SendAsync(
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

    /// <summary>A step that could not be built (configuration, expression, secret): retryable only for an expression timeout.</summary>
    public static StepOutcome ConfigurationFailure(StepWork work, Exception exception) =>
        StepOutcome.Failure(work.Step.Id, work.Attempt, exception.Message, retryable: exception is Expressions.ExpressionException { IsTransient: true });

    public static HttpContent JsonContent(string json) =>
        new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

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
}
