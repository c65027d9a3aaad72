using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class WorkflowDefinitionParserTests
{
    private const string Kinds = "http, transform, branch, parallel, store, notify, wait, batch, publish";

    [Fact]
    public void Parse_LeadToCustomerDefinition_BuildsEveryStep()
    {
        var definition = Parse(LeadToCustomer);

        Assert.Equal("object", definition.Input["type"]!.GetValue<string>());
        Assert.Equal(["enrich", "score", "route", "fanout", "tell", "nightly"], definition.Steps.Select(s => s.Id));

        var enrich = Assert.IsType<HttpStep>(definition.Steps[0]);
        Assert.Equal(("enrichment", "POST", "/v1/enrich?email={{ input.email }}"), (enrich.Connection, enrich.Method, enrich.Path));
        Assert.Equal("""{"email":"{{ input.email }}","source":"landing"}""", enrich.Body!.ToJsonString());
        Assert.Equal(TimeSpan.FromSeconds(10), enrich.Timeout);
        Assert.Equal((5, TimeSpan.FromSeconds(1), 2.0, 0.2), (enrich.Retry.MaxAttempts, enrich.Retry.InitialDelay, enrich.Retry.BackoffFactor, enrich.Retry.Jitter));
        Assert.Equal([408, 429, 500, 502, 503, 504], enrich.Retry.RetryOn);

        var score = Assert.IsType<TransformStep>(definition.Steps[1]);
        Assert.Equal(["score", "tier"], score.Set.Keys);
        Assert.Equal("steps.enrich.score > 50 ? 'hot' : 'cold'", score.Set["tier"]);

        var route = Assert.IsType<BranchStep>(definition.Steps[2]);
        var hot = Assert.Single(route.Cases);
        Assert.Equal("lead.score > 50", hot.When);
        Assert.Equal(new NotifyStep("tell_hot", "sales-slack", "Hot lead {{ lead.email }}"), Assert.Single(hot.Steps));
        Assert.Equal(new WaitStep("cooloff", TimeSpan.FromHours(2)), Assert.Single(route.Else));

        var fanout = Assert.IsType<ParallelStep>(definition.Steps[3]);
        Assert.Equal(2, fanout.Branches.Count);
        Assert.Equal(new StoreStep("save"), Assert.Single(fanout.Branches[0]));
        var crm = Assert.IsType<HttpStep>(Assert.Single(fanout.Branches[1]));
        Assert.Null(crm.Body);
        Assert.Equal(WorkflowLimits.DefaultHttpTimeout, crm.Timeout);
        Assert.Same(RetryPolicy.Default, crm.Retry);

        Assert.Equal(new NotifyStep("tell", "sales-slack", "New lead {{ lead.email }} ({{ lead.tier }})"), definition.Steps[4]);
        Assert.Equal(new BatchStep("nightly"), definition.Steps[5]);
    }

    [Fact]
    public void Parse_MalformedJson_ReportsSyntaxErrorAtRoot()
    {
        var problem = Assert.Single(Problems("""{"input": {}, "steps": [}"""));

        Assert.Equal("$", problem.Path);
        Assert.StartsWith("The definition is not valid JSON: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedProperty_ReportsItAtRoot()
    {
        var problem = Assert.Single(Problems("""{"input": {}, "steps": [{"id": "a", "id": "b", "kind": "store"}]}"""));

        Assert.Equal("$", problem.Path);
        Assert.StartsWith("The definition is not valid JSON: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'id'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RootIsArray_ReportsExpectedObject() =>
        AssertOnlyProblem("[]", "$", "A workflow definition must be an object with 'input' and 'steps', not an array.");

    [Fact]
    public void Parse_UnknownTopLevelProperty_ReportsIt() =>
        AssertOnlyProblem(
            """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "version": 2}""",
            "$.version",
            "Unknown property 'version' on the definition; allowed: input, steps, trigger.");

    [Fact]
    public void Parse_WithoutInput_ReportsInputRequired() =>
        AssertOnlyProblem(
            """{"steps": [{"id": "s", "kind": "store"}]}""",
            "$.input",
            "'input' is required: a JSON Schema (draft-07) for the lead payload, such as {\"type\": \"object\"}.");

    [Fact]
    public void Parse_InputNotObject_ReportsType() =>
        AssertOnlyProblem(
            """{"input": true, "steps": [{"id": "s", "kind": "store"}]}""", "$.input", "'input' must be an object, not a boolean.");

    [Fact]
    public void Parse_InputSchemaRefusedByChecker_ReportsCheckerMessage() =>
        AssertOnlyProblem(
            """{"input": {"bogus": 1}, "steps": [{"id": "s", "kind": "store"}]}""", "$.input", "'bogus' is not a JSON Schema keyword.");

    [Fact]
    public void Parse_WithoutSteps_ReportsStepsRequired() =>
        AssertOnlyProblem("""{"input": {}}""", "$.steps", "'steps' is required: a non-empty array of steps.");

    [Fact]
    public void Parse_EmptySteps_ReportsAtLeastOne() =>
        AssertOnlyProblem("""{"input": {}, "steps": []}""", "$.steps", "'steps' must list at least one step.");

    [Fact]
    public void Parse_StepsNotArray_ReportsType() =>
        AssertOnlyProblem("""{"input": {}, "steps": {}}""", "$.steps", "'steps' must be an array, not an object.");

    [Fact]
    public void Parse_StepNotObject_ReportsExpectedObject() =>
        AssertStepProblem("\"store\"", "$.steps[0]", "Each step must be an object with 'id' and 'kind', not a string.");

    [Fact]
    public void Parse_DefinitionOver256KiB_ReportsSizeOnly()
    {
        var json = WithSteps("""{"id": "s", "kind": "store", "note": """ + "\"" + new string('x', 256 * 1024) + "\"}");

        AssertOnlyProblem(json, "$", $"The definition is {json.Length} bytes long; the limit is 262144 bytes (256 KiB).");
    }

    [Fact]
    public void Parse_201StepsInTotal_ReportsCount()
    {
        var nested = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"id": "n{{i}}", "kind": "store"}"""));
        var top = Enumerable.Range(0, 100).Select(i => $$"""{"id": "t{{i}}", "kind": "store"}""");
        var json = WithSteps([.. top, $$"""{"id": "b", "kind": "branch", "cases": [{"when": "true", "steps": [{{nested}}]}]}"""]);

        AssertOnlyProblem(json, "$.steps", "The definition has 201 steps, nested ones included; the limit is 200.");
    }

    [Fact]
    public void Parse_200StepsInTotal_IsAccepted()
    {
        var json = WithSteps([.. Enumerable.Range(0, 200).Select(i => $$"""{"id": "s{{i}}", "kind": "store"}""")]);

        Assert.Equal(200, Parse(json).Walk().Count());
    }

    [Fact]
    public void Parse_StepsNestedNineLevels_ReportsDepthWhereCrossed()
    {
        var json = WithSteps(Nested(levels: 9));

        AssertOnlyProblem(
            json,
            "$.steps[0]" + string.Concat(Enumerable.Repeat(".cases[0].steps[0]", 7)) + ".cases[0].steps",
            "These steps are nested 9 levels deep; the limit is 8 levels.");
    }

    [Fact]
    public void Parse_StepsNestedEightLevels_IsAccepted() =>
        Assert.Equal(8, Parse(WithSteps(Nested(levels: 8))).Walk().Count());

    [Fact]
    public void Parse_WithoutId_ReportsIdRequired() =>
        AssertStepProblem(
            """{"kind": "store"}""", "$.steps[0].id", "'id' is required: a name such as 'enrich'; expressions read the step's output as steps.<id>.");

    [Theory]
    [InlineData("my-step")]
    [InlineData("1st")]
    [InlineData("")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")]
    public void Parse_InvalidId_ReportsIdRule(string id) =>
        AssertStepProblem(
            $$"""{"id": "{{id}}", "kind": "store"}""",
            "$.steps[0].id",
            $"'{id}' is not a valid step id; use a letter or '_' followed by up to 63 letters, digits or '_', because expressions read it as steps.<id>.");

    [Fact]
    public void Parse_IdOf64Characters_IsAccepted()
    {
        var id = "_" + new string('a', 63);

        Assert.Equal(id, Parse(WithSteps($$"""{"id": "{{id}}", "kind": "store"}""")).Steps[0].Id);
    }

    [Fact]
    public void Parse_IdNotString_ReportsType() =>
        AssertStepProblem("""{"id": 7, "kind": "store"}""", "$.steps[0].id", "'id' must be a string, not a number.");

    [Fact]
    public void Parse_IdRepeatedInNestedStep_ReportsBothPlaces() =>
        AssertOnlyProblem(
            WithSteps(
                """{"id": "save", "kind": "store"}""",
                """{"id": "route", "kind": "branch", "cases": [{"when": "true", "steps": [{"id": "a", "kind": "batch"}, {"id": "save", "kind": "store"}]}]}"""),
            "$.steps[1].cases[0].steps[1].id",
            "Step id 'save' is already used by the step at $.steps[0]; ids must be unique across the whole definition.");

    [Fact]
    public void Parse_WithoutKind_ReportsKindRequired() =>
        AssertStepProblem("""{"id": "a"}""", "$.steps[0].kind", $"'kind' is required: one of {Kinds}.");

    [Fact]
    public void Parse_UnknownKind_ReportsAllowedKinds() =>
        AssertStepProblem("""{"id": "a", "kind": "email", "to": "x"}""", "$.steps[0].kind", $"'email' is not a step kind; use one of {Kinds}.");

    [Theory]
    [InlineData("store")]
    [InlineData("batch")]
    public void Parse_BareStepWithExtraProperty_ReportsIt(string kind) =>
        AssertStepProblem(
            $$"""{"id": "a", "kind": "{{kind}}", "table": "leads"}""",
            "$.steps[0].table",
            $"Unknown property 'table' on a step of kind '{kind}'; allowed: id, kind.");

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneInDocumentOrder()
    {
        var json = """
            {
              "input": "none",
              "steps": [
                {"id": "enrich", "kind": "http", "connection": "nope", "method": "FETCH", "path": "/x", "retry": {"maxAttempts": 0}},
                {"id": "enrich", "kind": "wait", "duration": "1y"},
                {"id": "ok", "kind": "transform", "set": {"a": "f(("}}
              ],
              "extra": 1
            }
            """;

        Assert.Equal(
            new[]
            {
                new WorkflowProblem("$.extra", "Unknown property 'extra' on the definition; allowed: input, steps, trigger."),
                new WorkflowProblem("$.input", "'input' must be an object, not a string."),
                new WorkflowProblem("$.steps[0].connection", "Connection 'nope' does not exist; the tenant's http connections are: crm, enrichment."),
                new WorkflowProblem("$.steps[0].method", "'FETCH' is not an allowed method; use one of GET, POST, PUT, PATCH, DELETE."),
                new WorkflowProblem("$.steps[0].retry.maxAttempts", "'maxAttempts' is 0; it must be from 1 to 20."),
                new WorkflowProblem("$.steps[1].id", "Step id 'enrich' is already used by the step at $.steps[0]; ids must be unique across the whole definition."),
                new WorkflowProblem("$.steps[1].duration", "'1y' is not a duration; use a whole number followed by a unit (ms, s, m, h or d), such as '500ms', '90s', '15m', '2h' or '2d'."),
                new WorkflowProblem("$.steps[2].set.a", "syntax error"),
            },
            Problems(json));
    }

    [Fact]
    public void Parse_InvalidDefinition_ExceptionMessageListsProblems()
    {
        var exception = Assert.Throws<WorkflowValidationException>(() => Parse("""{"input": {}, "steps": [], "x": 1}"""));

        Assert.Equal(
            $"The workflow definition is invalid (2 problems):{Environment.NewLine}"
            + $"$.x: Unknown property 'x' on the definition; allowed: input, steps, trigger.{Environment.NewLine}"
            + "$.steps: 'steps' must list at least one step.",
            exception.Message);
    }

    /// <summary>One step nested <paramref name="levels"/> deep through branch cases.</summary>
    private static string Nested(int levels) =>
        levels == 1
            ? $$"""{"id": "s{{levels}}", "kind": "store"}"""
            : $$"""{"id": "s{{levels}}", "kind": "branch", "cases": [{"when": "true", "steps": [{{Nested(levels - 1)}}]}]}""";
}
