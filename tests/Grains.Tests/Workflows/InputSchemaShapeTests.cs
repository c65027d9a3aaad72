using System.Text.Json.Nodes;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class InputSchemaShapeTests
{
    [Theory]
    [InlineData("""{"type":"object"}""")]
    [InlineData("""{"type":["object","null"]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"type":"object","required":["email"],"properties":{"email":{"type":"string","format":"email","maxLength":200},"score":{"type":["number","null"],"minimum":0,"maximum":100,"multipleOf":0.5}},"additionalProperties":false}""")]
    [InlineData("""{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"},"uniqueItems":true,"minItems":1}},"anyOf":[{"required":["email"]},{"required":["phone"]}]}""")]
    [InlineData("""{"type":"object","patternProperties":{"^x-":true},"dependencies":{"phone":["country"],"email":{"required":["name"]}},"x-custom":42}""")]
    public void Check_DraftSevenSchema_FindsNothing(string schema) =>
        Assert.Empty(InputSchemaShape.Check(JsonNode.Parse(schema)!.AsObject()));

    [Theory]
    [InlineData("""{"type":7}""", "$.input.type: must be one of")]
    [InlineData("""{"type":"string"}""", "$.input.type: a lead payload is always a JSON object")]
    [InlineData("""{"type":"object","properties":{"email":{"type":"text"}}}""", "$.input.properties.email.type: must be one of")]
    [InlineData("""{"type":"object","properties":{"email":{"type":["string","string"]}}}""", "$.input.properties.email.type: must be one of")]
    [InlineData("""{"type":"object","properties":[]}""", "$.input.properties: must be an object whose values are schemas")]
    [InlineData("""{"type":"object","properties":{"email":"string"}}""", "$.input.properties.email: a schema must be a JSON object")]
    [InlineData("""{"type":"object","required":"email"}""", "$.input.required: must be an array of property names")]
    [InlineData("""{"type":"object","required":["email","email"]}""", "$.input.required: names a property more than once")]
    [InlineData("""{"type":"object","properties":{"n":{"minimum":"0"}}}""", "$.input.properties.n.minimum: must be a number")]
    [InlineData("""{"type":"object","properties":{"s":{"maxLength":-1}}}""", "$.input.properties.s.maxLength: must be a whole number")]
    [InlineData("""{"type":"object","properties":{"s":{"maxLength":1.5}}}""", "$.input.properties.s.maxLength: must be a whole number")]
    [InlineData("""{"type":"object","properties":{"n":{"multipleOf":0}}}""", "$.input.properties.n.multipleOf: must be a number greater than 0")]
    [InlineData("""{"type":"object","properties":{"s":{"pattern":"(unclosed"}}}""", "$.input.properties.s.pattern: is not a valid regular expression")]
    [InlineData("""{"type":"object","patternProperties":{"[":{}}}""", "$.input.patternProperties['[']: is not a valid regular expression")]
    [InlineData("""{"type":"object","enum":[]}""", "$.input.enum: must be a non-empty array")]
    [InlineData("""{"type":"object","anyOf":{}}""", "$.input.anyOf: must be a non-empty array of schemas")]
    [InlineData("""{"type":"object","properties":{"a":{"items":[{"type":1}]}}}""", "$.input.properties.a.items[0].type: must be one of")]
    [InlineData("""{"type":"object","additionalProperties":"no"}""", "$.input.additionalProperties: a schema must be a JSON object")]
    [InlineData("""{"type":"object","properties":{"a":{"uniqueItems":"yes"}}}""", "$.input.properties.a.uniqueItems: must be true or false")]
    [InlineData("""{"type":"object","properties":{"a":{"format":5}}}""", "$.input.properties.a.format: must be a string")]
    public void Check_MalformedKeyword_NamesItsPathAndWhatIsExpected(string schema, string expected) =>
        Assert.Contains(InputSchemaShape.Check(JsonNode.Parse(schema)!.AsObject()), p => p.StartsWith(expected, StringComparison.Ordinal));

    [Fact]
    public void Check_SeveralProblems_ListsEveryOne()
    {
        var problems = InputSchemaShape.Check(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":1},"b":{"minLength":"x"}},"required":7}""")!.AsObject());

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Check_MalformedSchema_IsRefusedWithTheProblemsByPath()
    {
        var schema = JsonNode.Parse("""{"type":7}""")!.AsObject();

        var error = InputSchemas.Check(schema);

        Assert.StartsWith("The input schema is not a valid JSON Schema (draft-07): $.input.type: ", error, StringComparison.Ordinal);
    }
}
