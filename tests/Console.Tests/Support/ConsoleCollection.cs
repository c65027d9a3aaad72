namespace OrleansFlows.Console.Tests.Support;

/// <summary>The console tests share one browser and run one class at a time (the machine has few cores).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "Console";
}
