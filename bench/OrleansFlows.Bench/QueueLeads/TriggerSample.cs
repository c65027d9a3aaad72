using System.Text.Json;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>One reading of <c>GET /v1/workflows/{name}/trigger</c>, stamped with the UTC ticks of its answer.</summary>
internal sealed record TriggerSample(
    long Ticks,
    string State,
    string? Queue,
    long Consumed,
    long Acked,
    long Rejected,
    long Requeued,
    DateTimeOffset? LastConnectedAt,
    string? LastError)
{
    public static TriggerSample From(long ticks, JsonElement status)
    {
        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        return new TriggerSample(
            ticks,
            Text(status, "state") ?? "unknown",
            Text(status, "queue"),
            status.GetProperty("consumed").GetInt64(),
            status.GetProperty("acked").GetInt64(),
            status.GetProperty("rejected").GetInt64(),
            status.GetProperty("requeued").GetInt64(),
            status.TryGetProperty("lastConnectedAt", out var connected) && connected.ValueKind == JsonValueKind.String ? connected.GetDateTimeOffset() : null,
            Text(status, "lastError"));
    }
}
