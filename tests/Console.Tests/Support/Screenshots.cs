namespace OrleansFlows.Console.Tests.Support;

/// <summary>Where the tests keep screenshots of the console's pages: <c>TestResults/console-screenshots/</c> at the repository root.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Create();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name + ".png");

    private static string Create()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "OrleansFlows.sln")))
        {
            root = root.Parent;
        }

        var directory = System.IO.Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "TestResults", "console-screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
