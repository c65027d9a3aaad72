using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Cluster;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// This silo's membership in its cluster: it registers (joining, then active), heartbeats every
/// <see cref="MembershipOptions.HeartbeatPeriod"/>, declares silos with stale heartbeats dead, and keeps a view of the
/// cluster, refreshed every <see cref="MembershipOptions.RefreshPeriod"/> and on demand (<see cref="RefreshNowAsync"/>,
/// for when a call to another silo fails). <see cref="MembershipChanged"/> fires with each newer view.
/// </summary>
/// <remarks>
/// A silo that finds itself declared dead (by its heartbeat, its view, or a status change) stops its loops and calls
/// the stop-serving callback once: its grains are being reactivated on the survivors, so it must not serve them.
/// A graceful stop marks it shutting down (it keeps heartbeating while its grains are handed off), then dead.
/// </remarks>
internal sealed partial class MembershipService : IMembershipView, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MembershipService> _logger;
    private readonly Action<SiloDeclaredDeadException> _stopServing;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly CancellationTokenSource _loopsStopping = new();
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private MembershipServicePhase _phase = MembershipServicePhase.Created;
    private Task _loops = Task.CompletedTask;
    private volatile MembershipSnapshot _current;
    private int _disposed;

    /// <summary>
    /// Creates the service; <paramref name="stopServing"/> is called once when this silo finds itself declared dead
    /// (registered through the host, it stops the host: <see cref="Microsoft.Extensions.Hosting.IHostApplicationLifetime.StopApplication"/>).
    /// </summary>
    public MembershipService(
        IMembershipTable table,
        SiloIdentity silo,
        IOptions<MembershipOptions> options,
        TimeProvider timeProvider,
        ILogger<MembershipService> logger,
        Action<SiloDeclaredDeadException> stopServing)
    {
        _table = table;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _stopServing = stopServing;
        SiloId = silo.Id;
        _current = MembershipSnapshot.Empty(_options.ClusterId);
    }

    /// <summary>
    /// Raised with each view newer than the last (a higher version), in version order, on the refreshing thread. A
    /// handler that throws is logged and doesn't stop the others.
    /// </summary>
    public event Action<MembershipSnapshot>? MembershipChanged;

    public string SiloId { get; }

    public string ClusterId => _options.ClusterId;

    /// <summary>The latest view; empty (version 0) until <see cref="StartAsync"/> has read one.</summary>
    public MembershipSnapshot Current => _current;

    public MembershipServicePhase Phase
    {
        get
        {
            lock (_gate)
            {
                return _phase;
            }
        }
    }

    /// <summary>Registers this silo as joining, moves it to active, reads the first view, and starts the loops.</summary>
    /// <exception cref="InvalidOperationException">It was started before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_phase != MembershipServicePhase.Created || _loopsStopping.IsCancellationRequested)
            {
                throw new InvalidOperationException($"Membership of silo {SiloId} can start once; it is {_phase}.");
            }
        }

        await _table.RegisterAsync(new SiloRegistration(ClusterId, SiloId, _options.SiloAddress, _options.ApiAddress), cancellationToken).ConfigureAwait(false);
        LogJoining(_logger, SiloId, ClusterId, _options.SiloAddress);
        await _table.SetStatusAsync(ClusterId, SiloId, SiloMembershipStatus.Active, cancellationToken).ConfigureAwait(false);
        var snapshot = await RefreshNowAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            // A halt or stop while starting wins: no loops then.
            if (_phase != MembershipServicePhase.Created || _loopsStopping.IsCancellationRequested)
            {
                return;
            }

            _phase = MembershipServicePhase.Active;
            var stopping = _loopsStopping.Token;
            _loops = Task.WhenAll(RunHeartbeatsAsync(stopping), RunRefreshesAsync(stopping));
        }

        LogActive(_logger, SiloId, ClusterId, snapshot.Version, snapshot.ActiveMembers.Count);
    }

    /// <summary>
    /// Reads the view now, declares stale silos dead, removes long-dead rows, and publishes the view if it is newer.
    /// Call it when a call to another silo fails. Refreshes run one at a time.
    /// </summary>
    /// <exception cref="SiloDeclaredDeadException">This silo was declared dead (the stop-serving callback has run).</exception>
    /// <exception cref="StorageException">The store failed.</exception>
    public async Task<MembershipSnapshot> RefreshNowAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await _table.ReadViewAsync(ClusterId, cancellationToken).ConfigureAwait(false);
            if (IsServing() && snapshot.Find(SiloId) is not { Status: not SiloMembershipStatus.Dead })
            {
                throw new SiloDeclaredDeadException(ClusterId, SiloId, snapshot.Find(SiloId)?.DeclaredDeadBy);
            }

            // Judged by the database clock: the snapshot's heartbeats against its read time, then again in the table.
            if (snapshot.HasStaleMembers(SiloId, _options.DeathTimeout))
            {
                var declared = await _table.DeclareStaleDeadAsync(ClusterId, SiloId, _options.DeathTimeout, cancellationToken).ConfigureAwait(false);
                foreach (var dead in declared)
                {
                    LogDeclaredSiloDead(_logger, dead, ClusterId, _options.DeathTimeout);
                }

                if (declared.Count > 0)
                {
                    snapshot = await _table.ReadViewAsync(ClusterId, cancellationToken).ConfigureAwait(false);
                }
            }

            if (snapshot.HasDefunctMembers(_options.DefunctSiloRetention))
            {
                var removed = await _table.RemoveDefunctAsync(ClusterId, _options.DefunctSiloRetention, cancellationToken).ConfigureAwait(false);
                if (removed.Count > 0)
                {
                    LogRemovedDefunct(_logger, removed.Count, ClusterId);
                    snapshot = await _table.ReadViewAsync(ClusterId, cancellationToken).ConfigureAwait(false);
                }
            }

            Publish(snapshot);
            return _current;
        }
        catch (SiloDeclaredDeadException exception)
        {
            OnDeclaredDead(exception);
            throw;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>
    /// Marks this silo shutting down, so others stop placing grains on it while it hands off its own; it keeps
    /// heartbeating. Does nothing unless it is active. A store failure is logged, not thrown: the stop goes on.
    /// </summary>
    public async Task BeginShutdownAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_phase != MembershipServicePhase.Active)
            {
                return;
            }

            _phase = MembershipServicePhase.ShuttingDown;
        }

        try
        {
            await _table.SetStatusAsync(ClusterId, SiloId, SiloMembershipStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
            LogShuttingDown(_logger, SiloId, ClusterId);
        }
        catch (SiloDeclaredDeadException exception)
        {
            OnDeclaredDead(exception);
        }
        catch (StorageException exception)
        {
            LogStatusNotRecorded(_logger, SiloId, SiloMembershipStatuses.ShuttingDown, _options.DeathTimeout, exception.Message);
        }
    }

    /// <summary>
    /// Stops gracefully: marks the silo shutting down (if it isn't yet), stops the loops, then marks it dead (by itself).
    /// A store failure is logged, not thrown: the others then declare it dead after the death timeout.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await BeginShutdownAsync(cancellationToken).ConfigureAwait(false);
        bool markDead;
        Task loops;
        lock (_gate)
        {
            markDead = _phase == MembershipServicePhase.ShuttingDown;
            if (_phase is MembershipServicePhase.ShuttingDown or MembershipServicePhase.Created)
            {
                _phase = MembershipServicePhase.Stopped;
            }

            _loopsStopping.Cancel();
            loops = _loops;
        }

        // The loops end before the row is marked dead, so no heartbeat can find it dead and call stop-serving.
        await loops.ConfigureAwait(false);
        if (!markDead)
        {
            return;
        }

        try
        {
            await _table.SetStatusAsync(ClusterId, SiloId, SiloMembershipStatus.Dead, cancellationToken).ConfigureAwait(false);
            LogStopped(_logger, SiloId, ClusterId);
        }
        catch (SiloDeclaredDeadException exception)
        {
            LogDeclaredDeadWhileStopping(_logger, SiloId, exception.DeclaredDeadBy);
        }
        catch (StorageException exception)
        {
            LogStatusNotRecorded(_logger, SiloId, SiloMembershipStatuses.Dead, _options.DeathTimeout, exception.Message);
        }
    }

    /// <summary>
    /// Stops the loops without writing anything, as if the process had died: the row stays as it is until another silo
    /// declares it dead.
    /// </summary>
    public async Task HaltAsync()
    {
        Task loops;
        lock (_gate)
        {
            if (_phase is MembershipServicePhase.Created or MembershipServicePhase.Active or MembershipServicePhase.ShuttingDown)
            {
                _phase = MembershipServicePhase.Halted;
            }

            _loopsStopping.Cancel();
            loops = _loops;
        }

        await loops.ConfigureAwait(false);
    }

    /// <summary>Halts (see <see cref="HaltAsync"/>) if it wasn't stopped, and releases its resources.</summary>
    public async ValueTask DisposeAsync()
    {
        // The container disposes it once for each registration that hands it out (it is also the IMembershipView).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await HaltAsync().ConfigureAwait(false);
        _loopsStopping.Dispose();
        _refreshLock.Dispose();
    }

    private bool IsServing()
    {
        lock (_gate)
        {
            return _phase is MembershipServicePhase.Active or MembershipServicePhase.ShuttingDown;
        }
    }

    private void Publish(MembershipSnapshot snapshot)
    {
        var previous = _current;
        if (snapshot.Version < previous.Version)
        {
            return;
        }

        _current = snapshot;
        if (snapshot.Version == previous.Version || MembershipChanged is not { } handlers)
        {
            return;
        }

        LogViewChanged(_logger, SiloId, snapshot.ToString());
        foreach (var handler in handlers.GetInvocationList().Cast<Action<MembershipSnapshot>>())
        {
            try
            {
                handler(snapshot);
            }
            catch (Exception exception)
            {
                // A subscriber's bug must not stop this silo's membership: it would stop refreshing, or heartbeating.
                LogSubscriberFailed(_logger, snapshot.Version, exception);
            }
        }
    }

    private void OnDeclaredDead(SiloDeclaredDeadException exception)
    {
        lock (_gate)
        {
            if (_phase is not (MembershipServicePhase.Created or MembershipServicePhase.Active or MembershipServicePhase.ShuttingDown))
            {
                return;
            }

            _phase = MembershipServicePhase.DeclaredDead;
            _loopsStopping.Cancel();
        }

        LogDeclaredDead(_logger, SiloId, ClusterId, exception.DeclaredDeadBy ?? "(row removed)", exception);
        _stopServing(exception);
    }
}
