using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Turns the validator's list of results into field errors keyed by the payload's JSON path (<c>$.email</c>,
/// <c>$.tags[1]</c>), each saying what is wrong in a short sentence.
/// </summary>
internal static class InputSchemaErrors
{
    private static readonly Dictionary<string, string> TypeNames = new()
    {
        ["string"] = "a string", ["number"] = "a number", ["integer"] = "an integer", ["boolean"] = "a boolean",
        ["object"] = "an object", ["array"] = "an array", ["null"] = "null",
    };

    /// <summary>The errors of a failed evaluation (list output) of <paramref name="payload"/> against <paramref name="schema"/>, the built copy.</summary>
    public static Dictionary<string, string[]> From(EvaluationResults results, JsonObject schema, JsonNode payload)
    {
        var details = results.Details ?? [results];
        var valid = details.Where(d => d.IsValid).Select(d => d.EvaluationPath.ToString()).ToHashSet(StringComparer.Ordinal);
        var counted = details.Where(d => !d.IsValid && Counts(d.EvaluationPath.ToString(), valid)).ToList();
        var errors = new List<(string Path, string Message)>();
        foreach (var detail in counted)
        {
            var location = Location(payload, detail.InstanceLocation.ToString());
            if (detail.Errors is { Count: > 0 } found)
            {
                foreach (var (keyword, message) in found)
                {
                    var node = Resolve(schema, detail, keyword);
                    errors.AddRange(Describe(keyword, message, node, location, detail));
                }
            }
            else if (!counted.Any(other => IsBelow(other.EvaluationPath.ToString(), detail.EvaluationPath.ToString())))
            {
                // A schema that failed with no error of its own and no failing part: a keyword that fails as a whole.
                errors.Add((location.Path, WholeFailure(Resolve(schema, detail, "not", "oneOf", "contains"), detail.EvaluationPath.ToString(), valid)));
            }
        }

        if (errors.Count == 0)
        {
            errors.Add(("$", "fails the input schema."));
        }

        return errors
            .GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    // A part inside 'not', 'if' or 'contains' failing is not a fault by itself, nor is a branch of 'anyOf' or 'oneOf'
    // when a sibling branch passed.
    private static bool Counts(string evaluationPath, HashSet<string> valid)
    {
        var segments = evaluationPath.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            switch (segments[i])
            {
                case "not" or "if" or "contains":
                    return false;
                case "anyOf" or "oneOf" when i + 1 < segments.Length:
                    var branches = string.Join('/', segments.Take(i + 1)) + "/";
                    if (valid.Any(p => p.StartsWith(branches, StringComparison.Ordinal) && p.IndexOf('/', branches.Length) < 0))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool IsBelow(string path, string ancestor) =>
        path.Length > ancestor.Length && path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    private static IEnumerable<(string Path, string Message)> Describe(string keyword, string message, JsonObject? node, (string Path, JsonNode? Value) location, EvaluationResults detail)
    {
        switch (keyword)
        {
            case "required":
                var present = location.Value as JsonObject;
                var names = (node?["required"] as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>() ?? [];
                var missing = names.Where(n => present is null || !present.ContainsKey(n)).ToList();
                if (missing.Count == 0)
                {
                    yield return (location.Path, message);
                }

                foreach (var name in missing)
                {
                    yield return (Child(location.Path, name), $"'{name}' is required.");
                }

                yield break;
            case "":
                // A false schema: a property that 'additionalProperties: false' or 'properties: {x: false}' refuses.
                var segments = detail.InstanceLocation.ToString().Split('/');
                yield return (location.Path, segments.Length > 1 && location.Path != "$" ? $"'{Unescape(segments[^1])}' is not allowed." : "is not allowed.");
                yield break;
            default:
                yield return (location.Path, Sentence(keyword, message, node));
                yield break;
        }
    }

    private static string Sentence(string keyword, string message, JsonObject? node) => keyword switch
    {
        "type" => $"must be {TypeList(node?["type"])}.",
        "minLength" => "is too short.",
        "maxLength" => "is too long.",
        "minimum" or "exclusiveMinimum" => "is too small.",
        "maximum" or "exclusiveMaximum" => "is too big.",
        "pattern" => "does not match the required pattern.",
        "enum" => "is not one of the allowed values.",
        "const" => "is not the allowed value.",
        "format" => node?["format"]?.GetValue<string>() is "email" ? "must be an email address." : $"must be a valid '{node?["format"]}' (format).",
        "multipleOf" => $"must be a multiple of {node?["multipleOf"]}.",
        "minItems" => "has too few items.",
        "maxItems" => "has too many items.",
        "uniqueItems" => "has duplicate items.",
        "minProperties" => "has too few properties.",
        "maxProperties" => "has too many properties.",
        _ => message.EndsWith('.') ? message : message + ".",
    };

    private static string WholeFailure(JsonObject? node, string evaluationPath, HashSet<string> valid)
    {
        if (node?.ContainsKey("not") == true && valid.Contains(evaluationPath + "/not"))
        {
            return "must not match the schema under 'not'.";
        }

        if (node?.ContainsKey("oneOf") == true)
        {
            return "must match exactly one of the schemas under 'oneOf'.";
        }

        if (node?.ContainsKey("contains") == true)
        {
            return "must contain an item that matches the schema under 'contains'.";
        }

        return "fails the input schema.";
    }

    private static string TypeList(JsonNode? type)
    {
        var names = (type is JsonArray list ? list.Select(n => n?.GetValue<string>()) : [type?.GetValue<string>()])
            .OfType<string>()
            .Select(n => TypeNames.GetValueOrDefault(n, n))
            .ToList();
        return names.Count <= 1 ? names.FirstOrDefault() ?? "another type" : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    // The schema object that produced a result and holds the keyword. Its absolute location's fragment is a pointer
    // into the built copy, except that for a keyword holding one subschema ('items', 'not') the library appends the
    // instance's last segment; the parent pointer and the evaluation path (when it crossed no $ref) are tried after it.
    private static JsonObject? Resolve(JsonObject schema, EvaluationResults detail, params string[] keywords)
    {
        var fragment = Uri.UnescapeDataString(detail.SchemaLocation.Fragment.TrimStart('#'));
        var evaluation = detail.EvaluationPath.ToString();
        var candidates = new List<string> { fragment };
        if (fragment.LastIndexOf('/') is var cut and >= 0)
        {
            candidates.Add(fragment[..cut]);
        }

        if (!evaluation.Split('/').Contains("$ref"))
        {
            candidates.Add(evaluation);
        }

        var found = candidates
            .Select(c => InputSchemaRefs.Resolve(schema, "#" + Uri.EscapeDataString(c).Replace("%2F", "/", StringComparison.Ordinal), out _) as JsonObject)
            .OfType<JsonObject>()
            .ToList();
        return found.FirstOrDefault(o => keywords.Length == 0 || keywords.Any(o.ContainsKey)) ?? found.FirstOrDefault();
    }

    // The payload path in the product's notation ($.a.b[1]), walking the payload to tell array indexes from names.
    private static (string Path, JsonNode? Value) Location(JsonNode payload, string pointer)
    {
        var path = "$";
        JsonNode? node = payload;
        foreach (var token in pointer.Split('/').Skip(1).Select(Unescape))
        {
            if (node is JsonArray list && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count)
            {
                path += $"[{index}]";
                node = list[index];
            }
            else
            {
                path = Child(path, token);
                node = (node as JsonObject)?[token];
            }
        }

        return (path, node);
    }

    private static string Child(string path, string name) => $"{path}.{name}";

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
