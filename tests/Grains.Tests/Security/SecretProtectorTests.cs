using System.Buffers.Text;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tests.Security;

public sealed class SecretProtectorTests
{
    private const string Purpose = "tenant/acme/connection/slack";
    private const string Plaintext = "https://hooks.slack.com/services/T000/B000/very-secret";

    [Fact]
    public void Unprotect_WithSamePurpose_ReturnsPlaintext()
    {
        var protector = new SecretProtector(Ring("k1"));

        var secret = protector.Protect(Plaintext, Purpose);

        Assert.Equal("k1", secret.KeyId);
        Assert.StartsWith("v1:k1:", secret.Ciphertext, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", secret.Ciphertext, StringComparison.Ordinal);
        Assert.Equal(Plaintext, protector.Unprotect(secret, Purpose));
    }

    [Fact]
    public void Protect_SamePlaintextTwice_UsesFreshNonces()
    {
        var protector = new SecretProtector(Ring("k1"));

        var first = protector.Protect(Plaintext, Purpose);
        var second = protector.Protect(Plaintext, Purpose);

        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        Assert.NotEqual(first.DecodePayload()[..12], second.DecodePayload()[..12]);
    }

    [Fact]
    public void Unprotect_EmptyPlaintext_RoundTrips()
    {
        var protector = new SecretProtector(Ring("k1"));

        Assert.Equal(string.Empty, protector.Unprotect(protector.Protect(string.Empty, Purpose), Purpose));
    }

    [Fact]
    public void Unprotect_AfterRotation_ReadsOldSecretsAndEncryptsWithNewKey()
    {
        var before = Ring("k1");
        var old = new SecretProtector(before).Protect(Plaintext, Purpose);

        var after = before.WithActiveKey("k2", SecretKeyRing.GenerateKey());
        var protector = new SecretProtector(after);
        var fresh = protector.Protect(Plaintext, Purpose);

        Assert.Equal(["k2", "k1"], after.KeyIds);
        Assert.Equal(Plaintext, protector.Unprotect(old, Purpose));
        Assert.Equal("k2", fresh.KeyId);
        Assert.Equal(Plaintext, protector.Unprotect(fresh, Purpose));
    }

    [Fact]
    public void Unprotect_WithUnknownKeyId_ThrowsSecretDecryptionException()
    {
        var secret = new SecretProtector(Ring("k9")).Protect(Plaintext, Purpose);
        var protector = new SecretProtector(Ring("k2", "k1"));

        var ex = Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(secret, Purpose));

        Assert.Equal("k9", ex.KeyId);
        Assert.Equal(Purpose, ex.Purpose);
        Assert.Equal(
            "Cannot decrypt the secret for 'tenant/acme/connection/slack': it was encrypted with key 'k9', which is not in the key ring (keys: k2, k1). Restore that key to the configured encryption keys.",
            ex.Message);
    }

    [Fact]
    public void Unprotect_WithSameIdButDifferentKey_ThrowsSecretDecryptionException()
    {
        var secret = new SecretProtector(Ring("k1")).Protect(Plaintext, Purpose);

        var ex = Assert.Throws<SecretDecryptionException>(() => new SecretProtector(Ring("k1")).Unprotect(secret, Purpose));

        Assert.Equal("k1", ex.KeyId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(-1)]
    public void Unprotect_WithAlteredByte_ThrowsSecretDecryptionException(int index)
    {
        var protector = new SecretProtector(Ring("k1"));
        var payload = protector.Protect(Plaintext, Purpose).DecodePayload();
        payload[index < 0 ? payload.Length + index : index] ^= 0x01;
        var tampered = new ProtectedSecret($"v1:k1:{Base64Url.EncodeToString(payload)}");

        var ex = Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(tampered, Purpose));

        Assert.Equal(
            "Cannot decrypt the secret for 'tenant/acme/connection/slack' with key 'k1': the ciphertext was altered, or it was encrypted for a different purpose.",
            ex.Message);
        Assert.DoesNotContain(Plaintext, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_WithOtherTenantsPurpose_ThrowsSecretDecryptionException()
    {
        var protector = new SecretProtector(Ring("k1"));
        var secret = protector.Protect(Plaintext, Purpose);

        var ex = Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(secret, "tenant/evil/connection/slack"));

        Assert.Equal("tenant/evil/connection/slack", ex.Purpose);
        Assert.Contains("encrypted for a different purpose", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_WithRelabelledKeyId_ThrowsSecretDecryptionException()
    {
        // Both keys are identical, so only the authenticated key id in the associated data tells them apart.
        var key = SecretKeyRing.GenerateKey();
        var ring = new SecretKeyRing([new("k2", key), new("k1", key)]);
        var protector = new SecretProtector(ring);
        var secret = protector.Protect(Plaintext, Purpose);
        var relabelled = new ProtectedSecret(secret.Ciphertext.Replace("v1:k2:", "v1:k1:", StringComparison.Ordinal));

        Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(relabelled, Purpose));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Protect_WithBlankPurpose_ThrowsArgumentException(string purpose)
    {
        var protector = new SecretProtector(Ring("k1"));

        Assert.ThrowsAny<ArgumentException>(() => protector.Protect(Plaintext, purpose));
    }

    internal static SecretKeyRing Ring(params string[] keyIds) =>
        new(keyIds.Select(id => new KeyValuePair<string, byte[]>(id, SecretKeyRing.GenerateKey())));
}
