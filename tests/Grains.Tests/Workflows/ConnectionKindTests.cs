using System.Text.Json;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class ConnectionKindTests
{
    [Theory]
    [InlineData(ConnectionKind.Http, "\"http\"")]
    [InlineData(ConnectionKind.Slack, "\"slack\"")]
    public void Serialize_Kind_WritesLowerCaseName(ConnectionKind kind, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(kind));
        Assert.Equal(kind, JsonSerializer.Deserialize<ConnectionKind>(json));
    }
}
