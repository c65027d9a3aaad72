using OrleansFlows.Runtime.Hosting;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Registers the grains the runtime tests and benchmarks use.</summary>
public static class TestGrainRegistration
{
    public static RuntimeBuilder AddTestGrains(RuntimeBuilder builder)
    {
        builder.Services.AddSingletonIfMissing<GrainProbe>();
        return builder
            .AddGrain<ICounterGrain, CounterGrain>()
            .AddGrain<IProbeGrain, ProbeGrain>()
            .AddGrain<IChainGrain, ChainGrain>()
            .AddGrain<IReminderTestGrain, ReminderTestGrain>()
            .AddGrain<ITimerTestGrain, TimerTestGrain>()
            .AddGrain<IProjectionTestGrain, ProjectionTestGrain>()
            .AddSchema(new TestProjectionSchema());
    }
}
