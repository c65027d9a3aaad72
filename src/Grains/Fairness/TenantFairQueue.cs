using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Fairness;

/// <summary>
/// Queues work per tenant and hands it out in turn (round robin), never more than a tenant's cap or the total at once.
/// One tenant's flood therefore waits in its own queue while other tenants' work goes ahead. Shared by the step
/// executor (outbound calls) and the expression workers (script CPU).
/// </summary>
/// <remarks>
/// <para>Within a tenant, work queued as a continuation (for the step executor: a step of a lead that already ran one) goes
/// ahead of the tenant's other work, each lane in arrival order. A burst of new leads therefore does not hold back the
/// next steps of leads already under way: they finish at a steady rate instead of all at the end of the burst. The
/// lanes only order a tenant's own work; tenants still take turns as before.</para>
/// <para>Thread-safe. A tenant's cap is read whenever the tenant could get a turn, so a cap that changes takes effect at
/// the tenant's next enqueue, take or completion, or at <see cref="Reconsider"/>. A cap of 0 holds the tenant's
/// work until it rises.</para>
/// </remarks>
/// <typeparam name="T">The work item.</typeparam>
internal sealed class TenantFairQueue<T>(int maxTotal, Func<TenantId, int> tenantCap)
{
    private readonly Dictionary<TenantId, TenantQueue> _tenants = [];
    private readonly Queue<TenantId> _turns = new();
    private int _inFlight;
    private int _pending;

    /// <summary>Items queued and not yet taken.</summary>
    public int Pending
    {
        get
        {
            lock (_tenants)
            {
                return _pending;
            }
        }
    }

    /// <summary>Items taken and not yet completed.</summary>
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

    /// <summary>Items queued and not yet taken, per tenant with any waiting.</summary>
    public List<(TenantId Tenant, int Pending)> PendingByTenant()
    {
        lock (_tenants)
        {
            return _tenants.Where(t => t.Value.Count > 0).Select(t => (t.Key, t.Value.Count)).ToList();
        }
    }

    /// <summary>Queues an item for a tenant; returns false (and queues nothing) when the tenant already has <paramref name="maxPending"/> waiting.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="item">The work.</param>
    /// <param name="maxPending">The most items the tenant may have waiting.</param>
    /// <param name="continuation">Whether the item continues work already under way: it goes ahead of the tenant's other waiting items.</param>
    public bool TryEnqueue(TenantId tenant, T item, int maxPending = int.MaxValue, bool continuation = false)
    {
        lock (_tenants)
        {
            if (!_tenants.TryGetValue(tenant, out var queue))
            {
                queue = new TenantQueue();
                _tenants[tenant] = queue;
            }

            if (queue.Count >= maxPending)
            {
                RemoveIfIdle(tenant, queue);
                return false;
            }

            (continuation ? queue.Continuing : queue.Starting).Enqueue(item);
            _pending++;
            OfferTurn(tenant, queue);
            return true;
        }
    }

    /// <summary>Takes the next item that may start now, or returns false when none may.</summary>
    public bool TryTake(out TenantId tenant, out T item)
    {
        lock (_tenants)
        {
            while (_inFlight < maxTotal && _turns.TryDequeue(out tenant))
            {
                var queue = _tenants[tenant];
                queue.HasTurn = false;

                // The cap may have dropped since the turn was offered.
                if (queue.InFlight >= tenantCap(tenant))
                {
                    continue;
                }

                item = queue.Continuing.TryDequeue(out var continuing) ? continuing : queue.Starting.Dequeue();
                _pending--;
                queue.InFlight++;
                _inFlight++;
                OfferTurn(tenant, queue);
                return true;
            }

            tenant = default;
            item = default!;
            return false;
        }
    }

    /// <summary>Marks an item taken by <see cref="TryTake"/> as finished, freeing its tenant's slot.</summary>
    public void Complete(TenantId tenant)
    {
        lock (_tenants)
        {
            var queue = _tenants[tenant];
            queue.InFlight--;
            _inFlight--;
            if (!RemoveIfIdle(tenant, queue))
            {
                OfferTurn(tenant, queue);
            }
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

    private bool RemoveIfIdle(TenantId tenant, TenantQueue queue)
    {
        if (queue.InFlight == 0 && queue.Count == 0 && !queue.HasTurn)
        {
            _tenants.Remove(tenant);
            return true;
        }

        return false;
    }

    private void OfferTurn(TenantId tenant, TenantQueue queue)
    {
        if (!queue.HasTurn && queue.Count > 0 && queue.InFlight < tenantCap(tenant))
        {
            queue.HasTurn = true;
            _turns.Enqueue(tenant);
        }
    }

    private sealed class TenantQueue
    {
        /// <summary>Items that continue work already under way; taken first.</summary>
        public Queue<T> Continuing { get; } = new();

        /// <summary>Items that start new work.</summary>
        public Queue<T> Starting { get; } = new();

        public int Count => Continuing.Count + Starting.Count;

        public int InFlight { get; set; }

        /// <summary>Whether the tenant is in the round-robin line already.</summary>
        public bool HasTurn { get; set; }
    }
}
