using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.HttpStepTests;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Doubling = new(10, TimeSpan.FromSeconds(1), 2.0, 0.2, RetryPolicy.DefaultRetryOn);

    [Fact]
    public void Default_HasTheDocumentedValues()
    {
        Assert.Equal(
            (3, TimeSpan.FromSeconds(1), 2.0, 0.2),
            (RetryPolicy.Default.MaxAttempts, RetryPolicy.Default.InitialDelay, RetryPolicy.Default.BackoffFactor, RetryPolicy.Default.Jitter));
        Assert.Equal([408, 429, 500, 502, 503, 504], RetryPolicy.Default.RetryOn);
    }

    [Fact]
    public void Parse_PartialRetry_TakesDefaultsForTheRest()
    {
        var step = Assert.IsType<HttpStep>(Parse(WithSteps(Http(""" "retry": {"maxAttempts": 7, "retryOn": []} """))).Steps[0]);

        Assert.Equal((7, TimeSpan.FromSeconds(1), 2.0, 0.2), (step.Retry.MaxAttempts, step.Retry.InitialDelay, step.Retry.BackoffFactor, step.Retry.Jitter));
        Assert.Empty(step.Retry.RetryOn);
    }

    [Fact]
    public void Parse_RetryAtItsLimits_IsAccepted()
    {
        var low = """ "retry": {"maxAttempts": 1, "initialDelay": "100ms", "backoffFactor": 1, "jitter": 0, "retryOn": [400, 599]} """;
        var high = """ "retry": {"maxAttempts": 20, "initialDelay": "1h", "backoffFactor": 10, "jitter": 1} """;

        var lowest = Assert.IsType<HttpStep>(Parse(WithSteps(Http(low))).Steps[0]).Retry;
        var highest = Assert.IsType<HttpStep>(Parse(WithSteps(Http(high))).Steps[0]).Retry;

        Assert.Equal((1, TimeSpan.FromMilliseconds(100), 1.0, 0.0), (lowest.MaxAttempts, lowest.InitialDelay, lowest.BackoffFactor, lowest.Jitter));
        Assert.Equal([400, 599], lowest.RetryOn);
        Assert.Equal((20, TimeSpan.FromHours(1), 10.0, 1.0), (highest.MaxAttempts, highest.InitialDelay, highest.BackoffFactor, highest.Jitter));
    }

    [Fact]
    public void Parse_WholeNumbersWrittenWithFraction_AreAccepted()
    {
        var retry = Assert.IsType<HttpStep>(Parse(WithSteps(Http(""" "retry": {"maxAttempts": 4.0, "retryOn": [5.03e2]} """))).Steps[0]).Retry;

        Assert.Equal(4, retry.MaxAttempts);
        Assert.Equal([503], retry.RetryOn);
    }

    [Theory]
    [InlineData("""{"maxAttempts": 0}""", "maxAttempts", "'maxAttempts' is 0; it must be from 1 to 20.")]
    [InlineData("""{"maxAttempts": 21}""", "maxAttempts", "'maxAttempts' is 21; it must be from 1 to 20.")]
    [InlineData("""{"maxAttempts": 2.5}""", "maxAttempts", "'maxAttempts' must be a whole number, not 2.5.")]
    [InlineData("""{"maxAttempts": "3"}""", "maxAttempts", "'maxAttempts' must be a number, not a string.")]
    [InlineData("""{"initialDelay": "99ms"}""", "initialDelay", "'initialDelay' is 99ms; it must be from 100ms to 1h.")]
    [InlineData("""{"initialDelay": "61m"}""", "initialDelay", "'initialDelay' is 61m; it must be from 100ms to 1h.")]
    [InlineData("""{"backoffFactor": 0.5}""", "backoffFactor", "'backoffFactor' is 0.5; it must be from 1 to 10.")]
    [InlineData("""{"backoffFactor": 10.5}""", "backoffFactor", "'backoffFactor' is 10.5; it must be from 1 to 10.")]
    [InlineData("""{"backoffFactor": 1e400}""", "backoffFactor", "'backoffFactor' is 1e400; it must be from 1 to 10.")]
    [InlineData("""{"jitter": -0.1}""", "jitter", "'jitter' is -0.1; it must be from 0 to 1.")]
    [InlineData("""{"jitter": 1.5}""", "jitter", "'jitter' is 1.5; it must be from 0 to 1.")]
    [InlineData("""{"retryOn": 500}""", "retryOn", "'retryOn' must be an array, not a number.")]
    [InlineData("""{"retryOn": [500, 399]}""", "retryOn[1]", "399 is not an HTTP error status; use a whole number from 400 to 599.")]
    [InlineData("""{"retryOn": [600]}""", "retryOn[0]", "600 is not an HTTP error status; use a whole number from 400 to 599.")]
    [InlineData("""{"retryOn": ["500"]}""", "retryOn[0]", "\"500\" is not an HTTP error status; use a whole number from 400 to 599.")]
    [InlineData("""{"retryOn": [500, 503, 500]}""", "retryOn[2]", "Status 500 is listed more than once.")]
    [InlineData("""{"retries": 3}""", "retries", "Unknown property 'retries' on 'retry'; allowed: maxAttempts, initialDelay, backoffFactor, jitter, retryOn.")]
    public void Parse_RetryOutOfRange_ReportsFieldAndRange(string retry, string field, string message) =>
        AssertStepProblem(Http($$""" "retry": {{retry}} """), "$.steps[0].retry." + field, message);

    [Fact]
    public void Parse_RetryNotObject_ReportsType() =>
        AssertStepProblem(Http(""" "retry": 3 """), "$.steps[0].retry", "'retry' must be an object, not a number.");

    [Theory]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(4, 4000)]
    [InlineData(10, 256_000)]
    public void DelayBeforeAttempt_MiddleRandom_GrowsByTheFactor(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Doubling.DelayBeforeAttempt(attempt, 0.5));

    [Theory]
    [InlineData(0.0, 1600)]
    [InlineData(0.25, 1800)]
    [InlineData(1.0, 2400)]
    public void DelayBeforeAttempt_Random_VariesByUpToJitter(double random, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Doubling.DelayBeforeAttempt(3, random));

    [Fact]
    public void DelayBeforeAttempt_NoJitter_IgnoresRandom() =>
        Assert.Equal(TimeSpan.FromSeconds(4), (Doubling with { Jitter = 0 }).DelayBeforeAttempt(4, 0.9));

    [Theory]
    [InlineData(0.5, 3600)]
    [InlineData(1.0, 3600)]
    [InlineData(0.0, 2880)]
    public void DelayBeforeAttempt_BeyondTheCap_StaysWithinOneHourAndStillSpreads(double random, int seconds)
    {
        var steep = new RetryPolicy(20, TimeSpan.FromHours(1), 10, 0.2, RetryPolicy.DefaultRetryOn);

        Assert.Equal(TimeSpan.FromSeconds(seconds), steep.DelayBeforeAttempt(20, random));
    }

    [Fact]
    public void DelayBeforeAttempt_FirstAttempt_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("attempt", () => Doubling.DelayBeforeAttempt(1, 0.5));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void DelayBeforeAttempt_RandomOutsideUnitInterval_Throws(double random) =>
        Assert.Throws<ArgumentOutOfRangeException>("random01", () => Doubling.DelayBeforeAttempt(2, random));
}
