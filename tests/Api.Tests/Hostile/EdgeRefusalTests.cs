using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>Numbers and unstorable text at the edge, on SQLite.</summary>
public sealed class EdgeRefusalTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    [Fact]
    public Task LeadInput_NumbersBeyondEveryRange_AcceptedOrRefusedNamingTheField() => EdgeRefusals.NumbersAreAcceptedOrRefusedByNameAsync(fixture.Host);

    [Fact]
    public Task StoredStrings_NulOrLoneSurrogate_RefusedNamingTheFieldAndNothingStored() => EdgeRefusals.UnstorableTextIsRefusedByNameAsync(fixture.Host);
}

/// <summary>Numbers and unstorable text at the edge, on PostgreSQL, where a NUL once answered 503 "database can't be reached".</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class EdgeRefusalPostgresTests(PostgresServer server) : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("api_edge");
        _host = ApiHost.Postgres(_data.Path, _connectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    [Fact]
    public Task LeadInput_NumbersBeyondEveryRange_AcceptedOrRefusedNamingTheField() => EdgeRefusals.NumbersAreAcceptedOrRefusedByNameAsync(_host);

    [Fact]
    public Task StoredStrings_NulOrLoneSurrogate_RefusedNamingTheFieldAndNothingStored() => EdgeRefusals.UnstorableTextIsRefusedByNameAsync(_host);
}
