using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.RabbitMq;

namespace OrleansFlows.Grains.Tenants;

/// <summary>Pure validation of a submitted connection.</summary>
public static class ConnectionRules
{
    public const int MaxHeaders = 20;

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Idempotency-Key", "Expect", "Upgrade",
    };

    /// <summary>Every problem with the connection, by field; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(ConnectionSpec spec, bool allowPrivateNetworks)
    {
        var errors = new Dictionary<string, string[]>();
        if (!WorkflowKey.IsValidName(spec.Name))
        {
            errors["name"] = [$"'name' must be 1 to {WorkflowKey.MaxNameLength} lower-case letters, digits and '-', not starting with '-'."];
        }

        switch (spec.Kind)
        {
            case ConnectionKind.Http:
                CheckUrl(errors, "baseUrl", spec.BaseUrl, allowPrivateNetworks);
                CheckHeaders(errors, spec.Headers);
                if (spec.WebhookUrl is not null)
                {
                    errors["webhookUrl"] = ["'webhookUrl' belongs to slack connections; an http connection has 'baseUrl' and 'headers'."];
                }

                RefuseUri(errors, spec, "an http connection has 'baseUrl' and 'headers'");

                break;
            case ConnectionKind.Slack:
                CheckUrl(errors, "webhookUrl", spec.WebhookUrl, allowPrivateNetworks);
                if (spec.BaseUrl is not null || spec.Headers is { Count: > 0 })
                {
                    errors["baseUrl"] = ["A slack connection has only 'webhookUrl'."];
                }

                RefuseUri(errors, spec, "a slack connection has only 'webhookUrl'");
                break;
            case ConnectionKind.RabbitMq:
                CheckAmqpUri(errors, spec.Uri, allowPrivateNetworks);
                if (spec.BaseUrl is not null || spec.Headers is { Count: > 0 } || spec.WebhookUrl is not null)
                {
                    errors["kind"] = ["A rabbitmq connection has only 'uri'; 'baseUrl', 'headers' and 'webhookUrl' belong to http and slack connections."];
                }

                break;
            default:
                errors["kind"] = ["'kind' must be 'http', 'slack' or 'rabbitmq'."];
                break;
        }

        return errors;
    }

    private static void CheckUrl(Dictionary<string, string[]> errors, string field, string? url, bool allowPrivateNetworks)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors[field] = [$"'{field}' is required."];
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors[field] = [$"'{field}' must be an absolute http or https URL."];
            return;
        }

        if (field == "baseUrl" && (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            errors[field] = [$"'{field}' must not have a query or fragment; put them in the step's path."];
            return;
        }

        if (OutboundAddressPolicy.CheckUrl(uri, allowPrivateNetworks) is { } refusal)
        {
            errors[field] = [refusal];
        }
    }

    private static void RefuseUri(Dictionary<string, string[]> errors, ConnectionSpec spec, string instead)
    {
        if (spec.Uri is not null)
        {
            errors["uri"] = [$"'uri' belongs to rabbitmq connections; {instead}."];
        }
    }

    private static void CheckAmqpUri(Dictionary<string, string[]> errors, string? uri, bool allowPrivateNetworks)
    {
        if (!AmqpAddress.TryParse(uri, out var address, out var error))
        {
            errors["uri"] = [error];
        }
        else if (OutboundAddressPolicy.CheckHost(address!.Uri, allowPrivateNetworks) is { } refusal)
        {
            errors["uri"] = [refusal];
        }
    }

    private static void CheckHeaders(Dictionary<string, string[]> errors, IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return;
        }

        var problems = new List<string>();
        if (headers.Count > MaxHeaders)
        {
            problems.Add($"At most {MaxHeaders} headers are allowed; there are {headers.Count}.");
        }

        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                problems.Add($"Header name '{name}' is not a valid HTTP header name.");
            }
            else if (ReservedHeaders.Contains(name))
            {
                problems.Add($"Header '{name}' is set by the platform and can't be configured.");
            }

            if (value is null || value.Length > 8192 || value.Any(c => c is '\r' or '\n' or '\0'))
            {
                problems.Add($"The value of header '{name}' must be at most 8192 characters with no line breaks.");
            }
        }

        if (problems.Count > 0)
        {
            errors["headers"] = [.. problems];
        }
    }
}
