using System.Text.Json;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Tests.Identity;

public sealed class GrainIdJsonConverterTests
{
    [Fact]
    public void Serialize_GrainId_RoundTripsAsItsString()
    {
        var id = GrainId.Parse("lead/t1/42");

        var json = JsonSerializer.Serialize(id);

        Assert.Equal("\"lead/t1/42\"", json);
        Assert.Equal(id, JsonSerializer.Deserialize<GrainId>(json));
        Assert.Equal(id.Type, JsonSerializer.Deserialize<GrainType>(JsonSerializer.Serialize(id.Type)));
    }

    [Theory]
    [InlineData("\"no-slash\"")]
    [InlineData("42")]
    public void Deserialize_NotAGrainId_FailsWithJsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GrainId>(json));
    }
}
