using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>A tenant expression that fails at run time fails its step and lead; the silo keeps serving other leads.</summary>
public sealed class BrokenExpressionTests : IAsyncLifetime
{
    private LeadTestSilo _silo = null!;
    private TenantId _tenant;

    public async Task InitializeAsync()
    {
        _silo = await LeadTestSilo.StartAsync(TestStore.Sqlite());
        _tenant = await _silo.CreateTenantAsync();
        await _silo.PublishAsync(_tenant, "healthy", Workflows.Transform("lead.email.toUpperCase()"));
    }

    public Task DisposeAsync() => _silo.DisposeAsync().AsTask();

    [Fact]
    public async Task Submit_TransformExpressionThrows_FailsLeadNamingStepAndExpression()
    {
        await _silo.PublishAsync(_tenant, "broken", Workflows.Transform("input.missing.deep"));

        var broken = await _silo.SubmitAsync(_tenant, "broken", """{"email":"ada@example.com"}""", "b1");
        var failed = await _silo.WaitForStatusAsync(broken, LeadStatus.Failed);

        Assert.Equal("shape", failed.FailedStepId);
        Assert.StartsWith("Step 'shape' failed after 1 attempt(s): Expression ", failed.FailureReason);
        Assert.Contains("input.missing.deep", failed.FailureReason);
        Assert.Contains("TypeError", failed.FailureReason);
        var attempt = Assert.Single(await _silo.Silo.Services.GetRequiredService<LeadHistory>().GetAttemptsAsync(broken, CancellationToken.None));
        Assert.Equal(StepAttemptOutcome.Failed, attempt.Outcome);
        Assert.DoesNotContain(failed.Steps, s => s.StepId == "save");
        await AssertSiloServesAsync("after-b1");
    }

    [Theory]
    // Which limit stops an endless loop first, statements or time, depends on the machine; either fails the step.
    [InlineData("(function(){ while (true) {} })()", "MaxStatements|Timeout")]
    [InlineData("(function f(n){ return f(n + 1); })(0)", "MaxRecursion")]
    public async Task Submit_TransformExpressionHitsALimit_FailsLeadAndSiloKeepsServing(string expression, string limits)
    {
        await _silo.PublishAsync(_tenant, "runaway", Workflows.Transform(expression));

        var runaway = await _silo.SubmitAsync(_tenant, "runaway", """{"email":"bob@example.com"}""", "r1");
        var failed = await _silo.WaitForStatusAsync(runaway, LeadStatus.Failed);

        Assert.Equal("shape", failed.FailedStepId);
        Assert.Matches($@"^Step 'shape' failed after \d+ attempt\(s\): Expression '.+' failed: .+ \(ExpressionOptions\.({limits})\)$", failed.FailureReason);
        await AssertSiloServesAsync("after-r1");
    }

    private async Task AssertSiloServesAsync(string key)
    {
        var healthy = await _silo.SubmitAsync(_tenant, "healthy", """{"email":"cy@example.com"}""", key);
        var done = await _silo.WaitForStatusAsync(healthy, LeadStatus.Completed);
        Assert.Equal("CY@EXAMPLE.COM", System.Text.Json.Nodes.JsonNode.Parse(done.Steps.Single(s => s.StepId == "shape").OutputJson!)!["value"]!.GetValue<string>());
    }
}
