using System.Text;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.Runtime.Transport;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Transport;

public sealed class GrainCallCodecTests
{
    private readonly GrainCallCodec _codec = new([typeof(IChainGrain), typeof(IReminderTestGrain), typeof(IProbeGrain)]);

    [Fact]
    public void DecodeRequest_OfEncodedCall_GivesTheSameGrainMethodAndArguments()
    {
        var method = Method<IChainGrain>(nameof(IChainGrain.CallThroughAsync));
        var grain = GrainId.Parse("chain/a/1");

        var payload = _codec.EncodeRequest(grain, method, [new[] { "b", "c" }]);
        var (decodedGrain, decodedMethod, arguments) = _codec.DecodeRequest(payload);

        Assert.Equal(grain, decodedGrain);
        Assert.Same(method, decodedMethod);
        Assert.Equal(new[] { "b", "c" }, Assert.IsType<string[]>(Assert.Single(arguments)));
    }

    [Fact]
    public void DecodeResult_OfRecordList_GivesEqualRecords()
    {
        var method = Method<IReminderTestGrain>(nameof(IReminderTestGrain.ListAsync));
        var due = new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
        IReadOnlyList<ReminderEntry> entries = [new ReminderEntry(GrainId.Parse("reminder-test/r1"), "nightly", due, TimeSpan.FromDays(1))];

        var decoded = _codec.DecodeResult(method, _codec.EncodeResult(method, entries));

        Assert.Equal(entries, Assert.IsAssignableFrom<IReadOnlyList<ReminderEntry>>(decoded));
    }

    [Fact]
    public void EncodeResult_OfVoidMethod_IsEmptyAndDecodesToNull()
    {
        var method = Method<IProbeGrain>(nameof(IProbeGrain.DeactivateAsync));

        Assert.Empty(_codec.EncodeResult(method, null));
        Assert.Null(_codec.DecodeResult(method, []));
    }

    [Fact]
    public void DecodeRequest_UnknownMethod_FailsNamingIt()
    {
        var payload = Encoding.UTF8.GetBytes("""{"grain":"probe/1","method":"IProbeGrain.GoneAsync()","arguments":[]}""");

        var error = Assert.Throws<InvalidDataException>(() => _codec.DecodeRequest(payload));

        Assert.Contains("IProbeGrain.GoneAsync()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRequest_ArgumentOfWrongType_FailsNamingTheParameter()
    {
        var method = Method<IProbeGrain>(nameof(IProbeGrain.NoOpAsync));
        var payload = Encoding.UTF8.GetBytes($$"""{"grain":"probe/1","method":"{{GrainCallCodec.MethodKey(method.Method)}}","arguments":["ten"]}""");

        var error = Assert.Throws<InvalidDataException>(() => _codec.DecodeRequest(payload));

        Assert.Contains("Argument 'value' of IProbeGrain.NoOpAsync", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"grain":"probe/1","method":null}""")]
    public void DecodeRequest_Malformed_FailsWithInvalidData(string text)
    {
        Assert.Throws<InvalidDataException>(() => _codec.DecodeRequest(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Constructor_InterfaceWithTypesThatCantCrossSilos_FailsNamingEachMethod()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new GrainCallCodec([typeof(IUnwireableGrain)]));

        Assert.Contains("IUnwireableGrain.TakeObjectAsync parameter 'value': object can't be read back", error.Message, StringComparison.Ordinal);
        Assert.Contains("IUnwireableGrain.TakeCallbackAsync parameter 'callback': Func`1 is behaviour or a handle", error.Message, StringComparison.Ordinal);
        Assert.Contains("IUnwireableGrain.GetStreamAsync result: Stream is behaviour or a handle", error.Message, StringComparison.Ordinal);
        Assert.Contains("IUnwireableGrain.TakeShapeAsync parameter 'shape': interface IShape has no shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypesByReflection_InterfacesWithoutGeneratedSerializer_ListsTheirTypes()
    {
        // The test grains' assembly names no generated serializer, so their types fall back to reflection, and say so.
        Assert.Contains(typeof(IReadOnlyList<ReminderEntry>), _codec.TypesByReflection);
        Assert.Contains(typeof(string[]), _codec.TypesByReflection);
    }

    private static GrainMethod Method<T>(string name) =>
        GrainInterface.Get(typeof(T)).GetMethod(typeof(T).GetMethod(name)!);

    public interface IShape
    {
        double Area { get; }
    }

    [GrainType("unwireable")]
    public interface IUnwireableGrain : IGrain
    {
        Task TakeObjectAsync(object value);

        Task TakeCallbackAsync(Func<int> callback);

        Task<Stream> GetStreamAsync();

        Task TakeShapeAsync(IShape shape);
    }
}
