namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Splits a template into literal text and <c>{{ expression }}</c> holes. A hole ends at the first <c>}}</c> that is
/// outside string and regular-expression literals and outside braces the expression opened, so
/// <c>{{ {a: {b: 1}} }}</c> and <c>{{ '}}' }}</c> work. There is no escape: write a literal <c>{{</c> as <c>{{ '{{' }}</c>.
/// </summary>
internal static class TemplateParser
{
    // After these, a '/' starts a regular expression literal rather than a division.
    private const string RegexAllowedAfter = "(,=:[!&|?{};+-*%<>~^";

    /// <summary>The segments of <paramref name="template"/>, or null and a message when a hole is never closed.</summary>
    public static IReadOnlyList<TemplateSegment>? TryParse(string template, out string? error)
    {
        var segments = new List<TemplateSegment>();
        var literalStart = 0;
        var index = 0;
        while (index < template.Length - 1)
        {
            if (template[index] != '{' || template[index + 1] != '{')
            {
                index++;
                continue;
            }

            var end = FindHoleEnd(template, index + 2);
            if (end < 0)
            {
                error = $"the '{{{{' at position {index} has no matching '}}}}'";
                return null;
            }

            if (index > literalStart)
            {
                segments.Add(new TemplateSegment(template[literalStart..index], false, literalStart));
            }

            segments.Add(new TemplateSegment(template[(index + 2)..end], true, index));
            index = end + 2;
            literalStart = index;
        }

        if (literalStart < template.Length)
        {
            segments.Add(new TemplateSegment(template[literalStart..], false, literalStart));
        }

        error = null;
        return segments;
    }

    /// <summary>True when the template is one hole, with nothing but whitespace around it.</summary>
    public static bool IsSingleHole(IReadOnlyList<TemplateSegment> segments, out string expression)
    {
        var holes = segments.Where(s => s.IsHole).ToList();
        expression = holes.Count == 1 ? holes[0].Text : string.Empty;
        return holes.Count == 1 && segments.All(s => s.IsHole || string.IsNullOrWhiteSpace(s.Text));
    }

    private static int FindHoleEnd(string template, int start)
    {
        var depth = 0;
        var previous = '(';
        for (var index = start; index < template.Length; index++)
        {
            var c = template[index];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (c is '\'' or '"')
            {
                index = SkipQuoted(template, index, c);
            }
            else if (c == '/' && RegexAllowedAfter.Contains(previous) && index + 1 < template.Length && template[index + 1] is not ('/' or '*'))
            {
                index = SkipRegex(template, index);
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0 && index + 1 < template.Length && template[index + 1] == '}')
                {
                    return index;
                }

                depth = Math.Max(0, depth - 1);
            }

            if (index >= template.Length)
            {
                return -1;
            }

            previous = c is '\'' or '"' or '/' ? 'a' : c;
        }

        return -1;
    }

    /// <summary>The index of the closing quote, or the template's length when there is none.</summary>
    private static int SkipQuoted(string template, int start, char quote)
    {
        for (var index = start + 1; index < template.Length; index++)
        {
            if (template[index] == '\\')
            {
                index++;
            }
            else if (template[index] == quote)
            {
                return index;
            }
        }

        return template.Length;
    }

    /// <summary>The index of the closing '/', skipping escapes and character classes, or the template's length.</summary>
    private static int SkipRegex(string template, int start)
    {
        var inClass = false;
        for (var index = start + 1; index < template.Length; index++)
        {
            switch (template[index])
            {
                case '\\':
                    index++;
                    break;
                case '[':
                    inClass = true;
                    break;
                case ']':
                    inClass = false;
                    break;
                case '/' when !inClass:
                    return index;
                case '\n':
                    return template.Length;
            }
        }

        return template.Length;
    }
}
