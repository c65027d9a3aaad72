namespace OrleansFlows.Runtime.Activation;

/// <summary>The lifecycle of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Created; its activation turn is queued or running.</summary>
    Activating,

    /// <summary>Active and serving calls.</summary>
    Valid,

    /// <summary>Deactivation is queued or running; new calls go to a fresh activation after it ends.</summary>
    Deactivating,

    /// <summary>Gone: deactivated, or failed to activate.</summary>
    Invalid,
}
