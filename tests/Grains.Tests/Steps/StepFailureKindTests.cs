using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tests.Steps;

/// <summary>Which failures of building a step another attempt may cure: only an expression's wall-clock timeout.</summary>
public sealed class StepFailureKindTests
{
    private static readonly StepWork Work = new(
        LeadKey.Create(TenantId.Parse("acme"), "lead-1"), "signup", new TransformStep("shape", new Dictionary<string, string>()), 1, ExpressionScope.Empty);

    [Fact]
    public void ConfigurationFailure_ExpressionTimedOut_IsRetryable()
    {
        var outcome = OutboundCall.ConfigurationFailure(Work, new ExpressionException(ExpressionErrorKind.Timeout, "input.email", "timed out after 100 ms"));

        Assert.True(outcome.Retryable);
        Assert.Contains("timed out", outcome.Error);
    }

    [Theory]
    [InlineData(ExpressionErrorKind.Syntax)]
    [InlineData(ExpressionErrorKind.Runtime)]
    [InlineData(ExpressionErrorKind.StatementLimit)]
    [InlineData(ExpressionErrorKind.MemoryLimit)]
    public void ConfigurationFailure_ExpressionFailsTheSameEachTime_IsNotRetryable(ExpressionErrorKind kind)
    {
        var outcome = OutboundCall.ConfigurationFailure(Work, new ExpressionException(kind, "input.email", "failed"));

        Assert.False(outcome.Retryable);
    }

    [Fact]
    public void ConfigurationFailure_MissingConnection_IsNotRetryable() =>
        Assert.False(OutboundCall.ConfigurationFailure(Work, new StepConfigurationException("No connection 'crm'.")).Retryable);
}
