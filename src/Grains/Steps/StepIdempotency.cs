using System.Security.Cryptography;
using System.Text;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Steps;

/// <summary>Derives the idempotency key of a step attempt from (tenant, lead, step, attempt).</summary>
public static class StepIdempotency
{
    /// <summary>The header that carries it.</summary>
    public const string HeaderName = "Idempotency-Key";

    public static string Key(LeadKey lead, string stepId, int attempt) =>
        "of_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{lead.Tenant.Value}\n{lead.LeadId}\n{stepId}\n{attempt}")))[..40];
}
