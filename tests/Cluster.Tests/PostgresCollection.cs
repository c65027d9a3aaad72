using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Cluster.Tests;

/// <summary>Shares one <see cref="PostgresServer"/> among the test classes marked <c>[Collection(PostgresCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
