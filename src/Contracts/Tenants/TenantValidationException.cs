namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant change was refused; <see cref="Errors"/> lists every problem by field.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.TenantValidationException")]
public sealed class TenantValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The tenant change is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>The problems, by field name.</summary>
    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = errors;
}
