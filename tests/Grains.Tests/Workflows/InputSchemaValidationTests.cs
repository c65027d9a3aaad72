using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tests.Workflows;

/// <summary>Payloads against input schemas: draft-07 semantics, field errors by JSON path, and the formats the product checks.</summary>
public sealed class InputSchemaValidationTests
{
    private const string Lead = """
        {"type":"object","required":["email"],"additionalProperties":false,
         "properties":{
           "email":{"type":"string","format":"email","maxLength":200},
           "name":{"type":["string","null"],"minLength":2},
           "tier":{"enum":["hot","warm"]},
           "code":{"type":"string","pattern":"^[A-Z]{3}$"},
           "score":{"type":"integer","minimum":0,"maximum":100},
           "tags":{"type":"array","items":{"type":"string"},"uniqueItems":true},
           "company":{"type":"object","required":["domain"],"properties":{"domain":{"type":"string","format":"hostname"}}}}}
        """;

    [Fact]
    public void Validate_PayloadMeetingEveryKeyword_ReturnsThePayload()
    {
        var input = Validate(Lead, """{"email":"ann@example.com","name":null,"tier":"hot","code":"ABC","score":7,"tags":["a","b"],"company":{"domain":"example.com"}}""");

        Assert.Equal("ann@example.com", input["email"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"Ann"}""", "$.email", "'email' is required.")]
    [InlineData("""{"email":"ann@example.com","phone":"1"}""", "$.phone", "'phone' is not allowed.")]
    [InlineData("""{"email":"ann@example.com","tier":"cold"}""", "$.tier", "is not one of the allowed values.")]
    [InlineData("""{"email":"ann@example.com","code":"abc"}""", "$.code", "does not match the required pattern.")]
    [InlineData("""{"email":"not-an-address"}""", "$.email", "must be an email address.")]
    [InlineData("""{"email":"ann@example.com","name":7}""", "$.name", "must be a string or null.")]
    [InlineData("""{"email":"ann@example.com","name":"A"}""", "$.name", "is too short.")]
    [InlineData("""{"email":"ann@example.com","score":101}""", "$.score", "is too big.")]
    [InlineData("""{"email":"ann@example.com","score":-1}""", "$.score", "is too small.")]
    [InlineData("""{"email":"ann@example.com","score":1.5}""", "$.score", "must be an integer.")]
    [InlineData("""{"email":"ann@example.com","tags":["a",2]}""", "$.tags[1]", "must be a string.")]
    [InlineData("""{"email":"ann@example.com","tags":["a","a"]}""", "$.tags", "has duplicate items.")]
    [InlineData("""{"email":"ann@example.com","company":{}}""", "$.company.domain", "'domain' is required.")]
    [InlineData("""{"email":"ann@example.com","company":{"domain":"bad_host"}}""", "$.company.domain", "must be a valid 'hostname' (format).")]
    public void Validate_PayloadFailingAKeyword_NamesTheFieldAndTheRule(string payload, string path, string message)
    {
        var refused = Assert.Throws<LeadValidationException>(() => Validate(Lead, payload));

        Assert.Equal([message], refused.Errors[path]);
        Assert.Single(refused.Errors);
    }

    [Fact]
    public void Validate_SeveralFailures_ListsEachByPath()
    {
        var refused = Assert.Throws<LeadValidationException>(() => Validate(Lead, """{"name":7,"tier":"cold","extra":true}"""));

        Assert.Equal(["$.email", "$.extra", "$.name", "$.tier"], refused.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_WholeNumberWithAFraction_IsAnIntegerAsDraft07Says() =>
        Validate(Lead, """{"email":"ann@example.com","score":7.0}""");

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"if":{"type":"string"},"then":{"minLength":3}}}}""", """{"a":"x"}""", "$.a", "is too short.")]
    [InlineData("""{"type":"object","properties":{"a":{"const":3}}}""", """{"a":4}""", "$.a", "is not the allowed value.")]
    [InlineData("""{"type":"object","dependencies":{"card":["billing"]}}""", """{"card":"x"}""", "$", null)]
    [InlineData("""{"type":"object","properties":{"a":{"not":{"type":"string"}}}}""", """{"a":"x"}""", "$.a", "must not match the schema under 'not'.")]
    [InlineData("""{"type":"object","properties":{"a":{"oneOf":[{"type":"string"},{"minLength":1}]}}}""", """{"a":"x"}""", "$.a", "must match exactly one of the schemas under 'oneOf'.")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","contains":{"const":3}}}}""", """{"a":[4]}""", "$.a", "must contain an item that matches the schema under 'contains'.")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/definitions/d"}},"definitions":{"d":{"type":"object","required":["q"]}}}""", """{"a":{}}""", "$.a.q", "'q' is required.")]
    public void Validate_Draft07Keyword_IsEnforced(string schema, string payload, string path, string? message)
    {
        var refused = Assert.Throws<LeadValidationException>(() => Validate(schema, payload));

        var messages = refused.Errors[path];
        if (message is not null)
        {
            Assert.Equal([message], messages);
        }
    }

    [Fact]
    public void Validate_AnyOfWithOnePassingBranch_ReportsNothingFromTheOther()
    {
        const string schema = """{"type":"object","required":["email"],"anyOf":[{"required":["a"]},{"required":["b"]}]}""";

        var refused = Assert.Throws<LeadValidationException>(() => Validate(schema, """{"a":1}"""));

        Assert.Equal(["$.email"], refused.Errors.Keys);
    }

    [Fact]
    public void Validate_RefSiblingKeywords_AreIgnoredAsDraft07Says() =>
        Validate("""{"type":"object","properties":{"a":{"$ref":"#/definitions/s","minLength":5}},"definitions":{"s":{"type":"string"}}}""", """{"a":"ab"}""");

    [Theory]
    [InlineData("http://json-schema.org/draft-07/schema#")]
    [InlineData("http://json-schema.org/draft-04/schema#")]
    [InlineData("https://json-schema.org/draft/2020-12/schema")]
    [InlineData("urn:example:anything")]
    public void Load_AnySchemaDeclaration_IsAcceptedAndReadAsDraft07(string declaration)
    {
        // Tuple-form items is draft-07 (2020-12 would refuse it): the declaration does not change the dialect.
        var schema = JsonNode.Parse("""{"$schema":""" + "\"" + declaration + "\"" + ""","type":"object","properties":{"a":{"items":[{"type":"string"}]}}}""")!.AsObject();

        Assert.Null(InputSchemas.Check(schema));
        var refused = Assert.Throws<LeadValidationException>(() => InputSchemas.Validate(InputSchemas.Load(schema).Schema!, """{"a":[1]}"""));
        Assert.Equal(["must be a string."], refused.Errors["$.a[0]"]);
    }

    [Theory]
    [InlineData("email", "ann@example.com", "a@b.c", "ann@example")]
    [InlineData("date-time", "2020-01-01T10:00:00Z", "2020-01-01T10:00:00", "1/2/2020")]
    [InlineData("date", "2020-01-01", "2020-01-01", "2020-02-30")]
    [InlineData("time", "10:00:00Z", "10:00:00", "25:00:00")]
    [InlineData("uri", "https://example.com", "urn:isbn:1", "example.com")]
    [InlineData("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000", "nope")]
    [InlineData("ipv4", "1.2.3.4", "01.2.3.4", "256.1.1.1")]
    [InlineData("ipv6", "::1", "fe80::1%eth0", "gggg::1")]
    [InlineData("hostname", "example.com", "xn--bcher-kva.ch", "ex_ample.com")]
    [InlineData("byte", "aGVsbG8=", "aGVsbG8=", "aGVsbG8")]
    public void Validate_CheckedFormat_AcceptsWhatItAcceptedBeforeAndRefusesTheRest(string format, string valid, string alsoValid, string invalid)
    {
        var schema = FormatSchema(format);

        Validate(schema, $$"""{"a":"{{valid}}"}""");
        Validate(schema, $$"""{"a":"{{alsoValid}}"}""");
        Validate(schema, """{"a":42}""");
        var refused = Assert.Throws<LeadValidationException>(() => Validate(schema, $$"""{"a":"{{invalid}}"}"""));
        Assert.Contains("$.a", refused.Errors.Keys);
    }

    [Theory]
    [InlineData("duration")]
    [InlineData("regex")]
    [InlineData("uri-reference")]
    [InlineData("idn-email")]
    [InlineData("phone")]
    public void Validate_FormatNeverChecked_IsAnAnnotationOnly(string format) =>
        Validate(FormatSchema(format), """{"a":"(not one"}""");

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/definitions/x"}},"definitions":{"x":{"$ref":"#/definitions/y"},"y":{"$ref":"#/definitions/x"}}}""", "its references lead back to it")]
    [InlineData("""{"type":"object","definitions":{"x":{"allOf":[{"$ref":"#/definitions/x"}]}},"properties":{"a":{"$ref":"#/definitions/x"}}}""", "its references lead back to it")]
    [InlineData("""{"type":"object","$ref":"#"}""", "its references lead back to it")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/definitions/missing"}}}""", "$.input.properties.a.$ref: '#/definitions/missing' does not point at a schema")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://example.com/s.json"}}}""", "$.input.properties.a.$ref: 'https://example.com/s.json' is not a reference within the input schema")]
    public void Check_UnsoundReference_IsRefusedByPath(string schema, string expected)
    {
        var error = InputSchemas.Check(JsonNode.Parse(schema)!.AsObject());

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReferenceIntoThePayloadRecursively_IsNotALoop()
    {
        const string schema = """{"type":"object","properties":{"child":{"$ref":"#"},"n":{"type":"integer"}}}""";

        var refused = Assert.Throws<LeadValidationException>(() => Validate(schema, """{"child":{"child":{"n":"x"}}}"""));

        Assert.Equal(["must be an integer."], refused.Errors["$.child.child.n"]);
    }

    [Theory]
    [InlineData("""{"type":"object","examples":5,"$comment":7,"readOnly":"no","contentMediaType":1}""")]
    [InlineData("""{"type":"object","properties":{"a":{"$schema":"not a uri","$id":"also not one","title":3}}}""")]
    public void Load_MalformedAnnotation_DoesNotStopTheSchemaFromBuilding(string schema) =>
        Assert.Null(InputSchemas.Load(JsonNode.Parse(schema)!.AsObject()).Error);

    [Fact]
    public void Load_TwoTenantsWithTheSameId_BuildApart()
    {
        var first = InputSchemas.Load(JsonNode.Parse("""{"$id":"https://example.com/lead","type":"object","required":["a"]}""")!.AsObject()).Schema!;
        var second = InputSchemas.Load(JsonNode.Parse("""{"$id":"https://example.com/lead","type":"object","required":["b"]}""")!.AsObject()).Schema!;

        Assert.Contains("$.a", Assert.Throws<LeadValidationException>(() => InputSchemas.Validate(first, "{}")).Errors.Keys);
        Assert.Contains("$.b", Assert.Throws<LeadValidationException>(() => InputSchemas.Validate(second, "{}")).Errors.Keys);
    }

    private static string FormatSchema(string format) => """{"type":"object","properties":{"a":{"format":""" + "\"" + format + "\"}}}";

    private static JsonObject Validate(string schema, string payload)
    {
        var (built, error) = InputSchemas.Load(JsonNode.Parse(schema)!.AsObject());
        Assert.Null(error);
        return InputSchemas.Validate(built!, payload);
    }
}
