namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant change was refused; <see cref="Errors"/> lists every problem by field.</summary>
public sealed class TenantValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The tenant change is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>The problems, by field name.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
