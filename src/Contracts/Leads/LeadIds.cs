using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Contracts.Leads;

/// <summary>Derives lead ids. An idempotency key is hashed, so any characters in it are safe.</summary>
public static class LeadIds
{
    /// <summary>The lead id for an idempotency key, scoped to (tenant, workflow): 32 lower-case hex characters.</summary>
    public static string FromIdempotencyKey(string workflow, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workflow}\n{idempotencyKey}")))[..32];

    /// <summary>A fresh random lead id for a submission without a key.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A hash of a request body, to tell a replay from a conflicting reuse of a key.</summary>
    public static string HashBody(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
