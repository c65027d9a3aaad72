namespace OrleansFlows.Api.Auth;

/// <summary>Decides whether a request may reach the endpoints that require it (<c>RequireAuthentication</c>).</summary>
internal interface IAuthentication
{
    /// <summary>Returns null to admit the request, else the answer to send instead (401 or 403).</summary>
    Task<IResult?> AdmitAsync(HttpContext http);
}
