using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Writes and reads a <see cref="TimeSpan"/> in the <see cref="Durations"/> format, such as <c>"90s"</c>.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc />
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Durations.TryParse(text, out var duration, out var error) ? duration : throw new JsonException(error);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Durations.Format(value));
}
