namespace OrleansFlows.Api.Tests.Support;

/// <summary>The API's own build output, as <c>dotnet run --project src/Api</c> runs it (with the silo in <c>silo/</c>).</summary>
internal static class BuiltApi
{
    /// <summary>The build configuration these tests were built in, which built the API too.</summary>
    public static string Configuration { get; } =
        typeof(BuiltApi).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    public static string Directory => Path.Combine(RepositoryRoot(), "src", "Api", "bin", Configuration, "net10.0");

    public static string Dll => Path.Combine(Directory, "OrleansFlows.Api.dll");

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansFlows.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (OrleansFlows.sln) was not found above the test folder.");
    }
}
