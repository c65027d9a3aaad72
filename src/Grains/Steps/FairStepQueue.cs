using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Queues step attempts per tenant and hands them out in turn (round robin), never more than a tenant's cap or the
/// silo's total at once. One tenant's flood therefore waits in its own queue while other tenants' steps go ahead.
/// </summary>
/// <remarks>
/// Thread-safe. A tenant's cap is read whenever the tenant could get a turn, so a cap that changes takes effect at
/// the tenant's next enqueue, take or completion, or at <see cref="Reconsider"/>. A cap of 0 holds the tenant's
/// attempts until it rises.
/// </remarks>
internal sealed class FairStepQueue(int maxTotal, Func<TenantId, int> tenantCap)
{
    private readonly Dictionary<TenantId, TenantQueue> _tenants = [];
    private readonly Queue<TenantId> _turns = new();

    // Attempts queued or running. A lead dispatches its attempt again at its wake time when the outcome is late,
    // which is what it should do after a silo died; here the attempt is still queued or running, and a second copy
    // would only repeat the call.
    private readonly HashSet<(LeadKey Lead, string Step, int Attempt)> _known = [];
    private int _inFlight;

    public int Pending { get; private set; }

    public int InFlight
    {
        get
        {
            lock (_tenants)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Queues an attempt; returns false (and queues nothing) when the same attempt is already queued or running.</summary>
    public bool Enqueue(StepWork work)
    {
        lock (_tenants)
        {
            if (!_known.Add(Identity(work)))
            {
                return false;
            }

            var tenant = work.Lead.Tenant;
            if (!_tenants.TryGetValue(tenant, out var queue))
            {
                _tenants[tenant] = queue = new TenantQueue();
            }

            queue.Pending.Enqueue(work);
            Pending++;
            OfferTurn(tenant, queue);
            return true;
        }
    }

    /// <summary>Takes the next attempt that may start now, or null when none may.</summary>
    public StepWork? TryTake()
    {
        lock (_tenants)
        {
            while (_inFlight < maxTotal && _turns.TryDequeue(out var tenant))
            {
                var queue = _tenants[tenant];
                queue.HasTurn = false;

                // The cap may have dropped since the turn was offered.
                if (queue.InFlight >= tenantCap(tenant))
                {
                    continue;
                }

                var work = queue.Pending.Dequeue();
                Pending--;
                queue.InFlight++;
                _inFlight++;
                OfferTurn(tenant, queue);
                return work;
            }

            return null;
        }
    }

    /// <summary>Marks an attempt taken by <see cref="TryTake"/> as finished, freeing its slot.</summary>
    public void Complete(StepWork work)
    {
        lock (_tenants)
        {
            _known.Remove(Identity(work));
            var tenant = work.Lead.Tenant;
            var queue = _tenants[tenant];
            queue.InFlight--;
            _inFlight--;
            if (queue.InFlight == 0 && queue.Pending.Count == 0)
            {
                _tenants.Remove(tenant);
                return;
            }

            OfferTurn(tenant, queue);
        }
    }

    /// <summary>Reads the tenant's cap again, giving it a turn if it has room now.</summary>
    public void Reconsider(TenantId tenant)
    {
        lock (_tenants)
        {
            if (_tenants.TryGetValue(tenant, out var queue))
            {
                OfferTurn(tenant, queue);
            }
        }
    }

    private static (LeadKey, string, int) Identity(StepWork work) => (work.Lead, work.Step.Id, work.Attempt);

    private void OfferTurn(TenantId tenant, TenantQueue queue)
    {
        if (!queue.HasTurn && queue.Pending.Count > 0 && queue.InFlight < tenantCap(tenant))
        {
            queue.HasTurn = true;
            _turns.Enqueue(tenant);
        }
    }

    private sealed class TenantQueue
    {
        public Queue<StepWork> Pending { get; } = new();

        public int InFlight { get; set; }

        /// <summary>Whether the tenant is in the round-robin line already.</summary>
        public bool HasTurn { get; set; }
    }
}
