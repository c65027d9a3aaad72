using System.Collections.ObjectModel;
using System.Text.Json;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors;

namespace OrleansFlows.Grains.Workflows;

/// <summary>The leaf steps with fields of their own: <c>transform</c>, <c>notify</c> and <c>wait</c>.</summary>
internal sealed partial class StepParser
{
    private static readonly string[] TransformFields = ["id", "kind", "set"];
    private static readonly string[] NotifyFields = ["id", "kind", "connection", "text"];
    private static readonly string[] WaitFields = ["id", "kind", "duration"];

    private TransformStep? ReadTransform(string id, JsonFields fields)
    {
        fields.RejectUnknown(TransformFields, Owner(StepKinds.Transform));
        if (!fields.TryGet("set", out var value))
        {
            fields.Report("set", "'set' is required: an object of field name to expression, such as {\"score\": \"steps.enrich.score * 2\"}.");
            return null;
        }

        if (!fields.Expect("set", value, JsonValueKind.Object))
        {
            return null;
        }

        var setFields = new JsonFields(value, fields.PathOf("set"), problems);
        var set = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var property in value.EnumerateObject())
        {
            if (!Identifier().IsMatch(property.Name))
            {
                valid = false;
                setFields.Report(property.Name, $"'{property.Name}' is not a valid field name; use {IdRule}.");
            }

            if (!setFields.Expect(property.Name, property.Value, JsonValueKind.String))
            {
                valid = false;
                continue;
            }

            var expression = property.Value.GetString()!;
            valid &= CheckExpression(setFields, property.Name, expression);
            set[property.Name] = expression;
        }

        if (set.Count == 0 && valid)
        {
            fields.Report("set", "'set' must name at least one field.");
            return null;
        }

        return valid ? new TransformStep(id, new ReadOnlyDictionary<string, string>(set)) : null;
    }

    private NotifyStep? ReadNotify(string id, JsonFields fields)
    {
        fields.RejectUnknown(NotifyFields, Owner(StepKinds.Notify));
        var connection = ReadConnection(fields, ConnectionKind.Slack);
        var text = fields.RequiredString("text", "a template such as 'New lead {{ lead.email }}'");
        if (text is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            fields.Report("text", "'text' must not be empty.");
            return null;
        }

        if (text.Length > WorkflowLimits.MaxNotifyTextLength)
        {
            fields.Report("text", $"'text' is {text.Length} characters long; the limit is {WorkflowLimits.MaxNotifyTextLength}.");
            return null;
        }

        if (!CheckTemplate(fields.PathOf("text"), text) || !CheckSlackMarkup(fields, text))
        {
            return null;
        }

        return connection is null ? null : new NotifyStep(id, connection, text);
    }

    /// <summary>
    /// Refuses, at publication only, a hole inside the text's own <c>&lt;…&gt;</c>: a stored definition stays readable.
    /// </summary>
    private bool CheckSlackMarkup(JsonFields fields, string text)
    {
        if (context is null || SlackText.FindHoleInsideMarkup(text) is not { } hole)
        {
            return true;
        }

        fields.Report(
            "text",
            $"'text' has a '{{{{ }}}}' hole inside '<…>' (at position {hole.Position}): a value inside <…> would become Slack markup (a mention or a link); put the hole outside the angle brackets.");
        return false;
    }

    private WaitStep? ReadWait(string id, JsonFields fields)
    {
        fields.RejectUnknown(WaitFields, Owner(StepKinds.Wait));
        var duration = fields.RequiredDuration(
            "duration",
            WorkflowLimits.MinWait,
            WorkflowLimits.MaxWait,
            "a duration from 1s to 30d, such as '90s', '2h' or '2d'");
        return duration is null ? null : new WaitStep(id, duration.Value);
    }
}
