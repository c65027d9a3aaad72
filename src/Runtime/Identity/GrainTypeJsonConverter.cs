using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Runtime.Identity;

/// <summary>Writes a <see cref="GrainType"/> as its name and reads it back through <see cref="GrainType.Create"/>.</summary>
public sealed class GrainTypeJsonConverter : JsonConverter<GrainType>
{
    public override GrainType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A grain type must be a string, not {reader.TokenType}.");
        try
        {
            return GrainType.Create(text);
        }
        catch (ArgumentException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, GrainType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
