using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>The <c>http</c> step: connection, method, path and body templates, timeout and retry policy.</summary>
internal sealed partial class StepParser
{
    private const string Methods = "GET, POST, PUT, PATCH, DELETE";

    private static readonly string[] HttpFields = ["id", "kind", "connection", "method", "path", "body", "timeout", "retry"];
    private static readonly string[] RetryFields = ["maxAttempts", "initialDelay", "backoffFactor", "jitter", "retryOn"];
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private HttpStep? ReadHttp(string id, JsonFields fields)
    {
        fields.RejectUnknown(HttpFields, Owner(StepKinds.Http));
        var connection = ReadConnection(fields, ConnectionKind.Http);
        var method = fields.RequiredString("method", $"one of {Methods}");
        if (method is not null && !HttpMethods.Contains(method, StringComparer.Ordinal))
        {
            fields.Report("method", $"'{method}' is not an allowed method; use one of {Methods}.");
        }

        var path = fields.RequiredString("path", "a template starting with '/', such as '/v1/enrich?email={{ input.email }}'");
        if (path is not null)
        {
            CheckHttpPath(fields, path);
        }

        JsonNode? body = null;
        if (fields.TryGet("body", out var bodyElement))
        {
            CheckTemplatesIn(bodyElement, fields.PathOf("body"));
            body = JsonNodes.Copy(bodyElement);
        }

        var timeout = fields.Duration(
            "timeout", WorkflowLimits.MinHttpTimeout, WorkflowLimits.MaxHttpTimeout, WorkflowLimits.DefaultHttpTimeout);
        var retry = ReadRetry(fields);
        return connection is null || method is null || path is null || timeout is null || retry is null
            ? null
            : new HttpStep(id, connection, method, path, body, timeout.Value, retry);
    }

    /// <summary>
    /// The path is appended to the connection's base URL, so it must not be able to name another host or
    /// user: no leading <c>//</c>, and no <c>://</c>, <c>\</c> or <c>@</c> before the query.
    /// </summary>
    private void CheckHttpPath(JsonFields fields, string path)
    {
        if (!path.StartsWith('/'))
        {
            fields.Report("path", "'path' must start with '/', such as '/v1/enrich'; the connection's base URL supplies the scheme and host.");
        }
        else if (path.StartsWith("//", StringComparison.Ordinal))
        {
            fields.Report("path", "'path' must not start with '//', which would name another host.");
        }

        var beforeQuery = path[..QueryStart(path)];
        if (beforeQuery.Contains("://", StringComparison.Ordinal))
        {
            fields.Report("path", "'path' must not contain '://' before the query; the connection's base URL supplies the scheme and host.");
        }

        if (beforeQuery.Contains('\\', StringComparison.Ordinal))
        {
            fields.Report("path", "'path' must not contain '\\' before the query; some clients read it as '/'.");
        }

        if (beforeQuery.Contains('@', StringComparison.Ordinal))
        {
            fields.Report("path", "'path' must not contain '@' before the query; it could add user information to the URL.");
        }

        CheckTemplate(fields.PathOf("path"), path);
    }

    /// <summary>The index of the '?' that starts the query, skipping <c>{{ }}</c> holes; the length when there is none.</summary>
    internal static int QueryStart(string template)
    {
        var i = 0;
        while (i < template.Length)
        {
            if (template.AsSpan(i).StartsWith("{{"))
            {
                var end = template.IndexOf("}}", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return template.Length;
                }

                i = end + 2;
            }
            else if (template[i] == '?')
            {
                return i;
            }
            else
            {
                i++;
            }
        }

        return template.Length;
    }

    private void CheckTemplatesIn(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckTemplate(path, value.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    CheckTemplatesIn(property.Value, JsonPath.Property(path, property.Name));
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckTemplatesIn(item, JsonPath.Index(path, index++));
                }

                break;
        }
    }

    private RetryPolicy? ReadRetry(JsonFields step)
    {
        if (!step.TryGet("retry", out var value))
        {
            return RetryPolicy.Default;
        }

        if (!step.Expect("retry", value, JsonValueKind.Object))
        {
            return null;
        }

        var fields = new JsonFields(value, step.PathOf("retry"), problems);
        fields.RejectUnknown(RetryFields, "'retry'");
        var maxAttempts = fields.Integer(
            "maxAttempts", WorkflowLimits.MinAttempts, WorkflowLimits.MaxAttempts, RetryPolicy.DefaultMaxAttempts);
        var initialDelay = fields.Duration(
            "initialDelay", WorkflowLimits.MinInitialDelay, WorkflowLimits.MaxInitialDelay, RetryPolicy.DefaultInitialDelay);
        var backoffFactor = fields.Number(
            "backoffFactor", WorkflowLimits.MinBackoffFactor, WorkflowLimits.MaxBackoffFactor, RetryPolicy.DefaultBackoffFactor);
        var jitter = fields.Number("jitter", WorkflowLimits.MinJitter, WorkflowLimits.MaxJitter, RetryPolicy.DefaultJitter);
        var retryOn = ReadRetryOn(fields);
        return maxAttempts is null || initialDelay is null || backoffFactor is null || jitter is null || retryOn is null
            ? null
            : new RetryPolicy(maxAttempts.Value, initialDelay.Value, backoffFactor.Value, jitter.Value, retryOn);
    }

    private IReadOnlyList<int>? ReadRetryOn(JsonFields fields)
    {
        if (!fields.TryGet("retryOn", out var value))
        {
            return RetryPolicy.DefaultRetryOn;
        }

        if (!fields.Expect("retryOn", value, JsonValueKind.Array))
        {
            return null;
        }

        var statuses = new List<int>();
        var valid = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = JsonPath.Index(fields.PathOf("retryOn"), index++);
            if (!JsonFields.TryGetWholeNumber(item, out var status)
                || status < WorkflowLimits.MinRetryStatus || status > WorkflowLimits.MaxRetryStatus)
            {
                valid = false;
                problems.Add(new WorkflowProblem(
                    path,
                    $"{item.GetRawText()} is not an HTTP error status; use a whole number from {WorkflowLimits.MinRetryStatus} to {WorkflowLimits.MaxRetryStatus}."));
            }
            else if (statuses.Contains(status))
            {
                valid = false;
                problems.Add(new WorkflowProblem(path, $"Status {status} is listed more than once."));
            }
            else
            {
                statuses.Add(status);
            }
        }

        return valid ? statuses.AsReadOnly() : null;
    }
}
