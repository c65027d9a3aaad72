using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class BranchStepTests
{
    [Fact]
    public void Parse_WithoutElse_HasEmptyElse()
    {
        var step = Assert.IsType<BranchStep>(Parse(WithSteps(BranchRunning("""[{"id": "a", "kind": "store"}]"""))).Steps[0]);

        Assert.Empty(step.Else);
        Assert.Equal("lead.score > 50", Assert.Single(step.Cases).When);
    }

    [Fact]
    public void Parse_EmptyElse_IsAccepted() =>
        Assert.Empty(Assert.IsType<BranchStep>(Parse(WithSteps(Branch(cases: null, otherwise: "[]"))).Steps[0]).Else);

    [Fact]
    public void Parse_WithoutCases_ReportsCasesRequired() =>
        AssertStepProblem(
            """{"id": "b", "kind": "branch"}""",
            "$.steps[0].cases",
            "'cases' is required: a non-empty array of {\"when\": expression, \"steps\": [...]}.");

    [Fact]
    public void Parse_EmptyCases_ReportsAtLeastOneCase() =>
        AssertStepProblem("""{"id": "b", "kind": "branch", "cases": []}""", "$.steps[0].cases", "'cases' must list at least one case.");

    [Fact]
    public void Parse_CaseNotObject_ReportsExpectedObject() =>
        AssertStepProblem(
            """{"id": "b", "kind": "branch", "cases": ["lead.hot"]}""",
            "$.steps[0].cases[0]",
            "Each case must be an object with 'when' and 'steps', not a string.");

    [Fact]
    public void Parse_CaseWithUnknownProperty_ReportsAllowedProperties() =>
        AssertStepProblem(
            """{"id": "b", "kind": "branch", "cases": [{"when": "true", "steps": [{"id": "a", "kind": "store"}], "then": []}]}""",
            "$.steps[0].cases[0].then",
            "Unknown property 'then' on a branch case; allowed: when, steps.");

    [Fact]
    public void Parse_CaseWithoutWhen_ReportsWhenRequired() =>
        AssertStepProblem(
            """{"id": "b", "kind": "branch", "cases": [{"steps": [{"id": "a", "kind": "store"}]}]}""",
            "$.steps[0].cases[0].when",
            "'when' is required: an expression such as 'lead.score > 50'.");

    [Fact]
    public void Parse_WhenRefusedByChecker_ReportsCheckerMessage() =>
        AssertStepProblem(Branch(cases: """[{"when": "((", "steps": [{"id": "a", "kind": "store"}]}]"""), "$.steps[0].cases[0].when", "syntax error");

    [Fact]
    public void Parse_CaseWithoutSteps_ReportsStepsRequired() =>
        AssertStepProblem(
            Branch(cases: """[{"when": "true"}]"""), "$.steps[0].cases[0].steps", "'steps' is required: a non-empty array of steps.");

    [Fact]
    public void Parse_CaseWithEmptySteps_ReportsAtLeastOneStep() =>
        AssertStepProblem(
            Branch(cases: """[{"when": "true", "steps": []}]"""), "$.steps[0].cases[0].steps", "'steps' must list at least one step.");

    [Fact]
    public void Parse_ElseNotArray_ReportsType() =>
        AssertStepProblem(Branch(cases: null, otherwise: "{}"), "$.steps[0].else", "'else' must be an array, not an object.");

    [Fact]
    public void Parse_ProblemsInNestedSteps_ReportTheirFullPaths()
    {
        var json = WithSteps(Branch(
            cases: """[{"when": "true", "steps": [{"id": "a", "kind": "store"}, {"id": "b-2", "kind": "store"}]}]""",
            otherwise: """[{"id": "w", "kind": "wait", "duration": "60d"}]"""));

        Assert.Equal(
            new[]
            {
                new WorkflowProblem(
                    "$.steps[0].cases[0].steps[1].id",
                    "'b-2' is not a valid step id; use a letter or '_' followed by up to 63 letters, digits or '_', because expressions read it as steps.<id>."),
                new WorkflowProblem("$.steps[0].else[0].duration", "'duration' is 60d; it must be from 1s to 30d."),
            },
            Problems(json));
    }

    /// <summary>A branch step <c>b</c> with one case running <paramref name="caseSteps"/>.</summary>
    private static string BranchRunning(string caseSteps) =>
        Branch(cases: """[{"when": "lead.score > 50", "steps": """ + caseSteps + "}]");

    /// <summary>A branch step <c>b</c> with these cases (a default case when null) and optionally an else.</summary>
    private static string Branch(string? cases, string? otherwise = null) =>
        """{"id": "b", "kind": "branch", "cases": """
        + (cases ?? """[{"when": "true", "steps": [{"id": "a", "kind": "store"}]}]""")
        + (otherwise is null ? string.Empty : """, "else": """ + otherwise)
        + "}";
}
