using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class TransformStepTests
{
    [Fact]
    public void Parse_Set_KeepsDeclaredOrder()
    {
        var step = Assert.IsType<TransformStep>(
            Parse(WithSteps("""{"id": "t", "kind": "transform", "set": {"zeta": "1", "alpha": "2", "mid": "3"}}""")).Steps[0]);

        Assert.Equal(["zeta", "alpha", "mid"], step.Set.Keys);
        Assert.Equal(["1", "2", "3"], step.Set.Values);
    }

    [Fact]
    public void Parse_WithoutSet_ReportsSetRequired() =>
        AssertStepProblem(
            """{"id": "t", "kind": "transform"}""",
            "$.steps[0].set",
            "'set' is required: an object of field name to expression, such as {\"score\": \"steps.enrich.score * 2\"}.");

    [Fact]
    public void Parse_SetNotObject_ReportsType() =>
        AssertStepProblem("""{"id": "t", "kind": "transform", "set": ["a"]}""", "$.steps[0].set", "'set' must be an object, not an array.");

    [Fact]
    public void Parse_EmptySet_ReportsAtLeastOneField() =>
        AssertStepProblem("""{"id": "t", "kind": "transform", "set": {}}""", "$.steps[0].set", "'set' must name at least one field.");

    [Fact]
    public void Parse_FieldNameNotIdentifier_ReportsFieldRule() =>
        AssertStepProblem(
            """{"id": "t", "kind": "transform", "set": {"first-name": "input.name"}}""",
            "$.steps[0].set['first-name']",
            "'first-name' is not a valid field name; use a letter or '_' followed by up to 63 letters, digits or '_'.");

    [Fact]
    public void Parse_ExpressionNotString_ReportsType() =>
        AssertStepProblem(
            """{"id": "t", "kind": "transform", "set": {"score": 5}}""", "$.steps[0].set.score", "'score' must be a string, not a number.");

    [Fact]
    public void Parse_BlankExpression_ReportsEmpty() =>
        AssertStepProblem(
            """{"id": "t", "kind": "transform", "set": {"score": "  "}}""", "$.steps[0].set.score", "'score' must be a non-empty expression.");

    [Fact]
    public void Parse_ExpressionRefusedByChecker_ReportsCheckerMessage() =>
        AssertStepProblem(
            """{"id": "t", "kind": "transform", "set": {"ok": "1 + 1", "score": "Math.max(("}}""", "$.steps[0].set.score", "syntax error");

    [Fact]
    public void Parse_UnknownProperty_ReportsAllowedProperties() =>
        AssertStepProblem(
            """{"id": "t", "kind": "transform", "set": {"a": "1"}, "unset": ["b"]}""",
            "$.steps[0].unset",
            "Unknown property 'unset' on a step of kind 'transform'; allowed: id, kind, set.");
}
