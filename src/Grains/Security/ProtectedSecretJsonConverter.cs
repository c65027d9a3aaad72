using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Security;

/// <summary>Writes a <see cref="ProtectedSecret"/> as its ciphertext string, and reads it back.</summary>
internal sealed class ProtectedSecretJsonConverter : JsonConverter<ProtectedSecret>
{
    public override ProtectedSecret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A protected secret must be a JSON string in the form '{ProtectedSecret.FormatVersion}:{{keyId}}:{{payload}}'; found {reader.TokenType}.");
        }

        try
        {
            return new ProtectedSecret(reader.GetString()!);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, ProtectedSecret value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Ciphertext);
}
