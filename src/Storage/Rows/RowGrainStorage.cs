using System.Globalization;
using System.Text.Json;
using Orleans.Storage;

namespace OrleansFlows.Storage.Rows;

/// <summary>
/// Orleans grain storage on the product's own <c>grain_state</c> table, as JSON with a version number as the ETag.
/// A state that implements <see cref="IHasRows"/> has its pending rows written in the same transaction, then cleared.
/// Writes of many grains that arrive together share one transaction (<see cref="GroupCommitter"/>).
/// </summary>
internal sealed class RowGrainStorage(IStateStore store, GroupCommitter committer, GrainStateSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var id = grainId.ToString();
        var stored = await store.ReadAsync(id, stateName, CancellationToken.None).ConfigureAwait(false);
        if (stored?.Json is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
            grainState.ETag = stored is null ? null : Format(stored.Version);
            return;
        }

        try
        {
            grainState.State = serializer.Deserialize<T>(stored.Json);
        }
        catch (JsonException exception)
        {
            throw new CorruptStateException(
                $"State '{stateName}' of {id} (stored version {stored.Version}) can't be read as {typeof(T).Name}: {exception.Message} " +
                "Repair or delete the row in grain_state; the grain stays unavailable until then.",
                exception);
        }

        grainState.RecordExists = true;
        grainState.ETag = Format(stored.Version);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteAsync(stateName, grainId, grainState, serializer.Serialize(grainState.State));

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await WriteAsync(stateName, grainId, grainState, json: null).ConfigureAwait(false);
        grainState.State = Activator.CreateInstance<T>();
    }

    private async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, string? json)
    {
        var pending = grainState.State as IHasRows;
        IReadOnlyList<ProjectionWrite> rows = pending is { PendingRows.Count: > 0 } ? [.. pending.PendingRows] : [];
        var write = new GrainStateWrite(grainId.ToString(), stateName, typeof(T).Name, json, Parse(grainState.ETag), rows);
        var version = await committer.WriteAsync(write).ConfigureAwait(false);
        pending?.PendingRows.Clear();
        grainState.ETag = Format(version);
        grainState.RecordExists = json is not null;
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long Parse(string? etag) => etag is null ? 0 : long.Parse(etag, CultureInfo.InvariantCulture);
}
