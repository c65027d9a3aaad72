using System.Text.Json.Serialization;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class CounterState
{
    [JsonPropertyName("count")]
    public int Count { get; set; }
}
