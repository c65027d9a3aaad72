using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Queues;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Parses and validates a tenant's workflow definition (see <c>docs/workflow-definition.schema.json</c>).</summary>
public static class WorkflowDefinitionParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // A repeated property is ambiguous in a stored contract: refuse it instead of letting the last one win.
        AllowDuplicateProperties = false,
    };

    private static readonly string[] DefinitionFields = ["input", "steps", "trigger"];

    /// <summary>
    /// Parses <paramref name="json"/> and checks it against every rule of the format and against
    /// <paramref name="context"/> (the tenant's connections, expressions, templates and the input schema).
    /// </summary>
    /// <exception cref="WorkflowValidationException">The definition is invalid; every problem found is listed.</exception>
    public static WorkflowDefinition Parse(string json, WorkflowValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        return Read(json, context);
    }

    /// <summary>Parses a definition; with a null context, only its own shape is checked (for stored definitions).</summary>
    internal static WorkflowDefinition Read(string json, WorkflowValidationContext? context)
    {
        var problems = new List<WorkflowProblem>();
        var definition = ReadDefinition(json, context, problems);
        if (problems.Count > 0)
        {
            throw new WorkflowValidationException(problems);
        }

        return definition ?? throw new UnreachableException("A definition that could not be read must have reported a problem.");
    }

    private static WorkflowDefinition? ReadDefinition(string json, WorkflowValidationContext? context, List<WorkflowProblem> problems)
    {
        var size = Encoding.UTF8.GetByteCount(json);
        if (size > WorkflowLimits.MaxDefinitionBytes)
        {
            problems.Add(new WorkflowProblem(
                JsonPath.Root,
                $"The definition is {size} bytes long; the limit is {WorkflowLimits.MaxDefinitionBytes} bytes (256 KiB)."));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            problems.Add(new WorkflowProblem(JsonPath.Root, $"The definition is not valid JSON: {exception.Message}"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new WorkflowProblem(
                    JsonPath.Root,
                    $"A workflow definition must be an object with 'input' and 'steps', not {JsonFields.Describe(root.ValueKind)}."));
                return null;
            }

            var fields = new JsonFields(root, JsonPath.Root, problems);
            fields.RejectUnknown(DefinitionFields, "the definition");
            var input = ReadInput(fields, context);
            var parser = new StepParser(context, problems);
            var steps = parser.ReadStepList(fields, "steps", depth: 1, allowEmpty: false);
            if (parser.StepCount > WorkflowLimits.MaxSteps)
            {
                fields.Report(
                    "steps",
                    $"The definition has {parser.StepCount} steps, nested ones included; the limit is {WorkflowLimits.MaxSteps}.");
            }

            var trigger = QueueTriggerParser.Read(fields, context, problems);
            return input is null || steps is null ? null : new WorkflowDefinition(input, steps, trigger);
        }
    }

    private static JsonObject? ReadInput(JsonFields fields, WorkflowValidationContext? context)
    {
        if (!fields.TryGet("input", out var value))
        {
            fields.Report("input", "'input' is required: a JSON Schema (draft-07) for the lead payload, such as {\"type\": \"object\"}.");
            return null;
        }

        if (!fields.Expect("input", value, JsonValueKind.Object))
        {
            return null;
        }

        var schema = JsonNodes.Copy(value)!.AsObject();
        if (context?.CheckInputSchema(schema) is { } message)
        {
            fields.Report("input", message);
        }

        return schema;
    }
}
