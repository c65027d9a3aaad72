namespace OrleansFlows.Runtime.Hosting;

/// <summary>Configuration of the runtime's own options.</summary>
public static class RuntimeSettings
{
    /// <summary>The section of runtime options: <c>Calls</c>, <c>Collection</c>, <c>Reminders</c> and <c>StoreStartup</c> below it.</summary>
    public const string Section = "OrleansFlows:Runtime";
}
