using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Connectors;

/// <summary>
/// The text of Slack messages. Slack reads <c>&lt;…&gt;</c> as markup (<c>&lt;!channel&gt;</c> pings a whole channel,
/// <c>&lt;https://…|label&gt;</c> shows a disguised link) and <c>&amp;</c> as the start of an entity. So every value from
/// lead data is escaped by Slack's rules (<c>&amp;</c> → <c>&amp;amp;</c>, <c>&lt;</c> → <c>&amp;lt;</c>,
/// <c>&gt;</c> → <c>&amp;gt;</c>), and only a template's own literal text may carry markup. A hole inside the
/// template's own <c>&lt;…&gt;</c> is refused at publication (<see cref="FindHoleInsideMarkup"/>): there, even an
/// escaped value would choose the markup (<c>!channel</c>, <c>@U0123</c>, <c>https://evil|Reset</c>).
/// </summary>
internal static class SlackText
{
    /// <summary>Escapes <paramref name="value"/> so that Slack shows it as written.</summary>
    public static string Escape(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// The first <c>{{ expression }}</c> hole that sits between a literal <c>&lt;</c> and the literal <c>&gt;</c> that
    /// closes it, where Slack would read the value as the target of a mention or a link; null when there is none, or
    /// when the template does not parse (its holes are reported elsewhere). A <c>&lt;</c> never closed is not markup.
    /// </summary>
    public static TemplateSegment? FindHoleInsideMarkup(string template)
    {
        var segments = TemplateParser.TryParse(template, out _);
        if (segments is null)
        {
            return null;
        }

        var open = false;
        TemplateSegment? holeSinceOpen = null;
        foreach (var segment in segments)
        {
            if (segment.IsHole)
            {
                if (open)
                {
                    holeSinceOpen ??= segment;
                }

                continue;
            }

            foreach (var c in segment.Text)
            {
                if (c == '<')
                {
                    // A second '<' before any '>' leaves the first one open: Slack's markup runs to the next '>'.
                    open = true;
                }
                else if (c == '>' && open)
                {
                    if (holeSinceOpen is not null)
                    {
                        return holeSinceOpen;
                    }

                    open = false;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Renders a <c>notify</c> template: literal text as written, and each <c>{{ expression }}</c> hole's value escaped.
    /// All holes share one expression call, in the tenant's queue for the expression workers.
    /// </summary>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public static Task<string> RenderAsync(ExpressionEvaluator expressions, TenantId tenant, string template, ExpressionScope scope, CancellationToken cancellationToken) =>
        expressions.RenderTemplateAsync(tenant, template, scope, Escape, cancellationToken);
}
