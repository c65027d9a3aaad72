using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    /// <summary>Two credentials of a kind may be active at once, so clients can rotate without downtime.</summary>
    private const int ActiveCredentials = 2;

    public async Task<ApiKeyIssued> IssueApiKeyAsync()
    {
        EnsureExists();
        var (keyId, key, hash) = ApiKeys.Generate();
        var issued = new StoredApiKey(keyId, hash, timeProvider.GetUtcNow());
        var revoked = Rotate(state.State.ApiKeys, issued);
        await CommitAsync([TenantAccessRows.InsertApiKey(Id, issued), .. revoked.Select(old => TenantAccessRows.RevokeApiKey(old.KeyId, issued.CreatedAt))]);
        return new ApiKeyIssued(keyId, key, issued.CreatedAt);
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId)
    {
        EnsureExists();
        var key = state.State.ApiKeys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            return false;
        }

        state.State.ApiKeys.Remove(key);
        await CommitAsync(TenantAccessRows.RevokeApiKey(keyId, timeProvider.GetUtcNow()));
        return true;
    }

    public async Task<ApiKeyRevocation> RevokeApiKeyKeepingOneAsync(string keyId)
    {
        EnsureExists();
        if (state.State.ApiKeys.All(k => k.KeyId != keyId))
        {
            return ApiKeyRevocation.NotActive;
        }

        if (state.State.ApiKeys.Count == 1)
        {
            return ApiKeyRevocation.LastKey;
        }

        await RevokeApiKeyAsync(keyId);
        return ApiKeyRevocation.Revoked;
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>(state.State.ApiKeys.Select(k => new ApiKeyInfo(k.KeyId, k.CreatedAt)).ToList());

    public async Task<WebhookSecretIssued> IssueWebhookSecretAsync()
    {
        EnsureExists();
        var secretId = "ws_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
        var secret = ApiKeys.NewWebhookSecret();
        var stored = new StoredWebhookSecret(secretId, secrets.Protect(secret, SecretPurposes.WebhookSigning(Id, secretId)), timeProvider.GetUtcNow());
        foreach (var dropped in Rotate(state.State.WebhookSecrets, stored))
        {
            _signingSecrets.Remove(dropped.SecretId);
        }

        await CommitAsync();
        return new WebhookSecretIssued(secretId, secret, stored.CreatedAt);
    }

    public Task<IReadOnlyList<WebhookSecretInfo>> ListWebhookSecretsAsync()
    {
        // Rotation appends, so the newest secret is the last one kept.
        var active = state.State.WebhookSecrets;
        return Task.FromResult<IReadOnlyList<WebhookSecretInfo>>(
            active.Select((s, i) => new WebhookSecretInfo(s.SecretId, s.CreatedAt, i == active.Count - 1)).Reverse().ToList());
    }

    public async Task<TenantView> SetSuspendedAsync(bool suspended)
    {
        EnsureExists();
        if (state.State.Offboarding is { } offboarding)
        {
            // A tenant being offboarded stays suspended; the change is what cancelling the offboarding restores.
            state.State.Offboarding = offboarding with { SuspendedBefore = suspended };
        }
        else
        {
            state.State.Suspended = suspended;
        }

        await CommitAsync();
        return View()!;
    }

    /// <summary>Adds <paramref name="issued"/> and keeps only the newest active ones; returns those dropped.</summary>
    private static List<T> Rotate<T>(List<T> active, T issued)
    {
        active.Add(issued);
        var dropped = active.Take(Math.Max(0, active.Count - ActiveCredentials)).ToList();
        active.RemoveRange(0, dropped.Count);
        return dropped;
    }
}
