using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Evaluates tenant JavaScript expressions and <c>{{ expression }}</c> templates with Jint 4, under the limits of
/// <see cref="ExpressionOptions"/> and without CLR access. Scripts see <c>input</c>, <c>steps</c> and <c>lead</c>
/// (see <see cref="ExpressionScope"/>). Every failure of tenant code throws <see cref="ExpressionException"/>.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; register it as a singleton. Each call runs on a thread with a large stack (Jint recurses on the CLR
/// stack) and an engine taken from a pool (<see cref="ExpressionEnginePool"/>), whose realm is frozen and whose global
/// scope is reset after each call, so nothing leaks between calls, leads or tenants (see <see cref="ExpressionEngine"/>).
/// Each expression is parsed once and its prepared script cached (<see cref="PreparedScripts"/>). A call with several
/// expressions (a template) shares one engine and one budget.
/// </para>
/// <para>
/// Expression CPU is shared fairly between tenants (<see cref="ExpressionWorkers"/>): at most
/// <see cref="ExpressionOptions.Workers"/> calls run at once, at most <see cref="ExpressionOptions.MaxWorkersPerTenant"/>
/// of one tenant, and the rest wait in a queue per tenant served in turn. The caller awaits without holding a thread.
/// Time queued counts against no limit.
/// </para>
/// <para>
/// Memory is limited by the bytes a call allocates on its thread, checked at every statement and
/// every built-in call (<see cref="ExpressionOptions.MaxAllocatedBytes"/>), built-ins refuse strings and arrays over
/// <see cref="ExpressionOptions.MaxStringLength"/> and <see cref="ExpressionOptions.MaxArrayLength"/> and check
/// operations that could outgrow their input before running them, and results are capped by
/// <see cref="ExpressionOptions.MaxResultBytes"/>. One built-in call still runs to its end between checks, so a call
/// can overshoot the time and allocation limits by what one bounded built-in call costs: up to about 100 ms and
/// 100 MB of short-lived garbage (sort and global replace are the costliest). If a call still
/// hasn't finished 2 s after its timeout, the caller gets a timeout and the call's thread is left to stop at its next
/// check; it keeps its worker until then.
/// </para>
/// </remarks>
public sealed class ExpressionEvaluator
{
    private readonly ExpressionOptions _options;
    private readonly ExpressionWorkers _workers;
    private readonly ExpressionEnginePool _engines;
    private readonly PreparedScripts _scripts;

