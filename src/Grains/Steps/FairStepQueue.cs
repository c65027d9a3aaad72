using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Fairness;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Queues step attempts per tenant and hands them out in turn (round robin, <see cref="TenantFairQueue{T}"/>), never
/// more than a tenant's cap or the silo's total at once. One tenant's flood therefore waits in its own queue while
/// other tenants' steps go ahead. Within a tenant, attempts that continue a lead (<see cref="StepWork.ContinuesLead"/>)
/// go ahead of first steps of new leads.
/// </summary>
/// <remarks>
/// Thread-safe. A tenant's cap is read whenever the tenant could get a turn, so a cap that changes takes effect at
/// the tenant's next enqueue, take or completion, or at <see cref="Reconsider"/>. A cap of 0 holds the tenant's
/// attempts until it rises.
/// </remarks>
internal sealed class FairStepQueue(int maxTotal, Func<TenantId, int> tenantCap)
{
    private readonly TenantFairQueue<StepWork> _queue = new(maxTotal, tenantCap);

    // Attempts queued or running. A lead dispatches its attempt again at its wake time when the outcome is late,
    // which is what it should do after a silo died; here the attempt is still queued or running, and a second copy
    // would only repeat the call.
    private readonly HashSet<(LeadKey Lead, string Step, int Attempt)> _known = [];

    public int Pending => _queue.Pending;

    public int InFlight => _queue.InFlight;

    /// <summary>Attempts queued and not yet taken, per tenant with any waiting.</summary>
    public List<(TenantId Tenant, int Pending)> PendingByTenant() => _queue.PendingByTenant();

    /// <summary>Queues an attempt; returns false (and queues nothing) when the same attempt is already queued or running.</summary>
    public bool Enqueue(StepWork work)
    {
        lock (_known)
        {
            if (!_known.Add(Identity(work)))
            {
                return false;
            }

            _queue.TryEnqueue(work.Lead.Tenant, work, continuation: work.ContinuesLead);
            return true;
        }
    }

    /// <summary>Takes the next attempt that may start now, or null when none may.</summary>
    public StepWork? TryTake() => _queue.TryTake(out _, out var work) ? work : null;

    /// <summary>Marks an attempt taken by <see cref="TryTake"/> as finished, freeing its slot.</summary>
    public void Complete(StepWork work)
    {
        lock (_known)
        {
            _known.Remove(Identity(work));
            _queue.Complete(work.Lead.Tenant);
        }
    }

    /// <summary>Reads the tenant's cap again, giving it a turn if it has room now.</summary>
    public void Reconsider(TenantId tenant) => _queue.Reconsider(tenant);

    private static (LeadKey, string, int) Identity(StepWork work) => (work.Lead, work.Step.Id, work.Attempt);
}
