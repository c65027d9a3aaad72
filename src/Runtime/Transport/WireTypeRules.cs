using System.Collections;
using OrleansFlows.Runtime.Messaging;

namespace OrleansFlows.Runtime.Transport;

/// <summary>Which parameter and result types may cross silos: data, not behaviour, handles or open-ended objects.</summary>
internal static class WireTypeRules
{
    public static IEnumerable<string> Check(GrainMethod method)
    {
        foreach (var parameter in method.Method.GetParameters())
        {
            if (Problem(parameter.ParameterType, []) is { } problem)
            {
                yield return $"{method.DisplayName} parameter '{parameter.Name}': {problem}.";
            }
        }

        if (method.ResultType is { } result && Problem(result, []) is { } resultProblem)
        {
            yield return $"{method.DisplayName} result: {resultProblem}.";
        }
    }

    private static string? Problem(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal))
        {
            return null;
        }

        if (type == typeof(object))
        {
            return "object can't be read back as its runtime type; use a concrete record";
        }

        if (typeof(Delegate).IsAssignableFrom(type) || typeof(Stream).IsAssignableFrom(type) || typeof(Task).IsAssignableFrom(type)
            || typeof(IDisposable).IsAssignableFrom(type) || type.IsPointer || type == typeof(CancellationToken))
        {
            return $"{type.Name} is behaviour or a handle, not data";
        }

        if (type.IsArray)
        {
            return Problem(type.GetElementType()!, seen);
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                if (Problem(argument, seen) is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        if (type.IsInterface && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return $"interface {type.Name} has no shape to read back; use a concrete record";
        }

        if (type.IsAbstract)
        {
            return $"abstract {type.Name} can't be read back without knowing the concrete type";
        }

        return null;
    }
}
