using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tests.Security;

public sealed class SecretKeyRingLoaderTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"orleansflows-keys-{Guid.NewGuid():N}", "data");

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_dataDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Load_FirstRun_CreatesOwnerOnlyKeyFile()
    {
        var ring = SecretKeyRingLoader.Load(EmptyConfiguration(), _dataDirectory);

        var path = Path.Combine(_dataDirectory, SecretKeyRingLoader.FileName);
        Assert.True(File.Exists(path));
        Assert.Equal("k1", ring.ActiveKeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var entry = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("k1", entry.GetProperty("id").GetString());
        Assert.Equal(32, Convert.FromBase64String(entry.GetProperty("key").GetString()!).Length);
        Assert.Empty(Directory.GetFiles(_dataDirectory, "*.tmp"));
    }

    [Fact]
    public void Load_SecondRun_ReadsTheSameKey()
    {
        var first = new SecretProtector(SecretKeyRingLoader.Load(EmptyConfiguration(), _dataDirectory));
        var secret = first.Protect("slack-url", "tenant/acme/connection/slack");

        var second = new SecretProtector(SecretKeyRingLoader.Load(EmptyConfiguration(), _dataDirectory));

        Assert.Equal("slack-url", second.Unprotect(secret, "tenant/acme/connection/slack"));
    }

    [Fact]
    public void Load_EnvironmentVariable_OverridesKeyFile()
    {
        var k2 = SecretKeyRing.GenerateKey();
        var k1 = SecretKeyRing.GenerateKey();
        var prefix = $"ORLEANSFLOWS_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "OrleansFlows__EncryptionKeys", $"k2:{Convert.ToBase64String(k2)};k1:{Convert.ToBase64String(k1)}");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var ring = SecretKeyRingLoader.Load(configuration, _dataDirectory);

            Assert.Equal("k2", ring.ActiveKeyId);
            Assert.Equal(["k2", "k1"], ring.KeyIds);
            Assert.False(Directory.Exists(_dataDirectory));
            var secret = new SecretProtector(new SecretKeyRing([new("k1", k1)])).Protect("value", "p");
            Assert.Equal("value", new SecretProtector(ring).Unprotect(secret, "p"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "OrleansFlows__EncryptionKeys", null);
        }
    }

    [Fact]
    public void Load_ConfiguredKeysInBase64Url_AreAccepted()
    {
        var key = SecretKeyRing.GenerateKey();
        key[0] = 0xfb; // makes '-' or '_' appear in base64url

        var ring = SecretKeyRingLoader.Parse($"k1:{System.Buffers.Text.Base64Url.EncodeToString(key)}");

        Assert.Equal("k1", ring.ActiveKeyId);
    }

    [Fact]
    public void Load_KeyFileWithRotatedKeys_UsesFirstAsActive()
    {
        Directory.CreateDirectory(_dataDirectory);
        var json = $$"""{"keys":[{"id":"k2","key":"{{Convert.ToBase64String(SecretKeyRing.GenerateKey())}}"},{"id":"k1","key":"{{Convert.ToBase64String(SecretKeyRing.GenerateKey())}}"}]}""";
        File.WriteAllText(Path.Combine(_dataDirectory, SecretKeyRingLoader.FileName), json);

        var ring = SecretKeyRingLoader.Load(EmptyConfiguration(), _dataDirectory);

        Assert.Equal(["k2", "k1"], ring.KeyIds);
    }

    [Fact]
    public void Load_KeyFileThatIsNotJson_ThrowsNamingFile()
    {
        Directory.CreateDirectory(_dataDirectory);
        var path = Path.Combine(_dataDirectory, SecretKeyRingLoader.FileName);
        File.WriteAllText(path, "not json");

        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => SecretKeyRingLoader.Load(EmptyConfiguration(), _dataDirectory));

        Assert.StartsWith($"Encryption key file '{path}' is not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongLength_ThrowsNamingKeyIdNotKey()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);

        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => SecretKeyRingLoader.Parse($"k2:{shortKey}"));

        Assert.Equal("Encryption key 'k2' is 16 bytes; AES-256-GCM needs exactly 32 bytes (44 base64 characters).", ex.Message);
    }

    [Fact]
    public void Parse_BadBase64_ThrowsNamingKeyIdNotKey()
    {
        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => SecretKeyRingLoader.Parse("k1:%%not-base64%%"));

        Assert.Equal("Encryption key 'k1' in OrleansFlows:EncryptionKeys is not valid base64.", ex.Message);
        Assert.DoesNotContain("not-base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateIds_ThrowsNamingKeyId()
    {
        var keys = $"k1:{Convert.ToBase64String(SecretKeyRing.GenerateKey())};k1:{Convert.ToBase64String(SecretKeyRing.GenerateKey())}";

        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => SecretKeyRingLoader.Parse(keys));

        Assert.Equal("Encryption key id 'k1' appears more than once; each key needs its own id.", ex.Message);
    }

    [Fact]
    public void Parse_EntryWithoutKeyId_ThrowsNamingPositionNotKey()
    {
        var key = Convert.ToBase64String(SecretKeyRing.GenerateKey());

        var ex = Assert.Throws<EncryptionKeyConfigurationException>(() => SecretKeyRingLoader.Parse($"k1:{key};{key}"));

        Assert.Equal("Entry 2 of OrleansFlows:EncryptionKeys has no key id; each entry is 'keyId:base64key', entries separated by ';'.", ex.Message);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration EmptyConfiguration() => new ConfigurationBuilder().Build();
}
