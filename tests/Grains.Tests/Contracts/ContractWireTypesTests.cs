using System.Text.Json;
using OrleansFlows.Contracts;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Grains.Tests.Contracts;

/// <summary>Every product grain interface must be callable across silos: its types pass the transport's wire rules.</summary>
public sealed class ContractWireTypesTests
{
    private static readonly Type[] Interfaces = typeof(ITenantGrain).Assembly.GetTypes()
        .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
        .ToArray();

    [Fact]
    public void GrainCallCodec_OverEveryContractGrainInterface_AcceptsTheirTypes()
    {
        Assert.NotEmpty(Interfaces);
        _ = new GrainCallCodec(Interfaces);
    }

    [Fact]
    public void GrainCallCodec_OverEveryContractGrainInterface_UsesGeneratedSerializersOnly()
    {
        // A method added with a type missing from ContractsJsonContext shows up here by name.
        var byReflection = new GrainCallCodec(Interfaces).TypesByReflection;

        Assert.True(byReflection.Count == 0, "Add to ContractsJsonContext: " + string.Join(", ", byReflection.Select(t => t.ToString())));
    }

    public static TheoryData<object> Samples() =>
    [
        new TenantView("acme", new TenantProfile("Acme", "Europe/Berlin"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), Suspended: true, PlanLimits.Default),
        new Page<LeadSummary>([new LeadSummary("l1", "signup", 2, LeadStatus.Waiting, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null)], "cursor"),
        new ConnectionSpec("crm", ConnectionKind.Http, "https://crm.example/", new Dictionary<string, string> { ["X-Key"] = "k" }, null),
        new WebhookDelivery("msg_1", "1700000000", [1, 2, 3], "v1,abc"),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void GeneratedSerializer_WritesTheSameJsonAsReflection(object sample)
    {
        // Silos of different builds, or a type one side doesn't generate, must still read each other.
        var generated = JsonSerializer.Serialize(sample, sample.GetType(), ContractsJsonContext.Default);
        var reflected = JsonSerializer.Serialize(sample, sample.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(reflected, generated);
        Assert.Equal(reflected, JsonSerializer.Serialize(JsonSerializer.Deserialize(generated, sample.GetType(), ContractsJsonContext.Default), sample.GetType(), ContractsJsonContext.Default));
    }
}
