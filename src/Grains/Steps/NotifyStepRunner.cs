using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Steps;

/// <summary>Runs <c>notify</c> steps: renders the text and posts it to a Slack incoming webhook.</summary>
internal sealed class NotifyStepRunner(ConnectionResolver connections, ExpressionEvaluator expressions, OutboundCall call, Microsoft.Extensions.Options.IOptions<Leads.LeadOptions> options) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step is NotifyStep;

    public async Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var step = (NotifyStep)work.Step;
        HttpRequestMessage request;
        try
        {
            var connection = await connections.ResolveAsync(work.Lead.Tenant, step.Connection, ConnectionKind.Slack);
            var text = await Connectors.SlackText.RenderAsync(expressions, work.Lead.Tenant, step.Text, work.Data, cancellationToken);
            request = Connectors.SlackMessages.Create(connection.WebhookUrl!, text);
        }
        catch (Exception exception) when (exception is StepConfigurationException or ExpressionException or Security.SecretDecryptionException)
        {
            return call.NotSent(work, exception);
        }

        using (request)
        {
            return await call.SendAsync(work, request, options.Value.DefaultStepTimeout, RetryPolicy.Default.IsRetryable, cancellationToken);
        }
    }
}
