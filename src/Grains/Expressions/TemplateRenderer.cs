using System.Text;
using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Renders parsed templates in a <see cref="ScriptSession"/>: every hole of one call shares its engine and budget.</summary>
internal static class TemplateRenderer
{
    /// <summary>Renders the segments as text; <paramref name="encodeValue"/>, if given, encodes each hole's value (never the literal text).</summary>
    public static string Render(ScriptSession session, IReadOnlyList<TemplateSegment> segments, Func<string, string>? encodeValue = null)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (!segment.IsHole)
            {
                text.Append(segment.Text);
                continue;
            }

            var value = AsText(session.Evaluate(segment.Text));
            text.Append(encodeValue is null ? value : encodeValue(value));
        }

        return text.ToString();
    }

    public static JsonNode? RenderJson(ScriptSession session, JsonNode? template) => template switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, RenderJson(session, p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(item => RenderJson(session, item))]),
        JsonValue value when value.TryGetValue<string>(out var text) => RenderString(session, text),
        _ => template?.DeepClone(),
    };

    /// <summary>Strings are inserted as they are; null and undefined as nothing; anything else as compact JSON.</summary>
    public static string AsText(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(JsValueConverter.Compact),
    };

    private static JsonNode? RenderString(ScriptSession session, string template)
    {
        var segments = TemplateParser.TryParse(template, out _)
            ?? throw new InvalidOperationException("Templates are checked before they are rendered.");
        if (TemplateParser.IsSingleHole(segments, out var expression))
        {
            return session.Evaluate(expression);
        }

        return segments.Any(s => s.IsHole) ? JsonValue.Create(Render(session, segments)) : JsonValue.Create(template);
    }
}
