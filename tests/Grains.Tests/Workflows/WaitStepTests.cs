using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class WaitStepTests
{
    [Theory]
    [InlineData("1s", 1)]
    [InlineData("90s", 90)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("30d", 30 * 86400)]
    [InlineData("720h", 30 * 86400)]
    public void Parse_DurationWithinOneSecondToThirtyDays_IsAccepted(string duration, int seconds) =>
        Assert.Equal(new WaitStep("w", TimeSpan.FromSeconds(seconds)), Parse(WithSteps(Wait($"\"{duration}\""))).Steps[0]);

    [Theory]
    [InlineData("\"999ms\"", "'duration' is 999ms; it must be from 1s to 30d.")]
    [InlineData("\"0s\"", "'duration' is 0s; it must be from 1s to 30d.")]
    [InlineData("\"31d\"", "'duration' is 31d; it must be from 1s to 30d.")]
    [InlineData("\"721h\"", "'duration' is 721h; it must be from 1s to 30d.")]
    [InlineData("\"1 day\"", "'1 day' is not a duration; use a whole number followed by a unit (ms, s, m, h or d), such as '500ms', '90s', '15m', '2h' or '2d'.")]
    [InlineData("3600", "'duration' must be a string, not a number.")]
    public void Parse_InvalidDuration_ReportsRange(string duration, string message) =>
        AssertStepProblem(Wait(duration), "$.steps[0].duration", message);

    [Fact]
    public void Parse_WithoutDuration_ReportsDurationRequired() =>
        AssertStepProblem(
            """{"id": "w", "kind": "wait"}""",
            "$.steps[0].duration",
            "'duration' is required: a duration from 1s to 30d, such as '90s', '2h' or '2d'.");

    [Fact]
    public void Parse_UnknownProperty_ReportsAllowedProperties() =>
        AssertStepProblem(
            """{"id": "w", "kind": "wait", "duration": "1h", "until": "09:00"}""",
            "$.steps[0].until",
            "Unknown property 'until' on a step of kind 'wait'; allowed: id, kind, duration.");

    private static string Wait(string duration) => """{"id": "w", "kind": "wait", "duration": """ + duration + "}";
}
