using System.Reflection;
using System.Runtime.Loader;

namespace OrleansFlows.Api.Hosting;

/// <summary>
/// Standalone mode's silo. The API references only the contracts, so it never compiles against the silo: it loads the
/// silo assembly by name at start-up and runs the <see cref="HostingStartupAttribute"/> that assembly declares. The
/// silo comes from the host's own dependencies when it has them (the test suites), otherwise from the <c>silo/</c>
/// folder the build puts beside the API.
/// </summary>
internal static class CoHostedSilo
{
    private const string AssemblyName = "OrleansFlows.Silo";
    private const string Folder = "silo";

    /// <exception cref="InvalidOperationException">The silo is not beside the API, or is not a silo.</exception>
    public static void AddTo(WebApplicationBuilder builder)
    {
        var assembly = Load();
        var startup = assembly.GetCustomAttribute<HostingStartupAttribute>()?.HostingStartupType
            ?? throw new InvalidOperationException($"{assembly.Location} declares no hosting startup, so it can't be co-hosted as the silo.");
        ((IHostingStartup)Activator.CreateInstance(startup)!).Configure(builder.WebHost);
    }

    private static Assembly Load()
    {
        try
        {
            return Assembly.Load(AssemblyName);
        }
        catch (FileNotFoundException)
        {
            // Not among the API's own dependencies: the usual case outside the test suites.
        }

        var path = Path.Combine(AppContext.BaseDirectory, Folder, AssemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Standalone mode co-hosts a silo from {path}, which is missing. Build src/Api (its build puts the silo there), or run the API as a cluster client (OrleansFlows:Mode Client).");
        }

        return new SiloLoadContext(path).LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// Loads the silo's own dependencies (grains, the expression engine, JSON Schema) from its folder, and takes every
    /// assembly the API already has (contracts, runtime, framework) from the API, so both sides share one copy of each type.
    /// </summary>
    private sealed class SiloLoadContext(string siloPath) : AssemblyLoadContext("silo")
    {
        private readonly AssemblyDependencyResolver _resolver = new(siloPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
            }
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
