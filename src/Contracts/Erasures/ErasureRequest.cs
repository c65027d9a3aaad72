namespace OrleansFlows.Contracts.Erasures;

/// <summary>What to erase: exactly one of an email and a lead id. The email is used for the erasure and never stored.</summary>
/// <param name="Email">Every lead and record that holds this email, compared without regard to case.</param>
/// <param name="LeadId">This one lead.</param>
/// <param name="RequestedBy">The id of the API key that asked for it.</param>
[GenerateSerializer]
[Alias("OrleansFlows.ErasureRequest")]
public sealed record ErasureRequest(string? Email, string? LeadId, string? RequestedBy)
{
    /// <summary>The longest email accepted (an address has at most 320 characters).</summary>
    public const int MaxEmailLength = 320;

    /// <summary>What is wrong with the request, by field; empty when it is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Email is null && LeadId is null)
        {
            errors["email"] = ["Give either 'email' or 'leadId' (exactly one)."];
            return errors;
        }

        if (Email is not null && LeadId is not null)
        {
            errors["leadId"] = ["Give either 'email' or 'leadId', not both."];
            return errors;
        }

        if (Email is not null && !IsEmail(Email))
        {
            errors["email"] = [$"'email' must be an address of the form name@domain, 3 to {MaxEmailLength} characters without spaces."];
        }

        if (LeadId is not null && !Leads.LeadKey.IsValidLeadId(LeadId))
        {
            errors["leadId"] = [$"'leadId' must be 1 to {Leads.LeadKey.MaxLeadIdLength} letters, digits, '-' or '_'."];
        }

        return errors;
    }

    private static bool IsEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return email.Length is >= 3 and <= MaxEmailLength && at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1
            && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }
}
