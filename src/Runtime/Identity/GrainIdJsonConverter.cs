using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Runtime.Identity;

/// <summary>Writes a <see cref="GrainId"/> as its <c>type/key</c> string and reads it back through <see cref="GrainId.Parse"/>.</summary>
/// <remarks>Without it, System.Text.Json wrote the properties and read back an empty id, losing the grain silently.</remarks>
public sealed class GrainIdJsonConverter : JsonConverter<GrainId>
{
    public override GrainId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A grain id must be a \"type/key\" string, not {reader.TokenType}.");
        try
        {
            return GrainId.Parse(text);
        }
        catch (ArgumentException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, GrainId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
