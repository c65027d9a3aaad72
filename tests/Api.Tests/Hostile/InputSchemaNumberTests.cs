using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// The input-schema check behind the edge: a number its validator can't cast (beyond 64 bits) or beyond double is a
/// validation error naming the field, not an InvalidCastException, for a lead that reaches the grain by any path.
/// </summary>
public sealed class InputSchemaNumberTests
{
    [Theory]
    [InlineData("score", "9223372036854775808")]
    [InlineData("score", "-9223372036854775809")]
    [InlineData("name", "123456789012345678901234567890")]
    [InlineData("extra", "18446744073709551616")]
    [InlineData("amount", "1e400")]
    public void Validate_NumberOutOfRange_NamesTheField(string field, string number)
    {
        var schema = InputSchemas.Load(HostileWorld.Definition()["input"]!.AsObject()).Schema!;

        var refused = Assert.Throws<LeadValidationException>(() => InputSchemas.Validate(schema, $$"""{"email":"ann@example.com","{{field}}":{{number}}}"""));

        Assert.Contains($"$.{field}", refused.Errors.Keys);
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("1E+2")]
    [InlineData("1e-400")]
    public void Validate_OrdinaryNumberForms_AreAccepted(string number)
    {
        var schema = InputSchemas.Load(HostileWorld.Definition()["input"]!.AsObject()).Schema!;

        var input = InputSchemas.Validate(schema, $$"""{"email":"ann@example.com","amount":{{number}}}""");

        Assert.IsType<JsonObject>(input);
    }
}
