using System.Reflection;

namespace OrleansFlows.Runtime.Messaging;

/// <summary>The object a caller holds for a grain interface; every call goes through <see cref="GrainReference"/>.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainReference? _reference;

    internal GrainReference Reference => _reference ?? throw new InvalidOperationException("The grain proxy was not initialised.");

    internal void Initialize(GrainReference reference) => _reference = reference;

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Invoke(this, args);
        }

        var reference = Reference;
        return reference.Interface.GetMethod(targetMethod).Call(reference, args ?? []);
    }

    /// <inheritdoc />
    public override string ToString() => _reference?.GrainId.ToString() ?? base.ToString()!;
}
