namespace OrleansFlows.Deploy.Tests;

/// <summary>The checkout the tests run from: the first folder above the test's output that holds OrleansFlows.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "OrleansFlows.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no OrleansFlows.sln above {AppContext.BaseDirectory}");
    }
}
