using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Evaluates tenant JavaScript expressions and <c>{{ expression }}</c> templates with Jint 2.10.4, under the limits of
/// <see cref="ExpressionOptions"/> and without CLR access. Scripts see <c>input</c>, <c>steps</c> and <c>lead</c>
/// (see <see cref="ExpressionScope"/>). Every failure of tenant code throws <see cref="ExpressionException"/>.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; register it as a singleton. Each call runs on its own thread with a large stack (Jint 2 recurses on the
/// CLR stack, and a stack overflow ends the process) and a fresh engine, so nothing leaks between calls or tenants.
/// That costs under 1 ms per call. A call with several expressions (a template) shares one engine and one budget.
/// </para>
/// <para>
/// Jint 2.x has no memory limit. It is approximated: the bytes a call allocates are checked at every statement and
/// every built-in call (<see cref="ExpressionOptions.MaxAllocatedBytes"/>), built-ins refuse strings and arrays over
/// <see cref="ExpressionOptions.MaxStringLength"/> and <see cref="ExpressionOptions.MaxArrayLength"/> and check
/// operations that could outgrow their input before running them, and results are capped by
/// <see cref="ExpressionOptions.MaxResultBytes"/>. One built-in call still runs to its end between checks, so a call
/// can overshoot the time and allocation limits by what one bounded built-in call costs: with the defaults, up to
/// about 100 ms and 100 MB of short-lived garbage (Jint 2's sort and global replace are the costliest). If a call still
/// hasn't finished 2 s after its timeout, the caller gets a timeout and the call's thread is left to stop at its next check.
/// </para>
/// </remarks>
public sealed class ExpressionEvaluator
{
    private readonly ExpressionOptions _options;

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
        _options = new ExpressionOptions
        {
            Timeout = configured.Timeout,
            MaxStatements = configured.MaxStatements,
            MaxRecursion = configured.MaxRecursion,
            MaxResultBytes = configured.MaxResultBytes,
            MaxExpressionLength = configured.MaxExpressionLength,
            MaxAllocatedBytes = configured.MaxAllocatedBytes,
            MaxStringLength = configured.MaxStringLength,
            MaxArrayLength = configured.MaxArrayLength,
        };
    }

    /// <summary>Evaluates one JavaScript expression; the result as JSON (undefined and functions become <see langword="null"/>, dates ISO strings).</summary>
    /// <exception cref="ExpressionException">The expression is invalid, threw, or exceeded a limit.</exception>
    public JsonNode? Evaluate(string expression, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Run(expression, scope, session => session.Evaluate(expression));
    }

    /// <summary>Evaluates one JavaScript expression for its truthiness: false, 0, NaN, "", null and undefined are false.</summary>
    /// <exception cref="ExpressionException">The expression is invalid, threw, or exceeded a limit.</exception>
    public bool EvaluateCondition(string expression, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Run(expression, scope, session => session.EvaluateCondition(expression));
    }

    /// <summary>
    /// Replaces each <c>{{ expression }}</c> hole of <paramref name="template"/> with its value: strings as they are,
    /// <see langword="null"/> and undefined as nothing, other values as compact JSON. Text without holes is returned as is.
    /// </summary>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public string RenderTemplate(string template, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = Segments(template);
        return segments.Any(s => s.IsHole) ? Run(template, scope, session => TemplateRenderer.Render(session, segments)) : template;
    }

    /// <summary>
    /// Renders every string value inside a JSON value as a template (property names are left alone). A string that is
    /// exactly one hole, with only whitespace around it, is replaced by the raw value (a number, object, array...)
    /// rather than its text. Returns a new node; <paramref name="template"/> is not changed.
    /// </summary>
    /// <exception cref="ExpressionException">A hole is not closed, or its expression is invalid, threw, or exceeded a limit.</exception>
    public JsonNode? RenderJson(JsonNode? template, ExpressionScope scope)
    {
        if (template is null)
        {
            return null;
        }

        var hasHoles = false;
        foreach (var text in ExpressionSyntax.Strings(template))
        {
            hasHoles |= Segments(text).Any(s => s.IsHole);
        }

        return hasHoles ? Run(template.ToJsonString(), scope, session => TemplateRenderer.RenderJson(session, template)) : template.DeepClone();
    }

    private static IReadOnlyList<TemplateSegment> Segments(string template) =>
        TemplateParser.TryParse(template, out var error)
        ?? throw new ExpressionException(ExpressionErrorKind.Syntax, template, $"syntax error in template: {error}");

    private T Run<T>(string description, ExpressionScope scope, Func<ScriptSession, T> work)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var budget = new ExpressionBudget(_options);
        try
        {
            return SandboxThread.Run(budget, () => work(new ScriptSession(budget, scope)));
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            // Raised outside any one expression: while setting up the engine and run data, or at the hard deadline.
            throw ExpressionErrors.From(exception, description, _options);
        }
    }
}
