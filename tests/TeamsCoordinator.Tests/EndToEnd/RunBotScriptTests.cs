using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// What the README promises a newcomer: `./run-bot.sh`, a browser at Agents Playground, `@Koordinator hjælp`
/// answers with the help card. Runs the script itself and types into Playground's web page in headless Chromium
/// (tests/e2e/playground-ui.mjs); screenshots are kept in tests/e2e/.artifacts.
/// </summary>
[Collection(RunBotScriptCollection.Name)]
public sealed class RunBotScriptTests(RunBotScript bot)
{
    [Theory]
    [InlineData("Personal Chat", "hjælp", "personal-chat")]
    [InlineData("Forløb AB", "hjælp", "team-channel")] // playground-ui.mjs @mentions Koordinator in a channel
    public async Task TheReadmesFirstCommandAnswersHelpInPlaygroundsWebPage(string chat, string text, string screenshot)
    {
        var png = Path.Combine(ExternalTools.ArtifactsFolder, $"run-bot-{screenshot}.png");

        var result = await ExternalTools.RunAsync(ExternalTools.RequireNode(),
            [Path.Combine(ExternalTools.E2eFolder, "playground-ui.mjs"), bot.PlaygroundUrl, chat, text, "Koordinator: hjælp", png],
            ExternalTools.E2eFolder, TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, $"{result}\n--- run-bot.sh ---\n{bot.Output}");
        Assert.True(File.Exists(png));
    }
}

[CollectionDefinition(Name)]
public sealed class RunBotScriptCollection : ICollectionFixture<RunBotScript>
{
    public const string Name = "run-bot.sh";
}

/// <summary>`./run-bot.sh --headless` on free ports with its own data folder, stopped (with its children) at the end.</summary>
public sealed class RunBotScript : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("run-bot-");
    private readonly StringBuilder _output = new();
    private Process? _script;

    public string PlaygroundUrl { get; private set; } = "";
    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task InitializeAsync()
    {
        ExternalTools.RequireE2ePackages();
        ExternalTools.RequireChromium();
        int botPort = FreePort(), playgroundPort = FreePort();
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = ExternalTools.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ExternalTools.RepositoryRoot, "run-bot.sh"));
        start.ArgumentList.Add("--headless");
        start.Environment["BOT_PORT"] = botPort.ToString();
        start.Environment["PLAYGROUND_PORT"] = playgroundPort.ToString();
        start.Environment["Storage__DataFolder"] = _data.FullName;

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _script = Process.Start(start) ?? throw new InvalidOperationException("could not start run-bot.sh");
        AppDomain.CurrentDomain.ProcessExit += Stop;
        void Read(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (_output) _output.AppendLine(e.Data);
            if (e.Data.Trim() == $"Listening on {playgroundPort}") listening.TrySetResult();
        }
        _script.OutputDataReceived += Read;
        _script.ErrorDataReceived += Read;
        _script.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"run-bot.sh exited early:\n{Output}"));
        _script.EnableRaisingEvents = true;
        _script.BeginOutputReadLine();
        _script.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(5)); // includes the script's own build of the bot
        }
        catch (TimeoutException)
        {
            Stop(null, EventArgs.Empty);
            throw new TimeoutException($"Playground did not start within 5 minutes:\n{Output}");
        }
        PlaygroundUrl = $"http://localhost:{playgroundPort}";
    }

    public Task DisposeAsync()
    {
        Stop(null, EventArgs.Empty);
        AppDomain.CurrentDomain.ProcessExit -= Stop;
        try { _data.Delete(recursive: true); } catch (IOException) { /* SQLite still closing; the temp cleaner takes it */ }
        return Task.CompletedTask;
    }

    private void Stop(object? sender, EventArgs e)
    {
        try
        {
            if (_script is { HasExited: false }) _script.Kill(entireProcessTree: true);
            _script?.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { /* already gone */ }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
