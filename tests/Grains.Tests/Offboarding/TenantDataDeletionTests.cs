using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Offboarding;

namespace OrleansFlows.Grains.Tests.Offboarding;

public sealed class TenantDataDeletionTests
{
    private static readonly TenantId Tenant = TenantId.Parse("acme");

    [Theory]
    [InlineData("tenant/acme")]
    [InlineData("retention/acme")]
    [InlineData("reconciliation/acme")]
    [InlineData("offboarding/acme")]
    [InlineData("lead/acme/ld_0123")]
    [InlineData("workflow/acme/signup/3")]
    [InlineData("export/acme/exp_01")]
    public void BelongsTo_GrainKeyedByTheTenant_IsTheTenants(string grainId) => Assert.True(TenantDataDeletion.BelongsTo(grainId, Tenant));

    [Theory]
    [InlineData("tenant/acme-2")]
    [InlineData("lead/acme-2/ld_0123")]
    [InlineData("lead/other/acme")]
    [InlineData("retention/xacme")]
    [InlineData("tenant-directory/acme")]
    [InlineData("api-key-index/acme")]
    [InlineData("sweeper/acme")]
    [InlineData("sys.svc.user.reminders/acme")]
    [InlineData("acme")]
    public void BelongsTo_AnotherTenantsOrASharedGrain_IsNot(string grainId) => Assert.False(TenantDataDeletion.BelongsTo(grainId, Tenant));
}
