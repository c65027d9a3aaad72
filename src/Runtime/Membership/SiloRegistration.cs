namespace OrleansFlows.Runtime.Membership;

/// <summary>What a silo writes when it registers.</summary>
/// <param name="ClusterId">The cluster it joins.</param>
/// <param name="SiloId">Unique per process start.</param>
/// <param name="Address">The <c>host:port</c> other silos call it on.</param>
/// <param name="ApiAddress">Where its co-hosted API listens, if it has one.</param>
internal sealed record SiloRegistration(string ClusterId, string SiloId, string Address, string? ApiAddress);
