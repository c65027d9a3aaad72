using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>Runs <c>http</c> steps: renders the path and body, calls the connection, and keeps the JSON response as the output.</summary>
internal sealed class HttpStepRunner(ConnectionResolver connections, ExpressionEvaluator expressions, OutboundCall call) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step is HttpStep;

    public async Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var step = (HttpStep)work.Step;
        HttpRequestMessage request;
        try
        {
            var connection = await connections.ResolveAsync(work.Lead.Tenant, step.Connection, ConnectionKind.Http);
            var url = RequestUrls.Join(connection.BaseUrl!, await RequestUrls.RenderPathAsync(step.Path, expressions, work.Lead.Tenant, work.Data, cancellationToken));
            request = new HttpRequestMessage(new HttpMethod(step.Method), url);
            foreach (var (name, value) in connection.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (step.Body is not null)
            {
                request.Content = OutboundCall.JsonContent((await expressions.RenderJsonAsync(work.Lead.Tenant, step.Body, work.Data, cancellationToken))?.ToJsonString() ?? "null");
            }
        }
        catch (Exception exception) when (exception is StepConfigurationException or ExpressionException or Security.SecretDecryptionException)
        {
            return call.NotSent(work, exception);
        }

        using (request)
        {
            return await call.SendAsync(work, request, step.Timeout, step.Retry.IsRetryable, cancellationToken);
        }
    }
}
