using System.Globalization;
using System.Text.Json;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Persistence;

/// <summary>A grain's versioned state in the silo's store.</summary>
internal sealed class PersistentState<TState>(GrainId grainId, string stateName, GrainRuntime runtime) : IPersistentState<TState>, IStateHandle
    where TState : class, new()
{
    private static readonly StateWriteBatch EmptyBatch = new();
    private long _version;

    public TState State { get; set; } = new();

    public string? ETag => _version == 0 ? null : _version.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var stored = await runtime.Storage.ReadAsync(grainId, stateName, CancellationToken.None).ConfigureAwait(false);
        if (stored?.Json is null)
        {
            State = new TState();
            RecordExists = false;
            _version = stored?.Version ?? 0;
            return;
        }

        try
        {
            State = runtime.Serializer.Deserialize<TState>(stored.Json);
        }
        catch (JsonException exception)
        {
            throw new CorruptStateException(
                $"State '{stateName}' of {grainId} (stored version {stored.Version}) can't be read as {typeof(TState).Name}: {exception.Message} " +
                "Repair or delete the row in grain_state; the grain stays unavailable until then.",
                exception);
        }

        RecordExists = true;
        _version = stored.Version;
    }

    public Task WriteStateAsync() => WriteStateAsync(EmptyBatch);

    public Task WriteStateAsync(StateWriteBatch batch) => WriteAsync(runtime.Serializer.Serialize(State), batch);

    public async Task ClearStateAsync()
    {
        await WriteAsync(json: null, EmptyBatch).ConfigureAwait(false);
        State = new TState();
    }

    private async Task WriteAsync(string? json, StateWriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var change in batch.Reminders)
        {
            ReminderPeriods.Validate(grainId, change, runtime.ReminderOptions);
        }

        var write = new GrainStateWrite(grainId, stateName, typeof(TState).Name, json, _version, batch.Reminders, batch.Projections);
        _version = await runtime.Storage.WriteAsync(write, CancellationToken.None).ConfigureAwait(false);
        RecordExists = json is not null;
        runtime.Events.Publish(RuntimeEvents.StateWritten, grainId, stateName);
    }
}
