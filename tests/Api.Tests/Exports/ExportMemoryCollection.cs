using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Exports;

/// <summary>
/// Export tests measure the process's live memory, so they run alone, after the parallel tests and one class at a
/// time: another test's rows would count as the export's. It has its own <see cref="PostgresServer"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExportMemoryCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "export-memory";
}
