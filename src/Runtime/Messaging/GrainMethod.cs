using System.Linq.Expressions;
using System.Reflection;
using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Runtime.Messaging;

/// <summary>A grain interface method, with a compiled invoker and a typed call path built once.</summary>
internal sealed class GrainMethod
{
    private static readonly MethodInfo CallOpenGeneric =
        typeof(GrainReference).GetMethod(nameof(GrainReference.CallAsync), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private readonly Func<object, object?[], Task> _invoke;
    private readonly Func<GrainReference, object?[], object> _call;
    private readonly Func<Task, object?>? _result;

    public GrainMethod(MethodInfo method)
    {
        Method = method;
        Parameters = method.GetParameters();
        DisplayName = $"{method.DeclaringType!.Name}.{method.Name}";
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        ResultType = method.ReturnType == typeof(Task) ? null : method.ReturnType.GetGenericArguments()[0];
        _invoke = CompileInvoker(method);
        _call = CompileCall(ResultType ?? typeof(object));
        _result = ResultType is null ? null : CompileResultGetter(ResultType);
    }

    public MethodInfo Method { get; }

    /// <summary>The method's parameters, read once (reflection allocates a new array on every call).</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary><c>Interface.Method</c>, as error messages name it.</summary>
    public string DisplayName { get; }

    public bool IsReadOnly { get; }

    /// <summary>The result type, or null for a method returning <see cref="Task"/>.</summary>
    public Type? ResultType { get; }

    /// <summary>Runs the method on a grain instance.</summary>
    public Task Invoke(object grain, object?[] arguments) => _invoke(grain, arguments);

    /// <summary>Runs the method on a grain instance and returns its result boxed (null for a method returning <see cref="Task"/>).</summary>
    public async Task<object?> InvokeForResultAsync(object grain, object?[] arguments)
    {
        var task = Invoke(grain, arguments);
        await task.ConfigureAwait(false);
        return _result?.Invoke(task);
    }

    /// <summary>Sends a call through a reference; returns <c>Task&lt;Result&gt;</c> (or <c>Task&lt;object?&gt;</c> for a void method).</summary>
    public object Call(GrainReference reference, object?[] arguments) => _call(reference, arguments);

    private static Func<object, object?[], Task> CompileInvoker(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, arguments).Compile();
    }

    private static Func<Task, object?> CompileResultGetter(Type resultType)
    {
        var task = Expression.Parameter(typeof(Task), "task");
        var result = Expression.Property(Expression.Convert(task, typeof(Task<>).MakeGenericType(resultType)), "Result");
        return Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), task).Compile();
    }

    private Func<GrainReference, object?[], object> CompileCall(Type resultType)
    {
        var reference = Expression.Parameter(typeof(GrainReference), "reference");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(reference, CallOpenGeneric.MakeGenericMethod(resultType), Expression.Constant(this), arguments);
        return Expression.Lambda<Func<GrainReference, object?[], object>>(call, reference, arguments).Compile();
    }
}
