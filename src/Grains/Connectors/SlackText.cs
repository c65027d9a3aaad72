using OrleansFlows.Contracts.Tenants;
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
    /// Renders a <c>notify</c> template: literal text as written, and each <c>{{ expression }}</c> hole's value escaped.
    /// All holes share one expression call, in the tenant's queue for the expression workers.
    /// </summary>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public static Task<string> RenderAsync(ExpressionEvaluator expressions, TenantId tenant, string template, ExpressionScope scope, CancellationToken cancellationToken) =>
        expressions.RenderTemplateAsync(tenant, template, scope, Escape, cancellationToken);
}
