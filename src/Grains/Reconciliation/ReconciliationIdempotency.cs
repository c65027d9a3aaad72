using System.Security.Cryptography;
using System.Text;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// The idempotency key of one chunk, derived from (tenant, date, attempt, chunk index): the same on every retry of the
/// chunk and on every resumption of the attempt, different for a forced new attempt.
/// </summary>
public static class ReconciliationIdempotency
{
    public static string Key(TenantId tenant, DateOnly date, int attempt, int chunk) =>
        "rc_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant.Value}\n{ReconciliationRows.DateText(date)}\n{attempt}\n{chunk}")))[..40];
}
