namespace TeamsCoordinator.TemplateBuilder;

/// <summary>An explicit entry point: a top-level Program would clash with the bot's public Program in the tests.</summary>
public static class BuildTemplates
{
    public static void Main(string[] args)
    {
        // Usage: dotnet run --project tools/TemplateBuilder [-- <repository root>]
        var root = args.Length > 0 ? args[0] : FindRoot(Directory.GetCurrentDirectory());

        foreach (var built in BuiltInTemplates.All)
        {
            var path = Path.Combine(root, "templates", built.FileName);
            File.WriteAllBytes(path, built.Build(new ContentControlMarkup()));
            Console.WriteLine($"wrote {Path.GetRelativePath(root, path)}");
        }

        var readme = Path.Combine(root, "templates", "README.md");
        File.WriteAllText(readme, Catalogue.Merge(File.ReadAllText(readme)));
        Console.WriteLine($"wrote {Path.GetRelativePath(root, readme)} (field catalogue)");

        var bench = Path.Combine(root, "bench", "documents", BuiltInTemplates.DocxtemplaterKipFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(bench)!);
        File.WriteAllBytes(bench, KipTemplate.Build(new DocxtemplaterMarkup()));
        Console.WriteLine($"wrote {Path.GetRelativePath(root, bench)}");
    }

    private static string FindRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TeamsCoordinator.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run inside the repository or pass its root as the first argument.");
    }
}
