using OrleansFlows.TestKit.RabbitMq;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>Shares one throwaway <see cref="RabbitMqServer"/> among the classes marked <c>[Collection(RabbitMqCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqServer>
{
    public const string Name = "rabbitmq";
}
