using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tests.Security;

public sealed class SecretKeyRingTests
{
    [Fact]
    public void Constructor_WithSeveralKeys_MakesFirstActive()
    {
        var ring = SecretProtectorTests.Ring("k3", "k2", "k1");

        Assert.Equal("k3", ring.ActiveKeyId);
        Assert.Equal(["k3", "k2", "k1"], ring.KeyIds);
        Assert.True(ring.Contains("k1"));
        Assert.False(ring.Contains("k4"));
    }

    [Fact]
    public void Constructor_WithShortKey_ThrowsNamingKeyId()
    {
        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => new SecretKeyRing([new("k1", new byte[16])]));

        Assert.Equal("Encryption key 'k1' is 16 bytes; AES-256-GCM needs exactly 32 bytes (44 base64 characters).", ex.Message);
    }

    [Fact]
    public void Constructor_WithDuplicateId_ThrowsNamingKeyId()
    {
        var ex = Assert.Throws<EncryptionKeyConfigurationException>(
            () => new SecretKeyRing([new("k1", SecretKeyRing.GenerateKey()), new("k1", SecretKeyRing.GenerateKey())]));

        Assert.Equal("Encryption key id 'k1' appears more than once; each key needs its own id.", ex.Message);
    }

    [Fact]
    public void Constructor_WithNoKeys_Throws()
    {
        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => new SecretKeyRing([]));

        Assert.Equal("The encryption key ring is empty; at least one key is needed.", ex.Message);
    }

    [Fact]
    public void WithActiveKey_ExistingId_Throws()
    {
        var ring = SecretProtectorTests.Ring("k1");

        Assert.Throws<EncryptionKeyConfigurationException>(() => ring.WithActiveKey("k1", SecretKeyRing.GenerateKey()));
    }

    [Fact]
    public void Constructor_CopiesKeyBytes_SoCallerChangesDoNotReachTheRing()
    {
        var key = SecretKeyRing.GenerateKey();
        var protector = new SecretProtector(new SecretKeyRing([new("k1", key)]));
        var secret = protector.Protect("value", "p");

        Array.Clear(key);

        Assert.Equal("value", protector.Unprotect(secret, "p"));
    }

    [Theory]
    [InlineData("k1", true)]
    [InlineData("2025-01.rotation_b", true)]
    [InlineData("", false)]
    [InlineData("k:1", false)]
    [InlineData("k 1", false)]
    [InlineData("ключ", false)]
    public void IsValidKeyId_Cases(string keyId, bool valid)
    {
        Assert.Equal(valid, SecretKeyRing.IsValidKeyId(keyId));
    }
}
