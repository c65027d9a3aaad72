using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The lead search, daily usage and workflow stats queries on SQLite.</summary>
public sealed class LeadQueriesTests : LeadQueriesContract
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult(TestStore.Sqlite());
}
