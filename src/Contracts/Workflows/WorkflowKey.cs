using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Contracts.Workflows;

/// <summary>Formats the key of a workflow version grain, <c>{tenantId}/{name}/{version}</c>, and checks workflow names.</summary>
public static class WorkflowKey
{
    /// <summary>The longest workflow name accepted.</summary>
    public const int MaxNameLength = 64;

    public static string Format(TenantId tenant, string name, int version) => $"{tenant.Value}/{name}/{version}";

    /// <summary>Whether a workflow name is 1 to 64 lower-case letters, digits and '-', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name[0] != '-'
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
