using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Messaging;

public sealed class SmokeTests
{
    [Fact]
    public async Task Counter_AddThenRestart_StateSurvives()
    {
        await using var store = TestStore.Sqlite();
        var key = Guid.NewGuid().ToString("N");
        await using (var silo = await TestSilo.StartAsync(store))
        {
            Assert.Equal(2, await silo.Grain<ICounterGrain>(key).AddAsync(2));
            Assert.Equal(5, await silo.Grain<ICounterGrain>(key).AddAsync(3));
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            Assert.Equal(5, await silo.Grain<ICounterGrain>(key).GetAsync());
        }
    }
}
