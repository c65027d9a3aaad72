using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Queues step attempts per tenant and hands them out in turn (round robin), never more than a tenant's cap or the
/// silo's total at once. One tenant's flood therefore waits in its own queue while other tenants' steps go ahead.
/// </summary>
internal sealed class FairStepQueue(int maxTotal, Func<TenantId, int> tenantCap)
{
    private readonly Dictionary<TenantId, TenantQueue> _tenants = [];
    private readonly Queue<TenantId> _turns = new();
    private int _inFlight;

    public int Pending { get; private set; }

    public int InFlight => _inFlight;

    public void Enqueue(StepWork work)
    {
        lock (_tenants)
        {
            var tenant = work.Lead.Tenant;
            if (!_tenants.TryGetValue(tenant, out var queue))
            {
                _tenants[tenant] = queue = new TenantQueue();
            }

            queue.Pending.Enqueue(work);
            Pending++;
            OfferTurn(tenant, queue);
        }
    }

    /// <summary>Takes the next attempt that may start now, or null when none may.</summary>
    public StepWork? TryTake()
    {
        lock (_tenants)
        {
            if (_inFlight >= maxTotal || !_turns.TryDequeue(out var tenant))
            {
                return null;
            }

            var queue = _tenants[tenant];
            queue.HasTurn = false;
            var work = queue.Pending.Dequeue();
            Pending--;
            queue.InFlight++;
            _inFlight++;
            OfferTurn(tenant, queue);
            return work;
        }
    }

    /// <summary>Marks an attempt taken by <see cref="TryTake"/> as finished.</summary>
    public void Complete(StepWork work)
    {
        lock (_tenants)
        {
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
