using System.Diagnostics;
using System.Text;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// The repository and the outside programs the end-to-end tests drive (Node.js with tests/e2e's npm packages,
/// Debian's Chromium). When one is missing the test fails and says what to install; it never skips.
/// </summary>
public static class ExternalTools
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string E2eFolder => Path.Combine(RepositoryRoot, "tests", "e2e");
    public static string ArtifactsFolder => Path.Combine(E2eFolder, ".artifacts");

    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string RequireNode()
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException(
            "Node.js is missing: install it (Debian: apt-get install -y nodejs npm), then run ./run-tests.sh, which runs npm ci in tests/e2e.");
        return node;
    }

    /// <summary>The npm packages of tests/e2e (playwright-core, adaptivecards, app-manifest, Agents Playground).</summary>
    public static void RequireE2ePackages()
    {
        RequireNode();
        foreach (var package in new[] { "playwright-core", "adaptivecards", "markdown-it", "@microsoft/app-manifest", "@microsoft/m365agentsplayground" })
            if (!Directory.Exists(Path.Combine(E2eFolder, "node_modules", package)))
                throw new InvalidOperationException(
                    $"npm package {package} is missing in tests/e2e: run `npm ci` in tests/e2e (./run-tests.sh does it).");
    }

    public static void RequireChromium()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException(
                $"Chromium is missing at {Chromium}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.");
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    /// <summary>Runs a program to completion; kills it (and its children) when it overstays the timeout.</summary>
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s.\n{stderr}");
        }
        process.WaitForExit(); // drains the redirected output
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TeamsCoordinator.sln"))) return dir.FullName;
        throw new InvalidOperationException($"TeamsCoordinator.sln not found above {AppContext.BaseDirectory}");
    }
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
