using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Tests.Identity;

public sealed class GrainTypeTests
{
    [Theory]
    [InlineData("lead")]
    [InlineData("test-counter")]
    [InlineData("a1-2")]
    public void Create_WithLowerCaseDigitsAndDashes_Succeeds(string name)
    {
        Assert.Equal(name, GrainType.Create(name).Value);
        Assert.Equal(name, GrainType.Create(name).ToString());
    }

    [Fact]
    public void Create_WithEmptyName_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainType.Create(""));

        Assert.Equal("value", exception.ParamName);
        Assert.StartsWith("Grain type '' must be 1 to 64 characters long.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithNameOverMaxLength_ThrowsArgumentExceptionNamingLimit()
    {
        var name = new string('a', GrainType.MaxLength + 1);

        var exception = Assert.Throws<ArgumentException>(() => GrainType.Create(name));

        Assert.StartsWith($"Grain type '{name}' must be 1 to 64 characters long.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithNameAtMaxLength_Succeeds()
    {
        var name = new string('a', GrainType.MaxLength);

        Assert.Equal(name, GrainType.Create(name).Value);
    }

    [Theory]
    [InlineData("Lead", 'L')]
    [InlineData("lead/x", '/')]
    [InlineData("lead_x", '_')]
    [InlineData("le ad", ' ')]
    [InlineData("lead\n", '\n')]
    public void Create_WithDisallowedCharacter_ThrowsArgumentExceptionNamingIt(string name, char disallowed)
    {
        var exception = Assert.Throws<ArgumentException>(() => GrainType.Create(name));

        Assert.Equal("value", exception.ParamName);
        Assert.StartsWith(
            $"Grain type '{name}' may hold only lower-case letters, digits and '-'; '{disallowed}' is not allowed.",
            exception.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>("value", () => GrainType.Create(null!));
    }
}
