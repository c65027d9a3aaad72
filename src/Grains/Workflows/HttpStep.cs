using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Calls one of the tenant's <c>http</c> connections; the parsed response is kept as <c>steps.&lt;id&gt;</c>.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Connection">The name of an <c>http</c> connection; it supplies the scheme, host and headers.</param>
/// <param name="Method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="Path">
/// A template appended to the connection's base URL. It starts with <c>/</c> (never <c>//</c>) and holds no
/// <c>://</c>, <c>\</c> or <c>@</c> before the query, so it can never change the host.
/// </param>
/// <param name="Body">The request body: any JSON value whose strings are templates; null sends no body.</param>
/// <param name="Timeout">Per attempt, from 1s to 5m; 30s when not set.</param>
/// <param name="Retry">When and how often a failed attempt is retried.</param>
public sealed record HttpStep(
    string Id,
    [property: JsonPropertyName("connection")] string Connection,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("body"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Body,
    [property: JsonPropertyName("timeout"), JsonConverter(typeof(DurationJsonConverter))] TimeSpan Timeout,
    [property: JsonPropertyName("retry")] RetryPolicy Retry) : StepDefinition(Id);
