using OrleansFlows.Runtime.Placement;

namespace OrleansFlows.Runtime.Tests.Placement;

/// <summary>The placement hash is a cluster-wide contract: its values are pinned, so a change can't slip in.</summary>
public sealed class StableHashTests
{
    [Theory]
    [InlineData("lead/t1/42", 0x0860ce966ee241bcUL)]
    [InlineData("", 0xe3b0c44298fc1c14UL)]
    public void Of_KnownText_ReturnsPinnedValue(string text, ulong expected)
    {
        Assert.Equal(expected, StableHash.Of(text));
    }

    [Fact]
    public void Of_TextLongerThanStackBuffer_HashesAllOfIt()
    {
        var longText = new string('é', 2000);

        Assert.NotEqual(StableHash.Of(longText), StableHash.Of(longText[..^1] + "e"));
        Assert.Equal(StableHash.Of(longText), StableHash.Of(new string('é', 2000)));
    }
}
