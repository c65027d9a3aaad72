using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Writes its state, a projection row and a reminder in one batch.</summary>
[GrainType("test-projection")]
public interface IProjectionTestGrain : IGrain
{
    /// <summary>Sets the value; writes the projection row and a one-shot reminder with it.</summary>
    Task SetAsync(string value, DateTimeOffset reminderDueAt);

    /// <summary>Like <see cref="SetAsync"/>, but the projection statement is broken, so nothing may commit.</summary>
    Task SetWithBrokenProjectionAsync(string value, DateTimeOffset reminderDueAt);

    [ReadOnly]
    Task<string?> GetAsync();

    Task<string?> ReloadAsync();
}
