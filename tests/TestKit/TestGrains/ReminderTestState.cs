using System.Text.Json.Serialization;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ReminderTestState
{
    [JsonPropertyName("ticks")]
    public Dictionary<string, int> Ticks { get; set; } = [];

    [JsonPropertyName("failNext")]
    public int FailNext { get; set; }
}
