using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Storage.Tests;

/// <summary>One PostgreSQL server for every test class of this assembly that needs one.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
