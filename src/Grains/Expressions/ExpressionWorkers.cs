using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Fairness;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Shares the expression workers (sandbox threads) fairly between tenants: at most <see cref="ExpressionOptions.Workers"/>
/// calls run at once, at most <see cref="ExpressionOptions.MaxWorkersPerTenant"/> of one tenant, and the rest wait in a
/// queue per tenant served in turn (<see cref="TenantFairQueue{T}"/>, as the step executor shares outbound calls).
/// A tenant flooding heavy expressions waits behind its own queue while another tenant's expression takes the next
/// free worker.
/// </summary>
/// <remarks>
/// Thread-safe. A worker is held until its call's thread returns, even after its caller stopped waiting (the hard
/// deadline), since the thread still uses the CPU until its next check. The threads are kept for later calls
/// (<see cref="SandboxThreadPool"/>).
/// </remarks>
internal sealed class ExpressionWorkers
{
    private readonly TenantFairQueue<QueuedExpression> _queue;
    private readonly SandboxThreadPool _threads = new();
    private readonly int _maxQueuedPerTenant;

    public ExpressionWorkers(ExpressionOptions options)
    {
        var perTenant = options.MaxWorkersPerTenant;
        _queue = new TenantFairQueue<QueuedExpression>(options.Workers, _ => perTenant);
        _maxQueuedPerTenant = options.MaxQueuedPerTenant;
    }

    /// <summary>Calls waiting for a worker, across tenants.</summary>
    public int Queued => _queue.Pending;

    /// <summary>Workers in use.</summary>
    public int Busy => _queue.InFlight;

    /// <summary>Queues a call for the tenant and starts it when a worker is free and it is the tenant's turn.</summary>
    /// <returns>The call's result; an <see cref="ExpressionFailureException"/> of kind <see cref="ExpressionErrorKind.Busy"/> when the tenant's queue is full.</returns>
    public Task<object?> RunAsync(TenantId tenant, QueuedExpression call)
    {
        if (!_queue.TryEnqueue(tenant, call, _maxQueuedPerTenant))
        {
            return Task.FromException<object?>(new ExpressionFailureException(
                ExpressionErrorKind.Busy,
                $"tenant '{tenant.Value}' already has {_maxQueuedPerTenant} expression calls waiting for a worker; try again later ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxQueuedPerTenant)})"));
        }

        StartWhatMay();
        return call.Completion;
    }

    private void StartWhatMay()
    {
        while (_queue.TryTake(out var tenant, out var call))
        {
            try
            {
                _threads.Run(() =>
                {
                    try
                    {
                        call.Run();
                    }
                    finally
                    {
                        _queue.Complete(tenant);
                        StartWhatMay();
                    }
                });
            }
            catch (OutOfMemoryException exception)
            {
                // The process can't start another thread (its thread or memory limit): this call fails, and its worker
                // is free again rather than lost for good.
                _queue.Complete(tenant);
                call.Fail(new ExpressionFailureException(ExpressionErrorKind.Busy, $"no expression worker could be started: {exception.Message}"));
            }
        }
    }
}
