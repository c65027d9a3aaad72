using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Runtime.Identity;

/// <summary>Writes an identity value as its string form and reads it back through its parser, whose refusal becomes a <see cref="JsonException"/>.</summary>
public abstract class StringFormJsonConverter<T> : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A {typeof(T).Name} must be a string, not {reader.TokenType}.");
        try
        {
            return Parse(text);
        }
        catch (ArgumentException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    protected abstract T Parse(string text);

    protected abstract string Format(T value);
}
