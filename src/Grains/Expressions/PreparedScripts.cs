using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Prepared (parsed and analysed) scripts by expression text, so that an expression is parsed once, not at every
/// evaluation. A workflow version's expressions never change, so the text is the key; identical text in several
/// versions or tenants shares one entry, which is safe because a prepared script holds no run-time state.
/// </summary>
/// <remarks>
/// Thread-safe. Bounded by <see cref="ExpressionOptions.MaxCachedScripts"/>: when full it is emptied and refills with
/// the expressions in use, which costs one parse each; simpler than LRU bookkeeping on every hit, and a working set
/// larger than the bound is the only case that pays. Syntax errors are not cached: they fail at publish time.
/// </remarks>
internal sealed class PreparedScripts(int capacity)
{
    private readonly ConcurrentDictionary<string, Prepared<Script>> _scripts = new(StringComparer.Ordinal);

    public int Count => _scripts.Count;

    /// <summary>The prepared script of <paramref name="expression"/>; parses it on a miss (call it on a sandbox thread).</summary>
    public Prepared<Script> Get(string expression, int maxLength)
    {
        if (_scripts.TryGetValue(expression, out var prepared))
        {
            return prepared;
        }

        // Checked on a miss only: a cached expression passed the same length check when it was added.
        prepared = ExpressionParser.Parse(expression, maxLength);
        if (_scripts.Count >= capacity)
        {
            _scripts.Clear();
        }

        _scripts[expression] = prepared;
        return prepared;
    }
}
