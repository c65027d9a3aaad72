using Orleans.Concurrency;
using OrleansFlows.Contracts.Offboarding;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant (<c>tenant/{tenantId}</c>): its profile, and later its limits, connections and workflows.</summary>
[Alias("tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The tenant, or null if it was never created.</summary>
    [ReadOnly]
    Task<TenantView?> GetAsync();

    /// <summary>Creates the tenant with a profile, or replaces the profile of an existing one. Durable when it returns.</summary>
    /// <exception cref="TenantValidationException">The profile is invalid; every problem is listed.</exception>
    Task<TenantView> SetProfileAsync(TenantProfile profile);

    /// <summary>
    /// Validates a workflow definition and publishes it as the workflow's next version. Publishing the same definition
    /// as the latest version again returns that version. Leads already running keep their version.
    /// </summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    /// <exception cref="ArgumentException">The workflow name is invalid.</exception>
    /// <remarks>An invalid definition throws the workflow engine's validation exception, listing every problem with its path.</remarks>
    Task<WorkflowSummary> PublishWorkflowAsync(string name, string definitionJson);

    /// <summary>A workflow and its versions, or null.</summary>
    [ReadOnly]
    Task<WorkflowSummary?> GetWorkflowAsync(string name);

    /// <summary>The tenant's workflows, by name.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WorkflowSummary>> ListWorkflowsAsync();

    /// <summary>What a new lead of the workflow runs on.</summary>
    /// <exception cref="Leads.UnknownWorkflowException">The tenant or the workflow does not exist.</exception>
    [ReadOnly]
    Task<WorkflowRunInfo> GetWorkflowForRunAsync(string name);

    /// <summary>Creates or replaces a connection; its secret parts are encrypted before they are stored.</summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    /// <exception cref="TenantValidationException">The connection is invalid; every problem is listed.</exception>
    Task<ConnectionView> PutConnectionAsync(ConnectionSpec connection);

    /// <summary>Deletes a connection; returns false if there was none.</summary>
    Task<bool> DeleteConnectionAsync(string name);

    /// <summary>The tenant's connections, secrets redacted.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ConnectionView>> ListConnectionsAsync();

    /// <summary>A connection with its secrets still encrypted, for the step executor; null if there is none.</summary>
    [ReadOnly]
    Task<ConnectionDetails?> GetConnectionAsync(string name);

    /// <summary>Issues a new API key. The newest previous key stays active, so two work while clients rotate; older ones are revoked.</summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    Task<ApiKeyIssued> IssueApiKeyAsync();

    /// <summary>Revokes an API key; returns false if it was not active.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId);

    /// <summary>The active API keys, without secrets.</summary>
    [ReadOnly]
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync();

    /// <summary>Issues a new webhook signing secret; the newest previous one stays active while senders rotate.</summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    Task<WebhookSecretIssued> IssueWebhookSecretAsync();

    /// <summary>Suspends or resumes the tenant.</summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    Task<TenantView> SetSuspendedAsync(bool suspended);

    /// <summary>Replaces the plan limits.</summary>
    /// <exception cref="TenantValidationException">A limit is out of range.</exception>
    Task<TenantView> SetLimitsAsync(PlanLimits limits);

    /// <summary>
    /// The whole admission of a new lead in one call, in the designed order: the credential (webhook signature or
    /// API key still active), suspension (API key), the workflow, the timestamp window and suspension (webhook), the
    /// ingest rate and the daily plan. When admitted, one lead is counted against the plan (give it back with
    /// <see cref="ReleaseLeadAsync"/> if the lead is not accepted) and the answer carries the workflow version and
    /// time zone the lead runs on.
    /// </summary>
    Task<LeadAdmission> AdmitLeadAsync(LeadAdmissionRequest request);

    /// <summary>Gives back a reservation whose lead was not accepted (refused, or a replay).</summary>
    Task ReleaseLeadAsync(string businessDate);

    /// <summary>
    /// Revokes an API key unless it is the tenant's last active one, in one turn, so that two revocations at once can't
    /// leave the tenant without a key.
    /// </summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    Task<ApiKeyRevocation> RevokeApiKeyKeepingOneAsync(string keyId);

    /// <summary>The active webhook signing secrets, newest (current) first, without the secrets.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WebhookSecretInfo>> ListWebhookSecretsAsync();

    /// <summary>
    /// Marks the tenant as being offboarded and suspends it, remembering its suspension to restore on cancel. Already
    /// being offboarded, it returns the existing schedule unchanged. Called by the offboarding grain.
    /// </summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    Task<TenantOffboarding> BeginOffboardingAsync(DateTimeOffset scheduledFor);

    /// <summary>Ends a scheduled offboarding and restores the suspension it replaced; null when none was scheduled (or no tenant).</summary>
    Task<TenantView?> CancelOffboardingAsync();

    /// <summary>
    /// The last step of an offboarding: deletes the tenant's state, its list row and its API key rows in one write, and
    /// ends the activation, so the id answers as a tenant that never existed. Does nothing unless it is being offboarded.
    /// </summary>
    /// <returns>True when the tenant was deleted now; false when there was no tenant, or one not being offboarded.</returns>
    Task<bool> DeleteOffboardedAsync();

    /// <summary>
    /// Takes one data request (an export, an erasure, a retention run started by hand) from the tenant's own bucket of
    /// <paramref name="perMinute"/>; the bucket is kept by the tenant's activation, so the rate holds across every API.
    /// </summary>
    /// <returns>Null when taken; otherwise how long until one is available.</returns>
    Task<TimeSpan?> TakeDataRequestAsync(int perMinute);
}
