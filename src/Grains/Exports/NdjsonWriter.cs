using System.Text.Json;

namespace OrleansFlows.Grains.Exports;

/// <summary>Writes JSON lines to a stream through one reused <see cref="Utf8JsonWriter"/>; flush after each page.</summary>
internal sealed class NdjsonWriter(Stream stream) : IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Utf8JsonWriter _json = new(stream, new JsonWriterOptions { SkipValidation = false });

    /// <summary>Writes one value and the line's end.</summary>
    public void Line(Action<Utf8JsonWriter> write)
    {
        write(_json);
        _json.Flush();
        stream.Write(NewLine);
        _json.Reset(stream);
    }

    public async Task FlushAsync()
    {
        await _json.FlushAsync();
        await stream.FlushAsync();
    }

    public ValueTask DisposeAsync() => _json.DisposeAsync();
}
