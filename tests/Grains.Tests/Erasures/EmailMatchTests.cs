using System.Text.Json.Nodes;
using OrleansFlows.Grains.Erasures;

namespace OrleansFlows.Grains.Tests.Erasures;

/// <summary>How an erasure tells whether stored text or JSON holds an email: whole addresses, any case, any depth.</summary>
public sealed class EmailMatchTests
{
    private readonly EmailMatch _alice = new("Alice@Example.com");

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("ALICE@EXAMPLE.COM")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("write to alice@example.com, please")]
    [InlineData("mailto:alice@example.com")]
    [InlineData("alice@example.com.")]
    public void IsIn_TextHoldingTheAddress_IsTrue(string text) => Assert.True(_alice.IsIn(text));

    [Theory]
    [InlineData("malice@example.com")]
    [InlineData("alice@example.com.au")]
    [InlineData("alice@example.community")]
    [InlineData("alice.b@example.com")]
    [InlineData("alice@example-com")]
    [InlineData("")]
    public void IsIn_TextWithoutTheAddress_IsFalse(string text) => Assert.False(_alice.IsIn(text));

    [Fact]
    public void IsIn_JsonWithTheAddressNestedAndInAnotherCase_IsTrue()
    {
        Assert.True(_alice.IsIn(JsonNode.Parse("""{"a":1,"contact":{"emails":[{"work":"ALICE@example.COM"}]}}""")));
        Assert.True(_alice.IsIn(JsonNode.Parse("""{"byAddress":{"alice@example.com":true}}""")));
        Assert.False(_alice.IsIn(JsonNode.Parse("""{"email":"malice@example.com","n":5,"b":true,"z":null}""")));
    }

    [Fact]
    public void IsIn_JsonTextWithEscapedCharacters_FindsTheAddressInItsStrings()
    {
        // System.Text.Json writes '<' as \u003C by default: the escape must not hide where the address begins.
        Assert.True(_alice.IsIn("""{"email":"Alice \u003Calice@example.com\u003E"}"""));
        Assert.True(new EmailMatch("a+b@example.com").IsIn("""{"email":"a\u002Bb@example.com"}"""));
        Assert.False(_alice.IsIn("""{"email":"m\u0061lice@example.com"}"""));
    }

    [Fact]
    public void Needles_AddressWithACharacterJsonEscapes_HoldsBothSpellingsInLowerCase()
    {
        var match = new EmailMatch("A+B@Example.com");

        Assert.Equal("a+b@example.com", match.Key);
        Assert.Equal(["a+b@example.com", @"a\u002bb@example.com"], match.Needles);
    }

    [Fact]
    public void LikePattern_WildcardsInTheAddress_AreEscaped() =>
        Assert.Equal(@"%first\_last\%x@example.com%", EmailMatch.LikePattern("first_last%x@example.com"));
}
