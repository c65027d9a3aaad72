using System.Text;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Connectors;

/// <summary>
/// The text of Slack messages. Slack reads <c>&lt;…&gt;</c> as markup (<c>&lt;!channel&gt;</c> pings a whole channel,
/// <c>&lt;https://…|label&gt;</c> shows a disguised link) and <c>&amp;</c> as the start of an entity. So every value from
/// lead data is escaped by Slack's rules (<c>&amp;</c> → <c>&amp;amp;</c>, <c>&lt;</c> → <c>&amp;lt;</c>,
/// <c>&gt;</c> → <c>&amp;gt;</c>), and only a template's own literal text may carry markup.
/// </summary>
internal static class SlackText
{
    /// <summary>Escapes <paramref name="value"/> so that Slack shows it as written.</summary>
    public static string Escape(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Renders a <c>notify</c> template: literal text as written, and each <c>{{ expression }}</c> hole's value (as
    /// <see cref="ExpressionEvaluator.RenderTemplate"/> writes it) escaped. Each hole is evaluated on its own, as the
    /// holes of an http step's path are, so that no value can be mistaken for the template's text.
    /// </summary>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public static string Render(string template, ExpressionEvaluator expressions, ExpressionScope scope)
    {
        var segments = TemplateParser.TryParse(template, out var error)
            ?? throw new ExpressionException(ExpressionErrorKind.Syntax, template, $"syntax error in template: {error}");
        var text = new StringBuilder(template.Length);
        foreach (var segment in segments)
        {
            text.Append(segment.IsHole ? Escape(expressions.RenderTemplate("{{" + segment.Text + "}}", scope)) : segment.Text);
        }

        return text.ToString();
    }
}
