using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Sweepers;

/// <summary>A lead whose wake time has come, with that time as stored on its row.</summary>
public sealed record DueLead(LeadKey Lead, DateTimeOffset WakeAt);
