using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Webhooks;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    // Transient: this activation's ingest bucket, and the active signing secrets already decrypted (by secret id), so
    // a delivery costs one HMAC per secret and no decryption. Only secrets still in the state are ever consulted, so a
    // rotation takes effect on the next delivery.
    private readonly RateBucket _ingest = new();
    private readonly Dictionary<string, string> _signingSecrets = new(StringComparer.Ordinal);

    public async Task<LeadAdmission> AdmitLeadAsync(LeadAdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Profile is not { } profile || !IsAuthentic(request))
        {
            return LeadAdmission.Refused(LeadAdmissionVerdict.NotAuthenticated);
        }

        // A key-authenticated caller learns of the suspension first, as every API call does; a webhook sender only
        // after the workflow and the timestamp window.
        var webhook = request.Delivery is not null;
        if (!webhook && state.State.Suspended)
        {
            return LeadAdmission.Refused(LeadAdmissionVerdict.Suspended);
        }

        if (!state.State.Workflows.TryGetValue(request.Workflow, out var entry) || entry.LatestVersion == 0)
        {
            return LeadAdmission.Refused(LeadAdmissionVerdict.UnknownWorkflow);
        }

        if (webhook && !request.TimestampFresh)
        {
            return LeadAdmission.Refused(LeadAdmissionVerdict.StaleTimestamp);
        }

        if (webhook && state.State.Suspended)
        {
            return LeadAdmission.Refused(LeadAdmissionVerdict.Suspended);
        }

        var limits = state.State.Limits;
        if (!_ingest.TryTake(limits.IngestPerMinute, timeProvider.GetUtcNow(), out var rateRetry))
        {
            return new LeadAdmission(LeadAdmissionVerdict.IngestRateReached, 0, null, null, limits.IngestPerMinute, rateRetry);
        }

        var reservation = await TryReserveLeadAsync();
        return reservation.Allowed
            ? new LeadAdmission(LeadAdmissionVerdict.Admitted, entry.LatestVersion, profile.TimeZone, reservation.BusinessDate, reservation.Limit, TimeSpan.Zero)
            : new LeadAdmission(LeadAdmissionVerdict.PlanUsedUp, 0, null, reservation.BusinessDate, reservation.Limit, reservation.RetryAfter);
    }

    /// <summary>A webhook signed by an active secret, an API key that is still active, or the cluster's own queue consumer.</summary>
    private bool IsAuthentic(LeadAdmissionRequest request) => request.QueueTrigger || (request.Delivery is { } delivery
        ? state.State.WebhookSecrets.Any(s => StandardWebhookSignature.Verify(SigningSecret(s), delivery.Id, delivery.Timestamp, delivery.Body, delivery.Signature))
        : request.ApiKeyId is { } keyId && state.State.ApiKeys.Any(k => k.KeyId == keyId));

    private string SigningSecret(StoredWebhookSecret stored)
    {
        if (!_signingSecrets.TryGetValue(stored.SecretId, out var secret))
        {
            secret = secrets.Unprotect(stored.Secret, SecretPurposes.WebhookSigning(Id, stored.SecretId));
            _signingSecrets[stored.SecretId] = secret;
        }

        return secret;
    }
}
