namespace OrleansFlows.Contracts.Leads;

/// <summary>The idempotency key was used before with a different body.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.LeadConflictException")]
public sealed class LeadConflictException(string message) : Exception(message)
{
}

/// <summary>The tenant has no workflow of that name.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.UnknownWorkflowException")]
public sealed class UnknownWorkflowException(string message) : Exception(message)
{
}

/// <summary>The payload fails the workflow's input schema; <see cref="Errors"/> lists each problem by JSON path.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.LeadValidationException")]
public sealed class LeadValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The lead payload is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = errors;
}

/// <summary>The lead can't move from its status to the one asked for; the message names both.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.InvalidLeadTransitionException")]
public sealed class InvalidLeadTransitionException(string message) : Exception(message)
{
}
