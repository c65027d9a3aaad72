using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tests.Security;

public sealed class ProtectedSecretTests
{
    private const string Purpose = "tenant/acme/connection/crm";
    private const string Plaintext = "Bearer sk_live_do-not-leak";

    private readonly SecretProtector _protector = new(SecretProtectorTests.Ring("k1"));

    [Fact]
    public void ToString_Always_ReturnsStars()
    {
        var secret = _protector.Protect(Plaintext, Purpose);

        Assert.Equal("***", secret.ToString());
        Assert.Equal("header: ***", $"header: {secret}");
    }

    [Fact]
    public void Serialize_InState_WritesOnlyCiphertext()
    {
        var secret = _protector.Protect(Plaintext, Purpose);

        var json = JsonSerializer.Serialize(new Holder { Secret = secret });

        Assert.Equal($"{{\"secret\":\"{secret.Ciphertext}\"}}", json);
        Assert.DoesNotContain("sk_live", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_StoredCiphertext_DecryptsToPlaintext()
    {
        var json = JsonSerializer.Serialize(new Holder { Secret = _protector.Protect(Plaintext, Purpose) });

        var holder = JsonSerializer.Deserialize<Holder>(json)!;

        Assert.Equal(Plaintext, _protector.Unprotect(holder.Secret!, Purpose));
    }

    [Fact]
    public void Deserialize_Null_ReturnsNull()
    {
        Assert.Null(JsonSerializer.Deserialize<Holder>("{\"secret\":null}")!.Secret);
    }

    [Fact]
    public void Deserialize_PlaintextByMistake_ThrowsJsonExceptionWithoutTheValue()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"secret\":\"sk_live_do-not-leak\"}"));

        Assert.DoesNotContain("sk_live", ex.Message, StringComparison.Ordinal);
        Assert.Contains("v1:{keyId}:{payload}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Number_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"secret\":42}"));
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T0/B0/secret")]
    [InlineData("v2:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1::AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1:k1:short")]
    [InlineData("v1:k1:not+base64url/")]
    [InlineData("v1:k/1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Constructor_WithMalformedCiphertext_ThrowsFormatException(string ciphertext)
    {
        var ex = Assert.Throws<FormatException>(() => new ProtectedSecret(ciphertext));

        Assert.DoesNotContain(ciphertext, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameCiphertext_IsTrue()
    {
        var secret = _protector.Protect(Plaintext, Purpose);

        Assert.Equal(secret, new ProtectedSecret(secret.Ciphertext));
    }

    private sealed class Holder
    {
        [JsonPropertyName("secret")]
        public ProtectedSecret? Secret { get; set; }
    }
}
