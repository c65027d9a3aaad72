using RabbitMQ.Client.Exceptions;

namespace OrleansFlows.Grains.RabbitMq;

/// <summary>Turns the client's exceptions into the sentence a tenant reads; none of them carries the URI's credentials.</summary>
internal static class BrokerFailures
{
    /// <summary>
    /// The innermost useful message: the client wraps the real cause (refused, login failed, no such virtual host) in
    /// "None of the specified endpoints were reachable".
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        BrokerUnreachableException { InnerException: AuthenticationFailureException auth } => $"the login was refused ({auth.Message})",
        BrokerUnreachableException { InnerException: { } inner } => inner.InnerException?.Message ?? inner.Message,
        _ => exception.Message,
    };
}
