using Npgsql;

namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// The settings that the row-level security policies of tenant tables read, set per transaction
/// (<c>set_config(..., true)</c>), so a pooled connection never carries them to its next user. A row is visible when
/// its <c>tenant_id</c> is <see cref="TenantSetting"/>, or when <see cref="ScopeSetting"/> is <see cref="System"/>:
/// the mark of product work that no tenant drives (sweepers, key lookup at authentication, operator listings, and the
/// rows grains write with their state, whose group commit spans tenants). With neither set, no row is visible.
/// </summary>
internal static class RowSecurityScope
{
    public const string TenantSetting = "orleansflows.tenant_id";

    public const string ScopeSetting = "orleansflows.scope";

    public const string System = "system";

    /// <summary>The statement that scopes the transaction to a tenant, bound to parameter <c>@tenant</c>.</summary>
    public const string SetTenantSql = $"SELECT set_config('{TenantSetting}', @tenant, true)";

    /// <summary>The statement that marks the transaction as system work.</summary>
    public const string SetSystemSql = $"SELECT set_config('{ScopeSetting}', '{System}', true)";

    /// <summary>The policy expression of a table whose tenant column is <c>tenant_id</c>.</summary>
    public const string PolicyExpression =
        $"tenant_id = current_setting('{TenantSetting}', true) OR current_setting('{ScopeSetting}', true) = '{System}'";

    public static NpgsqlBatchCommand SystemCommand() => new(SetSystemSql);
}
