using System.Collections.Concurrent;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// The engines of one evaluator, reused call after call: at most one per worker is kept, since no more run at once.
/// A call takes one (or makes one) on its sandbox thread and gives it back when done, unless the engine can't be
/// reused (see <see cref="ExpressionEngine"/>).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ExpressionEnginePool(ExpressionOptions options)
{
    private readonly ConcurrentBag<ExpressionEngine> _idle = [];
    private int _created;

    /// <summary>Engines waiting for a call.</summary>
    public int Idle => _idle.Count;

    /// <summary>Engines made so far; more than <see cref="ExpressionOptions.Workers"/> means some were dropped and replaced.</summary>
    public int Created => _created;

    /// <summary>An idle engine, or a new one when none is idle or the call has other fixed limits than the pool's.</summary>
    public ExpressionEngine Rent(ExpressionOptions callOptions)
    {
        if (_idle.TryTake(out var engine))
        {
            if (engine.Fits(callOptions))
            {
                return engine;
            }

            _idle.Add(engine);
        }

        Interlocked.Increment(ref _created);
        return new ExpressionEngine(callOptions);
    }

    /// <summary>Ends the call on <paramref name="engine"/> and keeps it for the next one when it is sound and the pool has room.</summary>
    public void Return(ExpressionEngine engine, bool interrupted)
    {
        if (engine.End() && !interrupted && engine.Fits(options) && _idle.Count < options.Workers)
        {
            _idle.Add(engine);
        }
    }
}
