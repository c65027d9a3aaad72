using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Activation;

/// <summary>The grain classes this silo can activate, by grain type.</summary>
internal sealed class GrainRegistry(IEnumerable<GrainRegistration> registrations)
{
    private readonly Dictionary<GrainType, GrainRegistration> _byType = Index(registrations);

    public GrainRegistration Get(GrainType grainType) =>
        _byType.TryGetValue(grainType, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain class is registered for grain type '{grainType}'. Register one with AddGrain<TInterface, TGrain>().");

    private static Dictionary<GrainType, GrainRegistration> Index(IEnumerable<GrainRegistration> registrations)
    {
        var index = new Dictionary<GrainType, GrainRegistration>();
        foreach (var registration in registrations)
        {
            if (!index.TryAdd(registration.GrainType, registration))
            {
                throw new InvalidOperationException(
                    $"Grain type '{registration.GrainType}' is registered twice: {index[registration.GrainType].GrainClass.FullName} and {registration.GrainClass.FullName}.");
            }
        }

        return index;
    }
}
