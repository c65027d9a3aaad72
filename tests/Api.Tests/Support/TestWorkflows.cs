using System.Text.Json.Nodes;

namespace OrleansFlows.Api.Tests.Support;

/// <summary>Workflow definitions the API tests publish. None calls out, so no outbound server is needed.</summary>
internal static class TestWorkflows
{
    /// <summary>An input schema requiring <c>email</c>, a transform, and a store step, so a finished lead leaves a record.</summary>
    public static JsonObject TransformAndStore() => new()
    {
        ["input"] = JsonNode.Parse("""
            {"type":"object","required":["email"],"properties":{"email":{"type":"string","minLength":3},"name":{"type":"string"}}}
            """),
        ["steps"] = JsonNode.Parse("""
            [
              {"id":"tier","kind":"transform","set":{"tier":"input.email.length > 10 ? 'long' : 'short'"}},
              {"id":"save","kind":"store"}
            ]
            """),
    };
}
