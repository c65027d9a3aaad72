using OrleansFlows.Contracts.Offboarding;
using OrleansFlows.Grains.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Tests.Offboarding;

/// <summary>The tenant state's <c>offboarding</c> field, as the row store serializes it.</summary>
public sealed class TenantStateOffboardingTests
{
    private readonly GrainStateSerializer _serializer = new();

    [Fact]
    public void Deserialize_StateWrittenBeforeOffboarding_HasNone()
    {
        const string Old = """
            {"schemaVersion":1,"profile":{"name":"Acme","timeZone":"UTC"},"createdAt":"2026-11-01T00:00:00+00:00",
             "updatedAt":"2026-11-01T00:00:00+00:00","suspended":true,"apiKeys":[],"webhookSecrets":[],"connections":{},"workflows":{}}
            """;

        var state = _serializer.Deserialize<TenantState>(Old);

        Assert.True(state.Suspended);
        Assert.Null(state.Offboarding);
    }

    [Fact]
    public void Serialize_StateBeingOffboarded_KeepsTheScheduleUnderItsStoredNames()
    {
        var scheduled = new TenantOffboarding(
            DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-12-08T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            SuspendedBefore: false);

        var json = _serializer.Serialize(new TenantState { Suspended = true, Offboarding = scheduled });

        Assert.Contains("\"offboarding\":{\"requestedAt\":\"2026-12-01T10:00:00+00:00\",\"scheduledFor\":\"2026-12-08T10:00:00+00:00\",\"suspendedBefore\":false}", json, StringComparison.Ordinal);
        Assert.Equal(scheduled, _serializer.Deserialize<TenantState>(json).Offboarding);
    }
}
