using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ProjectionTestGrain(IPersistentState<ProjectionTestState> state) : Grain, IProjectionTestGrain, IRemindable
{
    public const string ReminderName = "projection-check";

    public Task SetAsync(string value, DateTimeOffset reminderDueAt) => WriteAsync(value, reminderDueAt, TestProjectionSchema.Upsert);

    public Task SetWithBrokenProjectionAsync(string value, DateTimeOffset reminderDueAt) =>
        WriteAsync(value, reminderDueAt, "INSERT INTO test_projection (grain_id, value, missing_column) VALUES (@g, @v, 1)");

    public Task<string?> GetAsync() => Task.FromResult(state.State.Value);

    public async Task<string?> ReloadAsync()
    {
        await state.ReadStateAsync();
        return state.State.Value;
    }

    public Task ReceiveReminderAsync(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task WriteAsync(string value, DateTimeOffset reminderDueAt, string projectionSql)
    {
        var previous = state.State.Value;
        state.State.Value = value;
        var batch = new StateWriteBatch()
            .SetOneShotReminder(ReminderName, reminderDueAt)
            .Project(new ProjectionWrite(projectionSql, new Dictionary<string, object?> { ["g"] = GrainId.ToString(), ["v"] = value }));
        try
        {
            await state.WriteStateAsync(batch);
        }
        catch
        {
            state.State.Value = previous;
            throw;
        }
    }
}
