using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class HttpStepTests
{
    [Fact]
    public void Parse_MinimalHttpStep_AppliesDefaults()
    {
        var step = Assert.IsType<HttpStep>(Parse(WithSteps(Http())).Steps[0]);

        Assert.Equal(new HttpStep("call", "enrichment", "GET", "/v1/ping", null, TimeSpan.FromSeconds(30), RetryPolicy.Default), step);
    }

    [Fact]
    public void Parse_WithoutConnectionMethodAndPath_ReportsEachRequired()
    {
        Assert.Equal(
            new[]
            {
                new WorkflowProblem("$.steps[0].connection", "'connection' is required: the name of one of the tenant's http connections."),
                new WorkflowProblem("$.steps[0].method", "'method' is required: one of GET, POST, PUT, PATCH, DELETE."),
                new WorkflowProblem("$.steps[0].path", "'path' is required: a template starting with '/', such as '/v1/enrich?email={{ input.email }}'."),
            },
            Problems(WithSteps("""{"id": "call", "kind": "http"}""")));
    }

    [Fact]
    public void Parse_UnknownProperty_ReportsAllowedProperties() =>
        AssertStepProblem(
            Http(""" "headers": {} """),
            "$.steps[0].headers",
            "Unknown property 'headers' on a step of kind 'http'; allowed: id, kind, connection, method, path, body, timeout, retry.");

    [Fact]
    public void Parse_UnknownConnection_ListsTheTenantsHttpConnections() =>
        AssertStepProblem(
            Http(""" "connection": "billing" """),
            "$.steps[0].connection",
            "Connection 'billing' does not exist; the tenant's http connections are: crm, enrichment.");

    [Fact]
    public void Parse_SlackConnection_ReportsWrongKind() =>
        AssertStepProblem(
            Http(""" "connection": "sales-slack" """),
            "$.steps[0].connection",
            "Connection 'sales-slack' is a slack connection; this step needs an http connection.");

    [Theory]
    [InlineData("get")]
    [InlineData("HEAD")]
    public void Parse_MethodNotAllowed_ReportsAllowedMethods(string method) =>
        AssertStepProblem(
            Http($$""" "method": "{{method}}" """),
            "$.steps[0].method",
            $"'{method}' is not an allowed method; use one of GET, POST, PUT, PATCH, DELETE.");

    [Theory]
    [InlineData("v1/enrich", "'path' must start with '/', such as '/v1/enrich'; the connection's base URL supplies the scheme and host.")]
    [InlineData("{{ input.url }}", "'path' must start with '/', such as '/v1/enrich'; the connection's base URL supplies the scheme and host.")]
    [InlineData("//evil.example/x", "'path' must not start with '//', which would name another host.")]
    [InlineData("/go/https://evil.example", "'path' must not contain '://' before the query; the connection's base URL supplies the scheme and host.")]
    [InlineData("/a\\\\b", "'path' must not contain '\\' before the query; some clients read it as '/'.")]
    [InlineData("/me@evil.example", "'path' must not contain '@' before the query; it could add user information to the URL.")]
    [InlineData("/x/{{ a ? b : c }}@evil?q=1", "'path' must not contain '@' before the query; it could add user information to the URL.")]
    public void Parse_PathThatCouldChangeTheHost_IsRefused(string path, string message) =>
        AssertStepProblem(Http($$""" "path": "{{path}}" """), "$.steps[0].path", message);

    [Theory]
    [InlineData("/")]
    [InlineData("/v1/enrich?email={{ input.email }}")]
    [InlineData("/search?next=https://other.example/@x\\\\y")]
    [InlineData("/v1/{{ input.kind ? 'a' : 'b' }}/x?y=1")]
    public void Parse_PathWithinTheHost_IsAccepted(string path)
    {
        var step = Assert.IsType<HttpStep>(Parse(WithSteps(Http($$""" "path": "{{path}}" """))).Steps[0]);

        Assert.Equal(path.Replace("\\\\", "\\", StringComparison.Ordinal), step.Path);
    }

    [Fact]
    public void Parse_PathTemplateRefusedByChecker_ReportsCheckerMessage() =>
        AssertStepProblem(Http(""" "path": "/v1/{{ f(( }}" """), "$.steps[0].path", "template syntax error");

    [Fact]
    public void Parse_BodyWithBrokenTemplateDeepInside_ReportsItsPath() =>
        AssertStepProblem(
            Http(""" "body": {"items": [{"name": "ok"}, {"name": "{{ (( }}"}]} """),
            "$.steps[0].body.items[1].name",
            "template syntax error");

    [Fact]
    public void Parse_BodyUnderKeyThatIsNoIdentifier_ReportsQuotedPath()
    {
        Assert.Equal(
            new[] { new WorkflowProblem("$.steps[0].body['odd key']", "template syntax error") },
            Problems(WithSteps(Http(""" "body": {"odd key": "(("} """))));
    }

    [Theory]
    [InlineData("[1, true, null, \"{{ input.a }}\"]", "[1,true,null,\"{{ input.a }}\"]")]
    [InlineData("\"{{ input.raw }}\"", "\"{{ input.raw }}\"")]
    [InlineData("42", "42")]
    public void Parse_BodyOfAnyJsonValue_KeepsIt(string body, string expected)
    {
        var step = Assert.IsType<HttpStep>(Parse(WithSteps(Http($$""" "body": {{body}} """))).Steps[0]);

        Assert.Equal(expected, step.Body!.ToJsonString());
    }

    [Theory]
    [InlineData("\"1s\"", 1)]
    [InlineData("\"5m\"", 300)]
    public void Parse_TimeoutAtItsLimits_IsAccepted(string timeout, int seconds)
    {
        var step = Assert.IsType<HttpStep>(Parse(WithSteps(Http($$""" "timeout": {{timeout}} """))).Steps[0]);

        Assert.Equal(TimeSpan.FromSeconds(seconds), step.Timeout);
    }

    [Theory]
    [InlineData("\"999ms\"", "'timeout' is 999ms; it must be from 1s to 5m.")]
    [InlineData("\"301s\"", "'timeout' is 301s; it must be from 1s to 5m.")]
    [InlineData("\"ten seconds\"", "'ten seconds' is not a duration; use a whole number followed by a unit (ms, s, m, h or d), such as '500ms', '90s', '15m', '2h' or '2d'.")]
    [InlineData("10", "'timeout' must be a string, not a number.")]
    public void Parse_InvalidTimeout_ReportsRange(string timeout, string message) =>
        AssertStepProblem(Http($$""" "timeout": {{timeout}} """), "$.steps[0].timeout", message);

    /// <summary>A valid http step <c>call</c>, with <paramref name="overrides"/> (JSON members) replacing or adding fields.</summary>
    internal static string Http(string overrides = "")
    {
        var step = JsonNode.Parse("""{"id": "call", "kind": "http", "connection": "enrichment", "method": "GET", "path": "/v1/ping"}""")!.AsObject();
        foreach (var (name, value) in JsonNode.Parse("{" + overrides + "}")!.AsObject())
        {
            step[name] = value?.DeepClone();
        }

        return step.ToJsonString();
    }
}
