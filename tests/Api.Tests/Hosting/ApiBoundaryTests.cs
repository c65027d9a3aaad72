namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// The API is a client of the grains: its endpoints compile against the contracts only. It references the silo
/// project, which configures the co-hosted silo or the cluster client, and never the grains or the stores directly.
/// </summary>
public sealed class ApiBoundaryTests
{
    [Fact]
    public void ApiAssembly_ReferencesOnlyTheContractsTheSiloAndTheStoresErrorsOfOurOwn()
    {
        var own = typeof(Program).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("OrleansFlows.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["OrleansFlows.Contracts", "OrleansFlows.Silo", "OrleansFlows.Storage"], own);
    }
}
