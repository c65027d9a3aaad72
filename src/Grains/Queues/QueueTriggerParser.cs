using System.Text;
using System.Text.Json;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Queues;

/// <summary>Reads a definition's optional <c>trigger</c>, naming each field that is wrong.</summary>
internal static class QueueTriggerParser
{
    private static readonly string[] TriggerFields = ["kind", "connection", "queue", "prefetch", "idempotencyKey"];

    /// <summary>The trigger, or null when there is none or it is invalid (then <paramref name="problems"/> says why).</summary>
    public static QueueTrigger? Read(JsonFields definition, WorkflowValidationContext? context, List<WorkflowProblem> problems)
    {
        if (!definition.TryGet("trigger", out var element) || !definition.Expect("trigger", element, JsonValueKind.Object))
        {
            return null;
        }

        var fields = new JsonFields(element, definition.PathOf("trigger"), problems);
        fields.RejectUnknown(TriggerFields, "a queue trigger");
        var kind = fields.RequiredString("kind", "\"queue\"");
        if (kind is not null && kind != QueueTrigger.QueueKind)
        {
            fields.Report("kind", $"Trigger kind '{kind}' is not known; the only kind is \"queue\".");
            kind = null;
        }

        var connection = ReadConnection(fields, context);
        var queue = fields.RequiredString("queue", "the name of a queue on the broker");
        if (queue is not null && (queue.Length == 0 || Encoding.UTF8.GetByteCount(queue) > QueueTrigger.MaxQueueBytes || queue.Any(char.IsControl)))
        {
            fields.Report("queue", $"'queue' must be 1 to {QueueTrigger.MaxQueueBytes} bytes with no control characters.");
            queue = null;
        }

        var prefetch = fields.Integer("prefetch", 1, QueueTrigger.MaxPrefetch, QueueTrigger.DefaultPrefetch);
        var key = fields.OptionalString("idempotencyKey");
        var keyValid = true;
        if (key is not null)
        {
            if (key.Length == 0 || key.Length > QueueTrigger.MaxKeyExpressionLength)
            {
                fields.Report("idempotencyKey", $"'idempotencyKey' must be an expression of 1 to {QueueTrigger.MaxKeyExpressionLength} characters, such as 'input.orderId'.");
                keyValid = false;
            }
            else if (context?.CheckExpression(key) is { } message)
            {
                fields.Report("idempotencyKey", message);
                keyValid = false;
            }
        }
        else if (fields.TryGet("idempotencyKey", out _))
        {
            keyValid = false;
        }

        return kind is null || connection is null || queue is null || prefetch is null || !keyValid
            ? null
            : new QueueTrigger(kind, connection, queue, prefetch.Value, key);
    }

    private static string? ReadConnection(JsonFields fields, WorkflowValidationContext? context)
    {
        var name = fields.RequiredString("connection", "the name of one of the tenant's rabbitmq connections");
        if (name is null || context is null)
        {
            return name;
        }

        if (!context.Connections.TryGetValue(name, out var kind))
        {
            var names = context.Connections.Where(c => c.Value == ConnectionKind.RabbitMq).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
            var available = names.Count == 0 ? "the tenant has no rabbitmq connections" : $"the tenant's rabbitmq connections are: {string.Join(", ", names)}";
            fields.Report("connection", $"Connection '{name}' does not exist; {available}.");
            return null;
        }

        if (kind != ConnectionKind.RabbitMq)
        {
            fields.Report("connection", $"Connection '{name}' is of kind {kind.ToString().ToLowerInvariant()}; a queue trigger needs a rabbitmq connection.");
            return null;
        }

        return name;
    }
}
