using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Messaging;

public sealed class GrainFactoryTests
{
    [Fact]
    public async Task GetGrain_WithEmptyKey_ThrowsArgumentExceptionNamingGrainType()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<ICounterGrain>(""));

        Assert.Equal("key", exception.ParamName);
        Assert.StartsWith("A key for grain type 'test-counter' must not be empty.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_WithTooLongKey_ThrowsArgumentExceptionNamingLimit()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<ICounterGrain>(new string('x', GrainId.MaxKeyLength + 1)));

        Assert.StartsWith("A key for grain type 'test-counter' is 513 characters long; the limit is 512.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_WithControlCharacterInKey_ThrowsArgumentException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<ICounterGrain>("tenant\r\n42"));

        Assert.StartsWith("A key for grain type 'test-counter' holds a control character (U+000D) at position 6.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGrain_WithNullKey_ThrowsArgumentNullException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        Assert.Throws<ArgumentNullException>("key", () => silo.Grains.GetGrain<ICounterGrain>(null!));
    }

    [Fact]
    public async Task GetGrain_KeyWithSlashes_AddressesOneGrainByItsFullKey()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = $"tenant-{Guid.NewGuid():N}/lead/42";

        await silo.Grain<ICounterGrain>(key).AddAsync(3);
        await silo.Grain<ICounterGrain>(key).AddAsync(4);

        Assert.Equal(7, await silo.Grain<ICounterGrain>(key).GetAsync());
        Assert.Equal(0, await silo.Grain<ICounterGrain>(key.Split('/')[0]).GetAsync());
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.Activated, GrainId.Parse($"test-counter/{key}")));
    }

    [Fact]
    public async Task GetGrain_BeforeActivation_ReferenceActivatesGrainOnFirstCall()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-probe/{key}");
        var probe = silo.Services.GetProbe();

        var grain = silo.Grain<IProbeGrain>(key);

        Assert.Equal(0, probe.Get($"{id}/activated"));
        Assert.Equal(key + "!", await grain.EchoAsync(key + "!"));
        Assert.Equal(1, probe.Get($"{id}/activated"));
        Assert.Equal(id.ToString(), grain.ToString());
    }

    [Fact]
    public async Task Call_AfterDeactivation_SameReferenceReachesNewActivation()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-counter/{key}");
        var grain = silo.Grain<ICounterGrain>(key);
        Assert.Equal(5, await grain.AddAsync(5));

        await grain.DeactivateAsync();
        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, phase: "Deactivating after DeactivateAsync");

        Assert.Equal(6, await grain.AddAsync(1));
        Assert.Equal(2, silo.Events.Count(RuntimeEvents.Activated, id));
    }

    [Fact]
    public async Task GetGrain_FromInsideGrain_CallsOtherGrainsByKey()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var prefix = Guid.NewGuid().ToString("N");

        var visited = await silo.Grain<IChainGrain>($"{prefix}-a").CallThroughAsync([$"{prefix}-b", $"{prefix}-c"]);

        Assert.Equal($"{prefix}-a>{prefix}-b>{prefix}-c", visited);
    }
}
