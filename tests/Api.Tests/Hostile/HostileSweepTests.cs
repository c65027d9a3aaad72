using System.Diagnostics;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;
using Xunit.Abstractions;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// Every operation of the served OpenAPI document, sent hostile inputs: each Accept value with and without keys,
/// numbers beyond every range, NUL and control characters, lone surrogates, huge and deep bodies. No answer may be a
/// 5xx (other than 503 for overload), every error must be a problem+json document, and every answer says nosniff.
/// </summary>
public sealed class HostileSweepTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task EveryOperation_HostileInputs_NoServerErrorAndEveryErrorIsAProblem()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        await SweepAsync(host, storeOnly: false);
    }

    public void Dispose() => _data.Dispose();

    internal static async Task SweepAsync(ApiHost host, bool storeOnly, ITestOutputHelper? log = null)
    {
        var world = await HostileWorld.CreateAsync(host);
        var sweep = new HostileSweep(host, world);
        var clock = Stopwatch.StartNew();
        var failures = await sweep.RunAsync(storeOnly);
        log?.WriteLine($"{sweep.Requests} requests in {clock.Elapsed.TotalSeconds:0.0} s; {failures.Count} failures.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sweep.Requests} answers break the rules:\n{string.Join('\n', failures.Take(40))}");
    }

    [Fact]
    public async Task EveryOperation_HostileInputs_LogsItsSize()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        var operations = await HostileSweep.OperationsAsync(host);
        output.WriteLine(string.Join('\n', operations));
        Assert.Contains(operations, o => o.OperationId == "SubmitLead");
    }
}

/// <summary>The sweep's inputs that reach a store, on PostgreSQL: NUL and surrogates in every stored string, numbers.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class HostileSweepPostgresTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task EveryOperation_StoredHostileInputs_NoServerErrorAndEveryErrorIsAProblem()
    {
        var connectionString = await server.CreateDatabaseAsync("api_hostile");
        try
        {
            await using var host = ApiHost.Postgres(_data.Path, connectionString);
            await HostileSweepTests.SweepAsync(host, storeOnly: true, output);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    public void Dispose() => _data.Dispose();
}
