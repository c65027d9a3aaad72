using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Runtime.Tests.Messaging;

public sealed class GrainInterfaceTests
{
    [Fact]
    public async Task GetGrain_InterfaceWithoutGrainType_ThrowsInvalidOperationExceptionNamingInterface()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<INoGrainTypeGrain>("k"));

        Assert.Equal($"Grain interface {typeof(INoGrainTypeGrain).FullName} needs a [GrainType(\"name\")] attribute.", exception.Message);
    }

    [Fact]
    public async Task GetGrain_MethodReturningInt_ThrowsInvalidOperationExceptionNamingMethod()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<ISyncMethodGrain>("k"));

        Assert.Equal("Grain method ISyncMethodGrain.Count returns Int32; grain methods must return Task or Task<T>.", exception.Message);
    }

    [Fact]
    public async Task GetGrain_MethodReturningValueTask_ThrowsInvalidOperationExceptionNamingReturnType()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<IValueTaskGrain>("k"));

        Assert.Equal("Grain method IValueTaskGrain.GetAsync returns ValueTask<Int32>; grain methods must return Task or Task<T>.", exception.Message);
    }

    [Fact]
    public async Task GetGrain_InheritedMethodReturningVoid_ThrowsInvalidOperationExceptionNamingMethod()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<IInheritsVoidMethodGrain>("k"));

        Assert.Equal("Grain method IInheritsVoidMethodGrain.Fire returns Void; grain methods must return Task or Task<T>.", exception.Message);
    }

    [Fact]
    public async Task GetGrain_GenericMethod_ThrowsInvalidOperationException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<IGenericMethodGrain>("k"));

        Assert.Equal("Grain method IGenericMethodGrain.GetAsync is generic; grain methods can't be generic.", exception.Message);
    }

    [Fact]
    public async Task GetGrain_OutParameter_ThrowsInvalidOperationException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<IOutParameterGrain>("k"));

        Assert.Equal("Grain method IOutParameterGrain.TryGetAsync has a ref, in or out parameter; grain methods take values only.", exception.Message);
    }

    [Fact]
    public async Task GetGrain_InvalidGrainTypeName_ThrowsInvalidOperationExceptionNamingInterface()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<IBadTypeNameGrain>("k"));

        Assert.StartsWith(
            $"Grain interface {typeof(IBadTypeNameGrain).FullName} has an invalid [GrainType] name: Grain type 'Bad Name' may hold only lower-case letters",
            exception.Message,
            StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(exception.InnerException);
    }

    [Fact]
    public async Task GetGrain_ClassInsteadOfInterface_ThrowsInvalidOperationException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<NotAnInterfaceGrain>("k"));

        Assert.Equal($"{typeof(NotAnInterfaceGrain).FullName} is not a grain interface: it must be an interface that extends IGrain.", exception.Message);
    }

    [Fact]
    public async Task AddGrain_InterfaceWithBadMethod_FailsSiloStartNamingMethod()
    {
        await using var store = TestStore.Sqlite();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestSilo.StartAsync(store, runtime: b => b.AddGrain<ISyncMethodGrain, SyncMethodGrain>()));

        Assert.Equal("Grain method ISyncMethodGrain.Count returns Int32; grain methods must return Task or Task<T>.", exception.Message);
    }

    [Fact]
    public void Describe_InterfaceWithStaticHelper_HasOnlyItsInstanceMethodsAsGrainMethods()
    {
        var methods = OrleansFlows.Runtime.Messaging.GrainInterface.Get(typeof(IStaticHelperGrain)).Methods.Select(m => m.Method.Name);

        Assert.Equal([nameof(IStaticHelperGrain.GetAsync)], methods);
    }

    [GrainType("test-static-helper")]
    public interface IStaticHelperGrain : IGrain
    {
        static string KeyOf(int value) => $"k{value}";

        Task<int> GetAsync();
    }

    public interface INoGrainTypeGrain : IGrain
    {
        Task PingAsync();
    }

    [GrainType("test-bad-sync")]
    public interface ISyncMethodGrain : IGrain
    {
        int Count();
    }

    [GrainType("test-bad-value-task")]
    public interface IValueTaskGrain : IGrain
    {
        ValueTask<int> GetAsync();
    }

    public interface IVoidMethod
    {
        void Fire();
    }

    [GrainType("test-bad-inherited")]
    public interface IInheritsVoidMethodGrain : IGrain, IVoidMethod
    {
        Task PingAsync();
    }

    [GrainType("test-bad-generic")]
    public interface IGenericMethodGrain : IGrain
    {
        Task<T> GetAsync<T>();
    }

    [GrainType("test-bad-out")]
    public interface IOutParameterGrain : IGrain
    {
        Task TryGetAsync(out int value);
    }

    [GrainType("Bad Name")]
    public interface IBadTypeNameGrain : IGrain
    {
        Task PingAsync();
    }

    public sealed class NotAnInterfaceGrain : IGrain;

    public sealed class SyncMethodGrain : Grain, ISyncMethodGrain
    {
        public int Count() => 0;
    }
}
