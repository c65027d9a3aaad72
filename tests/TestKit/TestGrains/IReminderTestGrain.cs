using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Registers durable reminders and counts their ticks in persisted state.</summary>
[GrainType("test-reminder")]
public interface IReminderTestGrain : IGrain
{
    Task RegisterPeriodicAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task RegisterOneShotAsync(string name, DateTimeOffset dueAt);

    Task UnregisterAsync(string name);

    [ReadOnly]
    Task<IReadOnlyList<ReminderEntry>> ListAsync();

    [ReadOnly]
    Task<int> GetTicksAsync(string name);

    /// <summary>Makes the next <paramref name="count"/> ticks throw.</summary>
    Task FailNextTicksAsync(int count);
}
