using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// The Teams app package (manifest/) builds with manifest/build.sh and passes Microsoft's schema validator
/// (tests/e2e/validate-manifest.mjs, npm @microsoft/app-manifest), icons included.
/// </summary>
public sealed class ManifestTests : IDisposable
{
    private const string BotAppId = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("manifest-");

    public void Dispose() => _out.Delete(recursive: true);

    private string PackageFolder => Path.Combine(_out.FullName, "package");
    private string Zip => Path.Combine(_out.FullName, "TeamsCoordinator.zip");

    private Task<ProcessResult> BuildAsync(string botAppId) =>
        ExternalTools.RunAsync("bash", [Path.Combine(ExternalTools.RepositoryRoot, "manifest", "build.sh")], ExternalTools.RepositoryRoot,
            TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["BOT_APP_ID"] = botAppId, ["MANIFEST_OUT"] = _out.FullName });

    private Task<ProcessResult> ValidateAsync(params string[] files) =>
        ExternalTools.RunAsync(ExternalTools.RequireNode(), ["validate-manifest.mjs", .. files], ExternalTools.E2eFolder, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task PackageBuildsAndPassesMicrosoftsValidator()
    {
        ExternalTools.RequireE2ePackages();
        var build = await BuildAsync(BotAppId);
        Assert.True(build.ExitCode == 0, $"manifest/build.sh failed: {build}");

        var validation = await ValidateAsync(Path.Combine(PackageFolder, "manifest.json"), Zip);
        Assert.True(validation.ExitCode == 0, $"Microsoft's validator rejected the package: {validation}");
        using var summary = JsonDocument.Parse(validation.Stdout);
        Assert.Equal(BotAppId, summary.RootElement.GetProperty("botId").GetString());
        Assert.Equal(["manifest.json", "color.png", "outline.png"],
            summary.RootElement.GetProperty("packageEntries").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task BotIdAndSingleSignOnResourceComeFromTheEnvironment()
    {
        ExternalTools.RequireNode();
        var build = await BuildAsync(BotAppId);
        Assert.True(build.ExitCode == 0, $"manifest/build.sh failed: {build}");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PackageFolder, "manifest.json")))!;
        Assert.Equal(BotAppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(BotAppId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal($"api://botid-{BotAppId}", (string?)manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal("tier1", (string?)manifest["supportsChannelFeatures"]);
    }

    [Fact]
    public async Task BuildRefusesABotIdThatIsNotAGuid()
    {
        var build = await BuildAsync("my-bot");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("BOT_APP_ID must be a GUID", build.Stderr);
        Assert.False(File.Exists(Zip));
    }

    [Fact]
    public async Task ValidatorRejectsAManifestMissingWhatTeamsRequires()
    {
        ExternalTools.RequireE2ePackages();
        var build = await BuildAsync(BotAppId);
        Assert.True(build.ExitCode == 0, $"manifest/build.sh failed: {build}");
        var path = Path.Combine(PackageFolder, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        manifest.Remove("developer");
        manifest["bots"]![0]!["scopes"]!.AsArray().Add("everywhere");
        await File.WriteAllTextAsync(path, manifest.ToJsonString());

        var validation = await ValidateAsync(path);
        Assert.Equal(1, validation.ExitCode);
        Assert.Contains("must have required property 'developer'", validation.Stdout);
        Assert.Contains("/bots/0/scopes/3 must be equal to one of the allowed values", validation.Stdout);
    }

    /// <summary>Commands the manifest already offers in Teams' command menu whose feature has not landed yet.</summary>
    private static readonly HashSet<string> Planned =
        ["ny borger", "status", "stafet til", "hvem har stafetten", "ny KIP", "kriseplan", "referat", "netværksmøde"];

    [Fact]
    public async Task EveryCommandInTeamsCommandMenuIsOneTheBotUnderstandsOrPlans()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ExternalTools.RepositoryRoot, "manifest", "manifest.json")))!;
        var parser = new CommandParser(DispatchTable.Commands);
        var titles = manifest["bots"]![0]!["commandLists"]!.AsArray()
            .SelectMany(list => list!["commands"]!.AsArray().Select(c => (string)c!["title"]!)).Distinct().ToList();
        Assert.Contains("hjælp", titles);
        var unknown = titles.Where(t => parser.Parse(t).Command is null && !Planned.Contains(t)).ToList();
        Assert.True(unknown.Count == 0, $"the manifest offers commands the bot does not know: {string.Join(", ", unknown)}");
    }
}
