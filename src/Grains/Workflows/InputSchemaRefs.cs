using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Checks an input schema's <c>$ref</c>s: each must point into the schema itself (<c>#</c> or <c>#/json/pointer</c>),
/// at a schema that exists, and no chain of references may lead back to where it started without reading further into
/// the payload (the validator would recurse until the silo's stack overflows).
/// </summary>
internal static class InputSchemaRefs
{
    /// <summary>Returns every problem as "path: message", paths starting at <c>$.input</c>; empty when the references are sound.</summary>
    public static IReadOnlyList<string> Check(JsonObject schema)
    {
        var problems = new List<string>();
        var inPlace = new Dictionary<string, List<string>>();
        var paths = new Dictionary<string, string>();
        var references = new List<(string Path, string Target, List<string> Edges)>();
        Visit(schema, string.Empty, "$.input", inPlace, paths, references);
        foreach (var (path, target, edges) in references)
        {
            if (!target.StartsWith('#'))
            {
                problems.Add($"{path}.$ref: '{target}' is not a reference within the input schema; use '#' or a JSON pointer such as '#/definitions/address'.");
            }
            else if (!inPlace.ContainsKey(Uri.UnescapeDataString(target[1..])))
            {
                problems.Add($"{path}.$ref: '{target}' does not point at a schema within the input schema.");
            }
            else
            {
                edges.Add(Uri.UnescapeDataString(target[1..]));
            }
        }

        if (problems.Count == 0)
        {
            FindLoop(inPlace, paths, problems);
        }

        return problems;
    }

    /// <summary>The node that a <c>#</c>-fragment JSON pointer names in <paramref name="root"/>, or null if there is none.</summary>
    public static JsonNode? Resolve(JsonNode root, string fragment, out bool found)
    {
        found = false;
        var pointer = Uri.UnescapeDataString(fragment.TrimStart('#'));
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            return null;
        }

        var node = root;
        foreach (var token in pointer.Split('/').Skip(1))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(name, out var child):
                    node = child;
                    break;
                case JsonArray list when int.TryParse(name, out var index) && index >= 0 && index < list.Count && name == index.ToString(System.Globalization.CultureInfo.InvariantCulture):
                    node = list[index];
                    break;
                default:
                    return null;
            }
        }

        found = true;
        return node;
    }

    // Records every schema by its JSON pointer, with the schemas it applies to the same value, and every $ref.
    private static void Visit(JsonNode? node, string pointer, string path, Dictionary<string, List<string>> inPlace, Dictionary<string, string> paths, List<(string, string, List<string>)> references)
    {
        var edges = new List<string>();
        inPlace[pointer] = edges;
        paths[pointer] = path;
        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target))
        {
            references.Add((path, target, edges));
        }

        foreach (var child in InputSchemaKeywords.Children(schema))
        {
            var childPointer = pointer + child.Pointer;
            if (child.IsInPlace)
            {
                edges.Add(childPointer);
            }

            Visit(child.Node, childPointer, path + child.Path, inPlace, paths, references);
        }
    }

    private static void FindLoop(Dictionary<string, List<string>> inPlace, Dictionary<string, string> paths, List<string> problems)
    {
        var done = new HashSet<string>();
        var onPath = new List<string>();
        foreach (var start in inPlace.Keys)
        {
            if (Walk(start))
            {
                return;
            }
        }

        // Depth-first; a pointer met again while still on the current path closes a loop.
        bool Walk(string pointer)
        {
            if (done.Contains(pointer))
            {
                return false;
            }

            var at = onPath.IndexOf(pointer);
            if (at >= 0)
            {
                var loop = onPath.Skip(at).Append(pointer).Select(p => "#" + p);
                problems.Add($"{paths.GetValueOrDefault(onPath[at], "$.input")}: its references lead back to it without reading further into the payload ({string.Join(" -> ", loop)}).");
                return true;
            }

            onPath.Add(pointer);
            foreach (var next in inPlace.GetValueOrDefault(pointer) ?? [])
            {
                if (Walk(next))
                {
                    return true;
                }
            }

            onPath.RemoveAt(onPath.Count - 1);
            done.Add(pointer);
            return false;
        }
    }
}
