using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Tests.Leads;

public sealed class StepOutputsTests
{
    [Theory]
    [InlineData("""{"name":"Ada","tags":["a","b"],"n":1}""")]
    [InlineData("""{"emoji":"\ud83d\ude00"}""")]
    [InlineData("""{"escaped":"A\\u0000B"}""")]
    public void Storable_OutputTheStoresCanKeep_IsUnchanged(string output)
    {
        var outcome = StepOutcome.Success("enrich", 1, output, 200);

        Assert.Same(outcome, StepOutputs.Storable(outcome, maxBytes: 1_000_000));
    }

    [Fact]
    public void Storable_OutputOverTheSizeLimit_IsUnchangedAsOnlyItsSizeIsStored()
    {
        var outcome = StepOutcome.Success("enrich", 1, """{"name":"A\u0000B"}""", 200);

        Assert.Same(outcome, StepOutputs.Storable(outcome, maxBytes: 5));
    }

    [Theory]
    [InlineData("""{"data":{"name":"A\u0000B"}}""", "a NUL character (\\u0000) at $.data.name")]
    [InlineData("""[1,{"x":"\udc00"}]""", "an unpaired surrogate escape at $[1].x")]
    [InlineData("\"A\\u0000\"", "a NUL character (\\u0000) at $")]
    public void Storable_OutputWithTextTheStoresCantKeep_FailsNotRetryableNamingWhere(string output, string where)
    {
        var outcome = StepOutputs.Storable(StepOutcome.Success("enrich", 2, output, 200), maxBytes: 1_000_000);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Null(outcome.OutputJson);
        Assert.Equal(2, outcome.Attempt);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Equal($"The step's output holds text that can't be stored: {where}.", outcome.Error);
    }

    [Fact]
    public void Storable_ErrorQuotingANulCharacter_KeepsItEscaped()
    {
        var outcome = StepOutputs.Storable(StepOutcome.Failure("enrich", 1, "bad value 'A\0B\ud800'", retryable: true), maxBytes: 1_000_000);

        Assert.Equal("bad value 'A\\u0000B\\ud800'", outcome.Error);
        Assert.True(outcome.Retryable);
    }
}
