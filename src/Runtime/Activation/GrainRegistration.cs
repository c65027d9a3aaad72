using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Activation;

/// <summary>A grain class bound to its grain type, with a constructor factory built once.</summary>
internal sealed class GrainRegistration
{
    private readonly ObjectFactory _factory;
    private readonly StateParameter[] _states;

    public GrainRegistration(GrainType grainType, Type grainClass)
    {
        if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract)
        {
            throw new InvalidOperationException($"Grain class {grainClass.FullName} must be a concrete class derived from {nameof(Grain)}.");
        }

        GrainType = grainType;
        GrainClass = grainClass;
        var constructors = grainClass.GetConstructors();
        if (constructors.Length != 1)
        {
            throw new InvalidOperationException($"Grain class {grainClass.FullName} must have exactly one public constructor; it has {constructors.Length}.");
        }

        _states = constructors[0].GetParameters()
            .Where(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>))
            .Select(p => StateParameter.For(p))
            .ToArray();
        var duplicate = _states.GroupBy(s => s.ParameterType).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Grain class {grainClass.FullName} takes {duplicate.Key.Name} more than once; use one state type per state.");
        }

        _factory = ActivatorUtilities.CreateFactory(grainClass, _states.Select(s => s.ParameterType).ToArray());
    }

    public GrainType GrainType { get; }

    public Type GrainClass { get; }

    public (Grain Grain, IStateHandle[] States) Create(GrainRuntime runtime, GrainActivation activation)
    {
        var states = new IStateHandle[_states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = _states[i].Create(runtime, activation.Id);
        }

        var grain = (Grain)_factory(runtime.Services, states);
        grain.Attach(activation);
        return (grain, states);
    }

    private abstract class StateParameter(string stateName, Type parameterType)
    {
        public string StateName { get; } = stateName;

        public Type ParameterType { get; } = parameterType;

        public static StateParameter For(ParameterInfo parameter)
        {
            var stateType = parameter.ParameterType.GetGenericArguments()[0];
            var name = parameter.GetCustomAttribute<PersistentStateAttribute>()?.StateName ?? "state";
            return (StateParameter)Activator.CreateInstance(typeof(StateParameter<>).MakeGenericType(stateType), name)!;
        }

        public abstract IStateHandle Create(GrainRuntime runtime, GrainId grainId);
    }

    private sealed class StateParameter<TState>(string stateName) : StateParameter(stateName, typeof(IPersistentState<TState>))
        where TState : class, new()
    {
        public override IStateHandle Create(GrainRuntime runtime, GrainId grainId) => new PersistentState<TState>(grainId, StateName, runtime);
    }
}
