namespace OrleansFlows.Grains.Expressions;

/// <summary>Splits a template into literal text and <c>{{ expression }}</c> holes.</summary>
internal sealed class TemplateHoles
{
    private TemplateHoles(IReadOnlyList<(string Text, bool IsHole)> parts, int? unclosed)
    {
        Parts = parts;
        Unclosed = unclosed;
    }

    /// <summary>Literal texts and hole expressions, in order.</summary>
    public IReadOnlyList<(string Text, bool IsHole)> Parts { get; }

    /// <summary>The position of a '{{' with no closing '}}', if any.</summary>
    public int? Unclosed { get; }

    public IEnumerable<string> Expressions => Parts.Where(p => p.IsHole).Select(p => p.Text);

    /// <summary>The expression if the whole template (trimmed) is exactly one hole, else null.</summary>
    public string? SingleHole => Parts is [(var text, true)] ? text : null;

    public static TemplateHoles Find(string template)
    {
        var parts = new List<(string, bool)>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((template[position..], false));
                break;
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return new TemplateHoles(parts, open);
            }

            if (open > position)
            {
                parts.Add((template[position..open], false));
            }

            parts.Add((template[(open + 2)..close], true));
            position = close + 2;
        }

        // A template that is one hole with only whitespace around it counts as that hole.
        if (parts.Count(p => p.Item2) == 1 && parts.Where(p => !p.Item2).All(p => string.IsNullOrWhiteSpace(p.Item1)))
        {
            parts.RemoveAll(p => !p.Item2);
        }

        return new TemplateHoles(parts, null);
    }
}
