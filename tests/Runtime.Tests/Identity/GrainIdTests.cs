using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Tests.Identity;

public sealed class GrainIdTests
{
    private static readonly GrainType Lead = GrainType.Create("lead");

    [Fact]
    public void Create_WithEmptyKey_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainId.Create(Lead, ""));

        Assert.Equal("key", exception.ParamName);
        Assert.StartsWith("A key for grain type 'lead' must not be empty.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithNullKey_ThrowsArgumentNullException()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => GrainId.Create(Lead, null!));

        Assert.Equal("key", exception.ParamName);
        Assert.Contains("grain type 'lead'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithKeyOneOverMaxLength_ThrowsArgumentExceptionNamingLengthAndLimit()
    {
        var key = new string('k', GrainId.MaxKeyLength + 1);

        var exception = Assert.Throws<ArgumentException>(() => GrainId.Create(Lead, key));

        Assert.Equal("key", exception.ParamName);
        Assert.StartsWith("A key for grain type 'lead' is 513 characters long; the limit is 512.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithKeyAtMaxLength_Succeeds()
    {
        var key = new string('k', GrainId.MaxKeyLength);

        var id = GrainId.Create(Lead, key);

        Assert.Equal(key, id.Key);
    }

    [Theory]
    [InlineData("a\u0000b", "U+0000", 1)]
    [InlineData("ab\tc", "U+0009", 2)]
    [InlineData("abc\n", "U+000A", 3)]
    [InlineData("\u007Fx", "U+007F", 0)]
    [InlineData("x\u0085", "U+0085", 1)]
    public void Create_WithControlCharacter_ThrowsArgumentExceptionNamingCharacterAndPosition(string key, string codePoint, int position)
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainId.Create(Lead, key));

        Assert.Equal("key", exception.ParamName);
        Assert.StartsWith(
            $"A key for grain type 'lead' holds a control character ({codePoint}) at position {position}.",
            exception.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t1/42")]
    [InlineData("t1/42/extra")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("//")]
    [InlineData("ünïcödé key with spaces")]
    public void Parse_KeyWithSlashesOrUnicode_RoundTrips(string key)
    {
        var id = GrainId.Create(Lead, key);

        var parsed = GrainId.Parse(id.ToString());

        Assert.Equal("lead/" + key, id.ToString());
        Assert.Equal(id, parsed);
        Assert.Equal(Lead, parsed.Type);
        Assert.Equal(key, parsed.Key);
    }

    [Fact]
    public void Parse_TypeAndKeyWithSlash_SplitsAtFirstSlash()
    {
        var id = GrainId.Parse("lead/t1/42");

        Assert.Equal("lead", id.Type.Value);
        Assert.Equal("t1/42", id.Key);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("/lead/42")]
    [InlineData("")]
    public void Parse_WithoutTypeAndSlash_ThrowsArgumentException(string text)
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainId.Parse(text));

        Assert.Equal("text", exception.ParamName);
        Assert.StartsWith($"Grain id '{text}' must have the form 'type/key'.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithEmptyKey_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainId.Parse("lead/"));

        Assert.StartsWith("A key for grain type 'lead' must not be empty.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithInvalidType_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainId.Parse("Lead/42"));

        Assert.StartsWith("Grain type 'Lead' may hold only lower-case letters, digits and '-'; 'L' is not allowed.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>("text", () => GrainId.Parse(null!));
    }

    [Fact]
    public void Equals_SameTypeAndKey_AreEqual()
    {
        Assert.Equal(GrainId.Create(Lead, "t1/42"), GrainId.Parse("lead/t1/42"));
        Assert.NotEqual(GrainId.Create(Lead, "t1/42"), GrainId.Create(GrainType.Create("tenant"), "t1/42"));
        Assert.NotEqual(GrainId.Create(Lead, "a"), GrainId.Create(Lead, "A"));
    }
}
