using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Sandbox threads (large stacks, see <see cref="SandboxThread"/>) kept for call after call: starting a thread with a
/// 64 MiB stack and faulting its pages in cost more CPU than a typical expression. A thread idle for
/// <see cref="IdleTimeout"/> ends. How many run at once is <see cref="ExpressionWorkers"/>' decision: it asks for a
/// thread only when a worker is free, so this pool holds at most about <see cref="ExpressionOptions.Workers"/> threads.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SandboxThreadPool
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentStack<Worker> _idle = new();

    /// <summary>Threads waiting for work.</summary>
    public int Idle => _idle.Count;

    /// <summary>Runs <paramref name="body"/> on an idle sandbox thread, or a new one; <paramref name="body"/> must not throw.</summary>
    public void Run(Action body)
    {
        while (_idle.TryPop(out var idle))
        {
            if (idle.TryAssign(body))
            {
                return;
            }
        }

        var worker = new Worker(this);
        worker.TryAssign(body);
        SandboxThread.StartWithoutContext(worker.Loop);
    }

    private sealed class Worker(SandboxThreadPool pool)
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _assigned = new(0);
        private Action? _work;
        private bool _ended;

        /// <summary>Gives the thread its next body; false when it has ended (idle too long).</summary>
        public bool TryAssign(Action body)
        {
            lock (_gate)
            {
                if (_ended)
                {
                    return false;
                }

                _work = body;
            }

            _assigned.Release();
            return true;
        }

        public void Loop()
        {
            while (WaitForWork())
            {
                RunAssigned();
                pool._idle.Push(this);
            }
        }

        /// <summary>Waits for the next body; false when none came within <see cref="IdleTimeout"/> and the thread ends.</summary>
        private bool WaitForWork()
        {
            if (_assigned.Wait(IdleTimeout))
            {
                return true;
            }

            lock (_gate)
            {
                if (_work is null)
                {
                    _ended = true;
                    _assigned.Dispose();
                    return false;
                }
            }

            // Assigned just as the wait timed out: its signal is on the way.
            _assigned.Wait();
            return true;
        }

        // Not inlined: the body (and the call it belongs to, with its host) is referenced only from this frame, which is
        // gone by the time the thread waits idle; a slot in Loop's frame would keep the last body alive while it waits.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void RunAssigned()
        {
            Action work;
            lock (_gate)
            {
                work = _work!;
                _work = null;
            }

            work();
        }
    }
}
