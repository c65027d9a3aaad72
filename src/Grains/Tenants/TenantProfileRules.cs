using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Tenants;

/// <summary>Pure validation of a tenant profile.</summary>
public static class TenantProfileRules
{
    public const int MaxNameLength = 200;

    /// <summary>Every problem with the profile, by field; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(TenantProfile? profile)
    {
        var errors = new Dictionary<string, string[]>();
        if (profile is null)
        {
            errors["profile"] = ["A profile with 'name' and 'timeZone' is required."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            errors["name"] = ["'name' is required."];
        }
        else if (profile.Name.Length > MaxNameLength)
        {
            errors["name"] = [$"'name' is {profile.Name.Length} characters long; the limit is {MaxNameLength}."];
        }
        else if (profile.Name.Any(char.IsControl))
        {
            errors["name"] = ["'name' must not contain control characters."];
        }

        if (string.IsNullOrWhiteSpace(profile.TimeZone))
        {
            errors["timeZone"] = ["'timeZone' is required, as an IANA zone such as 'Europe/Berlin'."];
        }
        else if (!IsIanaZone(profile.TimeZone))
        {
            errors["timeZone"] = [$"'{profile.TimeZone}' is not a known IANA time zone (for example 'Europe/Berlin' or 'America/New_York')."];
        }

        return errors;
    }

    private static bool IsIanaZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
