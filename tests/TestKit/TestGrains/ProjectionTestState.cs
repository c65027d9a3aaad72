using System.Text.Json.Serialization;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ProjectionTestState
{
    [JsonPropertyName("value")]
    public string? Value { get; set; }
}
