using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class ParallelStepTests
{
    private const string Store = """{"id": "s1", "kind": "store"}""";
    private const string Batch = """{"id": "s2", "kind": "batch"}""";

    [Fact]
    public void Parse_TwoBranches_KeepsEachInOrder()
    {
        var step = Assert.IsType<ParallelStep>(Parse(WithSteps(Parallel($"[[{Store}, {Batch}], [{{\"id\": \"s3\", \"kind\": \"store\"}}]]"))).Steps[0]);

        Assert.Equal(new[] { new[] { "s1", "s2" }, ["s3"] }, step.Branches.Select(b => b.Select(s => s.Id).ToArray()));
    }

    [Fact]
    public void Parse_WithoutBranches_ReportsBranchesRequired() =>
        AssertStepProblem(
            """{"id": "p", "kind": "parallel"}""",
            "$.steps[0].branches",
            "'branches' is required: an array of at least 2 non-empty arrays of steps.");

    [Fact]
    public void Parse_BranchesNotArray_ReportsType() =>
        AssertStepProblem(Parallel("{}"), "$.steps[0].branches", "'branches' must be an array, not an object.");

    [Theory]
    [InlineData("[]", "'branches' has 0 branches; a parallel step needs at least 2.")]
    [InlineData("[[" + Store + "]]", "'branches' has 1 branch; a parallel step needs at least 2.")]
    public void Parse_FewerThanTwoBranches_ReportsMinimum(string branches, string message) =>
        AssertStepProblem(Parallel(branches), "$.steps[0].branches", message);

    [Fact]
    public void Parse_EmptyBranch_ReportsAtLeastOneStep() =>
        AssertStepProblem(Parallel($"[[{Store}], []]"), "$.steps[0].branches[1]", "Each branch must list at least one step.");

    [Fact]
    public void Parse_BranchNotArray_ReportsType() =>
        AssertStepProblem(Parallel($"[{Store}, [{Batch}]]"), "$.steps[0].branches[0]", "Each branch must be an array of steps, not an object.");

    [Fact]
    public void Parse_ProblemInBranchStep_ReportsItsFullPath() =>
        AssertStepProblem(
            Parallel($$"""[[{{Store}}], [{{Batch}}, {"id": "w", "kind": "wait"}]]"""),
            "$.steps[0].branches[1][1].duration",
            "'duration' is required: a duration from 1s to 30d, such as '90s', '2h' or '2d'.");

    [Fact]
    public void Parse_UnknownProperty_ReportsAllowedProperties() =>
        AssertStepProblem(
            """{"id": "p", "kind": "parallel", "branches": [[{"id": "a", "kind": "store"}], [{"id": "b", "kind": "store"}]], "limit": 2}""",
            "$.steps[0].limit",
            "Unknown property 'limit' on a step of kind 'parallel'; allowed: id, kind, branches.");

    private static string Parallel(string branches) => """{"id": "p", "kind": "parallel", "branches": """ + branches + "}";
}
