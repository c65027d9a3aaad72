using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OrleansFlows.Grains.RabbitMq;

/// <summary>
/// Runs <c>publish</c> steps: renders the routing key and body, publishes a persistent JSON message on a channel with
/// publisher confirms, and succeeds only once the broker confirms it. The message's <c>message-id</c> is the attempt's
/// idempotency key, so a consumer can drop a second copy of the same attempt.
/// </summary>
internal sealed partial class PublishStepRunner(
    ConnectionResolver connections,
    ExpressionEvaluator expressions,
    BrokerConnections brokers,
    OutboundCall call,
    TimeProvider timeProvider,
    ILogger<PublishStepRunner> logger) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step is PublishStep;

    public async Task<StepOutcome> RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var step = (PublishStep)work.Step;
        AmqpAddress address;
        string routingKey, protectedUri;
        byte[] body;
        try
        {
            var connection = await connections.ResolveAsync(work.Lead.Tenant, step.Connection, ConnectionKind.RabbitMq);
            if (!AmqpAddress.TryParse(connection.AmqpUri, out var parsed, out var error))
            {
                throw new StepConfigurationException($"Connection '{step.Connection}' has no usable AMQP URI: {error}");
            }

            address = parsed!;
            protectedUri = connection.ProtectedAmqpUri!;
            routingKey = await expressions.RenderTemplateAsync(work.Lead.Tenant, step.RoutingKey, work.Data, cancellationToken);
            if (Encoding.UTF8.GetByteCount(routingKey) > PublishStep.MaxNameBytes)
            {
                throw new StepConfigurationException($"The rendered routing key is {Encoding.UTF8.GetByteCount(routingKey)} bytes long; AMQP allows at most {PublishStep.MaxNameBytes}.");
            }

            var rendered = await expressions.RenderJsonAsync(work.Lead.Tenant, step.Body, work.Data, cancellationToken);
            body = Encoding.UTF8.GetBytes(rendered?.ToJsonString() ?? "null");
        }
        catch (Exception exception) when (exception is StepConfigurationException or ExpressionException or Security.SecretDecryptionException)
        {
            return call.NotSent(work, exception);
        }

        var outcome = await PublishAsync(work, step, address, protectedUri, routingKey, body, cancellationToken);
        if (!outcome.Succeeded)
        {
            LogPublishFailed(logger, work.Lead.Tenant.Value, work.Lead.LeadId, step.Id, work.Attempt, outcome.Retryable, outcome.Error ?? "");
        }

        return outcome;
    }

    private async Task<StepOutcome> PublishAsync(
        StepWork work, PublishStep step, AmqpAddress address, string protectedUri, string routingKey, byte[] body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(step.Timeout);
        var properties = new BasicProperties
        {
            MessageId = work.IdempotencyKey,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(timeProvider.GetUtcNow().ToUnixTimeSeconds()),
            AppId = "orleansflows",
        };
        try
        {
            var connection = await brokers.GetSharedAsync($"{work.Lead.Tenant.Value}\n{step.Connection}\n{protectedUri}", address, deadline.Token);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), deadline.Token);
            await channel.BasicPublishAsync(step.Exchange, routingKey, mandatory: false, properties, body, deadline.Token);
            var output = new JsonObject { ["exchange"] = step.Exchange, ["routingKey"] = routingKey, ["messageId"] = work.IdempotencyKey };
            return StepOutcome.Success(step.Id, work.Attempt, output.ToJsonString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(work, $"Broker {address.Broker} did not confirm the message within the step timeout of {step.Timeout.TotalSeconds:0.###}s.", retryable: true);
        }
        catch (OutboundAddressForbiddenException forbidden)
        {
            return Failed(work, forbidden.Message, retryable: false);
        }
        catch (PublishException)
        {
            return Failed(work, $"Broker {address.Broker} refused the message (a negative publisher confirm).", retryable: true);
        }
        catch (OperationInterruptedException interrupted)
        {
            // For example "NOT_FOUND - no exchange 'orders' in vhost 'shop'": the broker's own words, with no credential in them.
            return Failed(work, $"Broker {address.Broker} closed the channel: {interrupted.ShutdownReason?.ReplyText ?? interrupted.Message}", retryable: true);
        }
        catch (Exception exception) when (exception is BrokerUnreachableException or BrokerUnavailableException or AlreadyClosedException or RabbitMQClientException or IOException or System.Net.Sockets.SocketException)
        {
            return Failed(work, $"Broker {address.Broker} could not be reached: {BrokerFailures.Describe(exception)}", retryable: true);
        }
    }

    private static StepOutcome Failed(StepWork work, string error, bool retryable) => StepOutcome.Failure(work.Step.Id, work.Attempt, error, retryable);

    [LoggerMessage(EventId = RabbitMqEventIds.PublishFailed, Level = LogLevel.Warning, Message = "Publish attempt {Attempt} of step {StepId} of lead {LeadId} of tenant {TenantId} failed (retryable: {Retryable}): {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string tenantId, string leadId, string stepId, int attempt, bool retryable, string error);
}
