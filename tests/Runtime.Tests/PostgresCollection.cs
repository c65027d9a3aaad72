using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests;

/// <summary>
/// Shares one <see cref="PostgresServer"/> among the test classes marked <c>[Collection(PostgresCollection.Name)]</c>.
/// xUnit v2 finds collection definitions only in the test assembly, so each test project declares its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
