namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>The API is a client of the grains: it compiles against their contracts and the runtime, never against them.</summary>
public sealed class ApiBoundaryTests
{
    [Fact]
    public void ApiAssembly_ReferencesOnlyTheContractsAndTheRuntimeOfOurOwn()
    {
        var own = typeof(Program).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("OrleansFlows.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["OrleansFlows.Contracts", "OrleansFlows.Runtime"], own);
    }
}
