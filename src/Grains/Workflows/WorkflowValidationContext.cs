using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Workflows;

/// <summary>What a definition is checked against besides its own shape: the tenant's connections and the expression language.</summary>
/// <param name="connections">The tenant's connections by name.</param>
/// <param name="checkExpression">Checks an expression; returns null when it is valid, else a message.</param>
/// <param name="checkTemplate">Checks a <c>{{ expression }}</c> template; returns null when it is valid, else a message.</param>
/// <param name="checkInputSchema">Checks the <c>input</c> JSON Schema; returns null when it is valid, else a message.</param>
public sealed class WorkflowValidationContext(
    IReadOnlyDictionary<string, ConnectionKind> connections,
    Func<string, string?> checkExpression,
    Func<string, string?> checkTemplate,
    Func<JsonObject, string?> checkInputSchema)
{
    /// <summary>The tenant's connections by name.</summary>
    public IReadOnlyDictionary<string, ConnectionKind> Connections { get; } =
        connections ?? throw new ArgumentNullException(nameof(connections));

    /// <summary>Checks an expression; returns null when it is valid, else a message.</summary>
    public Func<string, string?> CheckExpression { get; } =
        checkExpression ?? throw new ArgumentNullException(nameof(checkExpression));

    /// <summary>Checks a template; returns null when it is valid, else a message.</summary>
    public Func<string, string?> CheckTemplate { get; } =
        checkTemplate ?? throw new ArgumentNullException(nameof(checkTemplate));

    /// <summary>Checks the input JSON Schema; returns null when it is valid, else a message.</summary>
    public Func<JsonObject, string?> CheckInputSchema { get; } =
        checkInputSchema ?? throw new ArgumentNullException(nameof(checkInputSchema));
}
