using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Reads the step tree of one definition, collecting every problem. One instance per definition: it tracks
/// the ids seen so far and the number of steps. A null context checks the shape only.
/// </summary>
internal sealed partial class StepParser(WorkflowValidationContext? context, List<WorkflowProblem> problems)
{
    private const string IdRule = "a letter or '_' followed by up to 63 letters, digits or '_'";

    private static readonly string[] BareFields = ["id", "kind"];

    private readonly Dictionary<string, string> _stepPathsById = new(StringComparer.Ordinal);

    /// <summary>The steps read so far, nested ones and invalid ones included.</summary>
    public int StepCount { get; private set; }

    /// <summary>
    /// Reads the array of steps in property <paramref name="name"/>; null (reported) when it is missing, not an
    /// array, or empty while <paramref name="allowEmpty"/> is false. An optional list that is missing is empty.
    /// </summary>
    public IReadOnlyList<StepDefinition>? ReadStepList(JsonFields fields, string name, int depth, bool allowEmpty)
    {
        if (!fields.TryGet(name, out var value))
        {
            if (allowEmpty)
            {
                return [];
            }

            fields.Report(name, $"'{name}' is required: a non-empty array of steps.");
            return null;
        }

        if (!fields.Expect(name, value, JsonValueKind.Array))
        {
            return null;
        }

        if (!allowEmpty && value.GetArrayLength() == 0)
        {
            fields.Report(name, $"'{name}' must list at least one step.");
            return null;
        }

        return ReadSteps(value, fields.PathOf(name), depth);
    }

    /// <summary>Reads the steps of an array known to be one; <paramref name="depth"/> is theirs (top level: 1).</summary>
    private IReadOnlyList<StepDefinition> ReadSteps(JsonElement array, string path, int depth)
    {
        // Reported once, where the limit is first crossed, rather than again for every deeper list.
        if (depth == WorkflowLimits.MaxNestingDepth + 1 && array.GetArrayLength() > 0)
        {
            problems.Add(new WorkflowProblem(
                path,
                $"These steps are nested {depth} levels deep; the limit is {WorkflowLimits.MaxNestingDepth} levels."));
        }

        var steps = new List<StepDefinition>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (ReadStep(element, JsonPath.Index(path, index++), depth) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps.AsReadOnly();
    }

    private StepDefinition? ReadStep(JsonElement element, string path, int depth)
    {
        StepCount++;
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new WorkflowProblem(
                path, $"Each step must be an object with 'id' and 'kind', not {JsonFields.Describe(element.ValueKind)}."));
            return null;
        }

        var fields = new JsonFields(element, path, problems);
        var id = ReadId(fields);
        var kind = ReadKind(fields);
        if (kind is null)
        {
            return null;
        }

        var stepId = id ?? string.Empty;
        StepDefinition? step = kind switch
        {
            StepKinds.Http => ReadHttp(stepId, fields),
            StepKinds.Transform => ReadTransform(stepId, fields),
            StepKinds.Branch => ReadBranch(stepId, fields, depth),
            StepKinds.Parallel => ReadParallel(stepId, fields, depth),
            StepKinds.Store => ReadBare(fields, kind) ? new StoreStep(stepId) : null,
            StepKinds.Notify => ReadNotify(stepId, fields),
            StepKinds.Wait => ReadWait(stepId, fields),
            StepKinds.Publish => ReadPublish(stepId, fields),
            _ => ReadBare(fields, kind) ? new BatchStep(stepId) : null,
        };
        return id is null ? null : step;
    }

    private string? ReadId(JsonFields fields)
    {
        var id = fields.RequiredString("id", "a name such as 'enrich'; expressions read the step's output as steps.<id>");
        if (id is null)
        {
            return null;
        }

        if (!Identifier().IsMatch(id))
        {
            fields.Report("id", $"'{id}' is not a valid step id; use {IdRule}, because expressions read it as steps.<id>.");
            return null;
        }

        if (!_stepPathsById.TryAdd(id, fields.Path))
        {
            fields.Report(
                "id",
                $"Step id '{id}' is already used by the step at {_stepPathsById[id]}; ids must be unique across the whole definition.");
            return null;
        }

        return id;
    }

    private static string? ReadKind(JsonFields fields)
    {
        var kinds = string.Join(", ", StepKinds.All);
        var kind = fields.RequiredString("kind", $"one of {kinds}");
        if (kind is not null && !StepKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            fields.Report("kind", $"'{kind}' is not a step kind; use one of {kinds}.");
            return null;
        }

        return kind;
    }

    /// <summary>Checks a step that has nothing but <c>id</c> and <c>kind</c>; false when it has more.</summary>
    private bool ReadBare(JsonFields fields, string kind)
    {
        var before = problems.Count;
        fields.RejectUnknown(BareFields, Owner(kind));
        return problems.Count == before;
    }

    /// <summary>The name of a connection of the expected kind; problems when it does not exist or is of another kind.</summary>
    private string? ReadConnection(JsonFields fields, ConnectionKind expected)
    {
        var name = fields.RequiredString("connection", $"the name of one of the tenant's {KindName(expected)} connections");
        if (name is null || context is null)
        {
            return name;
        }

        if (!context.Connections.TryGetValue(name, out var actual))
        {
            var names = context.Connections.Where(c => c.Value == expected).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
            var available = names.Count == 0
                ? $"the tenant has no {KindName(expected)} connections"
                : $"the tenant's {KindName(expected)} connections are: {string.Join(", ", names)}";
            fields.Report("connection", $"Connection '{name}' does not exist; {available}.");
        }
        else if (actual != expected)
        {
            fields.Report(
                "connection",
                $"Connection '{name}' is {WithArticle(actual)} connection; this step needs {WithArticle(expected)} connection.");
        }

        return name;
    }

    /// <summary>Checks a non-empty expression with the context's checker; false when it is reported.</summary>
    private bool CheckExpression(JsonFields fields, string name, string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            fields.Report(name, $"'{name}' must be a non-empty expression.");
            return false;
        }

        return Report(fields.PathOf(name), context?.CheckExpression(expression));
    }

    private bool CheckTemplate(string path, string template) => Report(path, context?.CheckTemplate(template));

    private bool Report(string path, string? message)
    {
        if (message is null)
        {
            return true;
        }

        problems.Add(new WorkflowProblem(path, message));
        return false;
    }

    private static string Owner(string kind) => $"a step of kind '{kind}'";

    private static string KindName(ConnectionKind kind) => kind switch
    {
        ConnectionKind.Http => "http",
        ConnectionKind.Slack => "slack",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string WithArticle(ConnectionKind kind) =>
        (KindName(kind)[0] is 'a' or 'e' or 'h' or 'i' or 'o' or 'u' ? "an " : "a ") + KindName(kind);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z")]
    private static partial Regex Identifier();
}
