using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Checks expressions and templates without running them, for example when a workflow is published. The checks are
/// the ones <see cref="ExpressionEvaluator"/> makes, with the default <see cref="ExpressionOptions.MaxExpressionLength"/>.
/// </summary>
public static class ExpressionSyntax
{
    private static readonly ExpressionOptions Defaults = new();

    /// <summary>Null when <paramref name="expression"/> is one valid JavaScript expression; otherwise what is wrong, with the position.</summary>
    public static string? CheckExpression(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Check(() => ExpressionParser.Parse(expression, ExpressionOptions.DefaultMaxExpressionLength));
    }

    /// <summary>Null when every <c>{{ }}</c> hole of <paramref name="template"/> is closed and holds a valid expression; otherwise the first problem.</summary>
    public static string? CheckTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = TemplateParser.TryParse(template, out var error);
        if (segments is null)
        {
            return $"Template syntax error: {error}.";
        }

        var holes = segments.Where(s => s.IsHole).ToList();
        if (holes.Count == 0)
        {
            return null;
        }

        return Check(() =>
        {
            foreach (var hole in holes)
            {
                try
                {
                    ExpressionParser.Parse(hole.Text, ExpressionOptions.DefaultMaxExpressionLength);
                }
                catch (ExpressionFailureException failure)
                {
                    throw new ExpressionFailureException(failure.Kind, $"in the hole at position {hole.Position}: {failure.Message}");
                }
            }
        });
    }

    /// <summary>Null when every string value inside <paramref name="template"/> is a valid template (see <see cref="ExpressionEvaluator.RenderJsonAsync"/>); otherwise the first problem, with its JSON path.</summary>
    public static string? CheckJsonTemplate(JsonNode? template)
    {
        foreach (var node in Descendants(template))
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text) && CheckTemplate(text) is { } problem)
            {
                return $"{node.GetPath()}: {problem}";
            }
        }

        return null;
    }

    /// <summary>Every string value inside <paramref name="template"/>, depth first.</summary>
    internal static IEnumerable<string> Strings(JsonNode? template) =>
        Descendants(template).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var text) ? text : null).OfType<string>();

    private static IEnumerable<JsonNode> Descendants(JsonNode? root)
    {
        // Iterative: a JSON value built in code can nest deeper than the caller's stack.
        var pending = new Stack<JsonNode>();
        if (root is not null)
        {
            pending.Push(root);
        }

        while (pending.TryPop(out var node))
        {
            yield return node;
            var children = node switch
            {
                JsonObject obj => obj.Select(p => p.Value),
                JsonArray array => array,
                _ => [],
            };
            foreach (var child in children.Reverse())
            {
                if (child is not null)
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static string? Check(Action parse)
    {
        try
        {
            SandboxThread.Run(new ExpressionBudget(Defaults), () =>
            {
                parse();
                return true;
            });
            return null;
        }
        catch (ExpressionFailureException failure)
        {
            return Capitalize(failure.Message) + ".";
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
