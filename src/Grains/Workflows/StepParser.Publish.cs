using System.Text;
using System.Text.Json;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Workflows;

/// <summary>The <c>publish</c> step: a rabbitmq connection, an exchange, a routing key template and a JSON body template.</summary>
internal sealed partial class StepParser
{
    private static readonly string[] PublishFields = ["id", "kind", "connection", "exchange", "routingKey", "body", "timeout", "retry"];

    private PublishStep? ReadPublish(string id, JsonFields fields)
    {
        fields.RejectUnknown(PublishFields, Owner(StepKinds.Publish));
        var connection = ReadConnection(fields, ConnectionKind.RabbitMq);
        string? exchange = null;
        if (!fields.TryGet("exchange", out var exchangeElement))
        {
            fields.Report("exchange", "'exchange' is required: the name of an exchange on the broker, or \"\" for the default exchange (which routes by queue name).");
        }
        else if (fields.Expect("exchange", exchangeElement, JsonValueKind.String))
        {
            exchange = exchangeElement.GetString()!;
            if (Encoding.UTF8.GetByteCount(exchange) > PublishStep.MaxNameBytes || exchange.Any(char.IsControl))
            {
                fields.Report("exchange", $"'exchange' must be at most {PublishStep.MaxNameBytes} bytes with no control characters.");
                exchange = null;
            }
        }

        var routingKey = fields.RequiredString("routingKey", "a template such as 'lead.{{ lead.region }}' (\"\" is allowed)");
        if (routingKey is not null && routingKey.Length > PublishStep.MaxRoutingKeyTemplateLength)
        {
            fields.Report("routingKey", $"'routingKey' is {routingKey.Length} characters long; the limit is {PublishStep.MaxRoutingKeyTemplateLength} (and {PublishStep.MaxNameBytes} bytes once rendered).");
            routingKey = null;
        }
        else if (routingKey is not null && !CheckTemplate(fields.PathOf("routingKey"), routingKey))
        {
            routingKey = null;
        }

        if (!fields.TryGet("body", out var bodyElement))
        {
            fields.Report("body", "'body' is required: the JSON message, whose strings are templates, such as {\"email\": \"{{ lead.email }}\"}.");
        }
        else
        {
            CheckTemplatesIn(bodyElement, fields.PathOf("body"));
        }

        var timeout = fields.Duration("timeout", WorkflowLimits.MinHttpTimeout, WorkflowLimits.MaxHttpTimeout, WorkflowLimits.DefaultHttpTimeout);
        var retry = ReadRetry(fields);
        return connection is null || exchange is null || routingKey is null || bodyElement.ValueKind == JsonValueKind.Undefined || timeout is null || retry is null
            ? null
            : new PublishStep(id, connection, exchange, routingKey, JsonNodes.Copy(bodyElement), timeout.Value, retry);
    }
}