    /// <summary>Creates an evaluator; throws <see cref="OptionsValidationException"/> when the options are out of range.</summary>
    public ExpressionEvaluator(IOptions<ExpressionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value;
        var validation = new ExpressionOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, configured);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(ExpressionOptions), validation.Failures);
        }

        // A private copy: options are mutable, and a change half-way through a call would break its limits.
        _options = Copy(configured);
        _workers = new ExpressionWorkers(_options);
        _engines = new ExpressionEnginePool(_options);
        _scripts = new PreparedScripts(_options.MaxCachedScripts);
    }

    /// <summary>The engines this evaluator's calls reuse.</summary>
    internal ExpressionEnginePool Engines => _engines;

    /// <summary>The prepared scripts of the expressions evaluated so far.</summary>
    internal PreparedScripts Scripts => _scripts;

    /// <summary>The workers this evaluator's calls run on: how many are busy and how many calls wait.</summary>
    internal ExpressionWorkers Workers => _workers;

    /// <summary>Evaluates one JavaScript expression; the result as JSON (undefined and functions become <see langword="null"/>, dates ISO strings).</summary>
    /// <param name="tenant">The tenant whose expression it is: calls wait for a worker in their tenant's queue.</param>
    /// <param name="expression">The expression.</param>
    /// <param name="scope">The run data the expression sees.</param>
    /// <param name="cancellationToken">Stops waiting; a call that has not started yet then never runs.</param>
    /// <exception cref="ExpressionException">The expression is invalid, threw, or exceeded a limit.</exception>
    public Task<JsonNode?> EvaluateAsync(TenantId tenant, string expression, ExpressionScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return RunAsync(tenant, expression, scope, _options, session => session.Evaluate(expression), cancellationToken);
    }

    /// <summary>Evaluates one JavaScript expression for its truthiness: false, 0, NaN, "", null and undefined are false.</summary>
    /// <param name="tenant">The tenant whose expression it is: calls wait for a worker in their tenant's queue.</param>
    /// <param name="expression">The expression.</param>
    /// <param name="scope">The run data the expression sees.</param>
    /// <param name="cancellationToken">Stops waiting; a call that has not started yet then never runs.</param>
    /// <exception cref="ExpressionException">The expression is invalid, threw, or exceeded a limit.</exception>
    public Task<bool> EvaluateConditionAsync(TenantId tenant, string expression, ExpressionScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return RunAsync(tenant, expression, scope, _options, session => session.EvaluateCondition(expression), cancellationToken);
    }

    /// <summary>
    /// Replaces each <c>{{ expression }}</c> hole of <paramref name="template"/> with its value: strings as they are,
    /// <see langword="null"/> and undefined as nothing, other values as compact JSON. Text without holes is returned as is.
    /// </summary>
    /// <param name="tenant">The tenant whose template it is: calls wait for a worker in their tenant's queue.</param>
    /// <param name="template">The template.</param>
    /// <param name="scope">The run data the holes see.</param>
    /// <param name="cancellationToken">Stops waiting; a call that has not started yet then never runs.</param>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public Task<string> RenderTemplateAsync(TenantId tenant, string template, ExpressionScope scope, CancellationToken cancellationToken = default) =>
        RenderTemplateCoreAsync(tenant, template, scope, encodeValue: null, cancellationToken);

    /// <summary>
    /// Renders <paramref name="template"/> as <see cref="RenderTemplateAsync(TenantId, string, ExpressionScope, CancellationToken)"/>
    /// does, passing each hole's value through <paramref name="encodeValue"/>, so that values from run data can't carry
    /// the markup of the text they are inserted into; the template's own literal text is kept as written.
    /// </summary>
    /// <param name="tenant">The tenant whose template it is: calls wait for a worker in their tenant's queue.</param>
    /// <param name="template">The template.</param>
    /// <param name="scope">The run data the holes see.</param>
    /// <param name="encodeValue">Encodes one hole's text, for example escaping it for a chat message.</param>
    /// <param name="cancellationToken">Stops waiting; a call that has not started yet then never runs.</param>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public Task<string> RenderTemplateAsync(TenantId tenant, string template, ExpressionScope scope, Func<string, string> encodeValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encodeValue);
        return RenderTemplateCoreAsync(tenant, template, scope, encodeValue, cancellationToken);
    }

    private Task<string> RenderTemplateCoreAsync(TenantId tenant, string template, ExpressionScope scope, Func<string, string>? encodeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = Segments(template);
        return segments.Any(s => s.IsHole)
            ? RunAsync(tenant, template, scope, _options, session => TemplateRenderer.Render(session, segments, encodeValue), cancellationToken)
            : Task.FromResult(template);
    }

    /// <summary>
    /// Renders every string value inside a JSON value as a template (property names are left alone). A string that is
    /// exactly one hole, with only whitespace around it, is replaced by the raw value (a number, object, array...)
    /// rather than its text. Returns a new node; <paramref name="template"/> is not changed.
    /// </summary>
    /// <param name="tenant">The tenant whose template it is: calls wait for a worker in their tenant's queue.</param>
    /// <param name="template">The JSON template.</param>
    /// <param name="scope">The run data the holes see.</param>
    /// <param name="cancellationToken">Stops waiting; a call that has not started yet then never runs.</param>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public Task<JsonNode?> RenderJsonAsync(TenantId tenant, JsonNode? template, ExpressionScope scope, CancellationToken cancellationToken = default)
    {
        if (template is null)
        {
            return Task.FromResult<JsonNode?>(null);
        }

        var hasHoles = false;
        foreach (var text in ExpressionSyntax.Strings(template))
        {
            hasHoles |= Segments(text).Any(s => s.IsHole);
        }

        return hasHoles
            ? RunAsync(tenant, template.ToJsonString(), scope, _options, session => TemplateRenderer.RenderJson(session, template), cancellationToken)
            : Task.FromResult<JsonNode?>(template.DeepClone());
    }

    /// <summary>
    /// Runs one expression and one template with a wall-clock backstop of at least <paramref name="minimumTimeout"/>,
    /// so that a cold engine on a busy machine is not refused: warm-up compiles code, and its time says nothing about
    /// a tenant's expression.
    /// </summary>
    internal async Task WarmUpAsync(TenantId tenant, string expression, string template, ExpressionScope scope, TimeSpan minimumTimeout, CancellationToken cancellationToken)
    {
        var options = Copy(_options);
        options.Timeout = options.Timeout > minimumTimeout ? options.Timeout : minimumTimeout;
        await RunAsync(tenant, expression, scope, options, session => session.Evaluate(expression), cancellationToken).ConfigureAwait(false);
        var segments = Segments(template);
        await RunAsync(tenant, template, scope, options, session => TemplateRenderer.Render(session, segments), cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<TemplateSegment> Segments(string template) =>
        TemplateParser.TryParse(template, out var error)
        ?? throw new ExpressionException(ExpressionErrorKind.Syntax, template, $"syntax error in template: {error}");

    private static ExpressionOptions Copy(ExpressionOptions configured) => new()
    {
        Timeout = configured.Timeout,
        RegexMatchTimeout = configured.RegexMatchTimeout,
        Workers = configured.Workers,
        MaxWorkersPerTenant = configured.MaxWorkersPerTenant,
        MaxQueuedPerTenant = configured.MaxQueuedPerTenant,
        MaxStatements = configured.MaxStatements,
        MaxRecursion = configured.MaxRecursion,
        MaxResultBytes = configured.MaxResultBytes,
        MaxExpressionLength = configured.MaxExpressionLength,
        MaxAllocatedBytes = configured.MaxAllocatedBytes,
        MaxStringLength = configured.MaxStringLength,
        MaxArrayLength = configured.MaxArrayLength,
        MaxCachedScripts = configured.MaxCachedScripts,
    };

    /// <summary>Runs a call on its sandbox thread with its pooled engine, and gives the engine back (or drops it) after.</summary>
    private T Run<T>(ExpressionBudget budget, ExpressionEngine engine, ExpressionScope scope, Func<ScriptSession, T> work)
    {
        ScriptSession? session = null;
        try
        {
            session = new ScriptSession(engine, budget, scope, _scripts);
            return work(session);
        }
        finally
        {
            _engines.Return(engine, interrupted: session?.Interrupted ?? true);
        }
    }

    private async Task<T> RunAsync<T>(TenantId tenant, string description, ExpressionScope scope, ExpressionOptions options, Func<ScriptSession, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var budget = new ExpressionBudget(options);
        try
        {
            // The engine is taken (or made, which takes milliseconds, seconds on a cold and busy machine) before the
            // call's clock starts: it is the host's cost, not the tenant's.
            ExpressionEngine? engine = null;
            var call = new QueuedExpression(budget, () => Run(budget, engine!, scope, work), cancellationToken, () => engine = _engines.Rent(options));
            return (T)(await _workers.RunAsync(tenant, call).ConfigureAwait(false))!;
        }
        catch (Exception exception) when (exception is not (ExpressionException or OperationCanceledException))
        {
            // Raised outside any one expression: while setting up the engine and run data, at the hard deadline, or
            // when the tenant's queue is full.
            throw ExpressionErrors.From(exception, description, options);
        }
    }
}
