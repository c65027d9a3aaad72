using System.Text.Json;

namespace OrleansFlows.Api.Models;

/// <summary>A silo of the cluster, as its membership entry says.</summary>
/// <param name="Address">The silo's address (<c>ip:port@generation</c>).</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Status">Its membership status in camelCase: <c>created</c>, <c>joining</c>, <c>active</c>, <c>shuttingDown</c>, <c>stopping</c> or <c>dead</c>.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="HostName">The machine it runs on.</param>
/// <param name="ProxyPort">Its gateway port for clients, or 0 when it has none.</param>
/// <param name="IAmAliveAt">When it last said it was alive.</param>
public sealed record SiloResponse(string Address, string Name, string Status, DateTimeOffset StartedAt, string HostName, int ProxyPort, DateTimeOffset IAmAliveAt)
{
    /// <summary>The response for a membership entry.</summary>
    public static SiloResponse From(MembershipEntry entry) => new(
        entry.SiloAddress.ToParsableString(),
        entry.SiloName ?? "",
        JsonNamingPolicy.CamelCase.ConvertName(entry.Status.ToString()),
        new DateTimeOffset(DateTime.SpecifyKind(entry.StartTime, DateTimeKind.Utc)),
        entry.HostName ?? "",
        entry.ProxyPort,
        new DateTimeOffset(DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc)));
}
