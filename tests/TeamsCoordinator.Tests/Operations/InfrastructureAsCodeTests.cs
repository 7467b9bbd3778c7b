using System.Reflection;
using System.Text.Json;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Operations;

/// <summary>
/// infra/: the Bicep templates build and lint clean with Microsoft's Bicep CLI (from NuGet, no Azure account), and
/// the compiled deployment keeps the promises docs/operations.md makes: two or more instances, secrets only as Key
/// Vault references read by the app's managed identity, a database without a public endpoint, Teams as the channel.
/// </summary>
public sealed class InfrastructureAsCodeTests(InfrastructureAsCodeTests.CompiledInfra infra) : IClassFixture<InfrastructureAsCodeTests.CompiledInfra>, IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("infra-");

    public void Dispose() => _out.Delete(recursive: true);

    /// <summary>infra/check.sh run once for the class (it takes seconds): its result and output folder.</summary>
    public sealed class CompiledInfra : IAsyncLifetime
    {
        public DirectoryInfo Out { get; } = Directory.CreateTempSubdirectory("infra-compiled-");
        public ProcessResult Check { get; private set; } = null!;
        public async Task InitializeAsync() => Check = await CheckAsync(Path.Combine(ExternalTools.RepositoryRoot, "infra"), Out);
        public Task DisposeAsync() { Out.Delete(recursive: true); return Task.CompletedTask; }
    }

    private static string Bicep =>
        typeof(InfrastructureAsCodeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException("The Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64) is missing: dotnet restore brings it.");

    private static Task<ProcessResult> CheckAsync(string infraFolder, DirectoryInfo output) =>
        ExternalTools.RunAsync("bash", [Path.Combine(infraFolder, "check.sh"), Bicep], infraFolder, TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["OUT"] = output.FullName });

    private async Task<JsonElement> CompiledTemplateAsync()
    {
        Assert.True(infra.Check.ExitCode == 0, $"infra/check.sh failed: {infra.Check}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(infra.Out.FullName, "main.json")));
        return doc.RootElement.Clone();
    }

    private static JsonElement Resource(JsonElement template, string type) =>
        template.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("type").GetString() == type);

    [Fact]
    public async Task TemplatesAndEveryEnvironmentsParametersBuildAndLintClean()
    {
        await CompiledTemplateAsync();
        foreach (var env in new[] { "test", "prod" })
        {
            using var parameters = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(infra.Out.FullName, $"{env}.parameters.json")));
            var values = parameters.RootElement.GetProperty("parameters");
            Assert.Equal(env, values.GetProperty("environmentName").GetProperty("value").GetString());
            Assert.True(values.GetProperty("instanceCount").GetProperty("value").GetInt32() >= 2);
        }
    }

    [Fact]
    public async Task TheLinterIsLiveASecretWithADefaultFailsTheCheck()
    {
        // A copy of infra/ with a secure parameter given a literal default: the check must refuse it.
        var copy = Directory.CreateDirectory(Path.Combine(_out.FullName, "infra-copy"));
        var source = Path.Combine(ExternalTools.RepositoryRoot, "infra");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}build{Path.DirectorySeparatorChar}")))
        {
            var target = Path.Combine(copy.FullName, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var main = Path.Combine(copy.FullName, "main.bicep");
        var text = await File.ReadAllTextAsync(main);
        Assert.Contains("param postgresAdminPassword string\n", text);
        await File.WriteAllTextAsync(main, text.Replace("param postgresAdminPassword string\n", "param postgresAdminPassword string = 'Sommer2026!'\n"));

        var check = await CheckAsync(copy.FullName, Directory.CreateDirectory(Path.Combine(_out.FullName, "copy-out")));
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains("secure-parameter-default", check.Stderr);
    }

    [Fact]
    public async Task TheAppRunsOnAtLeastTwoInstancesBehindTheReadinessCheck()
    {
        var template = await CompiledTemplateAsync();
        Assert.Equal(2, template.GetProperty("parameters").GetProperty("instanceCount").GetProperty("minValue").GetInt32());
        var plan = Resource(template, "Microsoft.Web/serverfarms");
        Assert.Equal("[parameters('instanceCount')]", plan.GetProperty("sku").GetProperty("capacity").GetString());
        var site = Resource(template, "Microsoft.Web/sites").GetProperty("properties");
        Assert.True(site.GetProperty("httpsOnly").GetBoolean());
        Assert.False(site.GetProperty("clientAffinityEnabled").GetBoolean());
        Assert.Equal("/readyz", site.GetProperty("siteConfig").GetProperty("healthCheckPath").GetString());
    }

    [Fact]
    public async Task SecretsReachTheAppOnlyAsKeyVaultReferencesReadByItsManagedIdentity()
    {
        var template = await CompiledTemplateAsync();
        var site = Resource(template, "Microsoft.Web/sites");
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var config = site.GetProperty("properties").GetProperty("siteConfig");
        var settings = config.GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);
        foreach (var secret in new[] { "Bot__MicrosoftAppPassword", "Protection__Key", "Tenants__Graph__ClientSecret" })
            Assert.StartsWith("[format('@Microsoft.KeyVault(", settings[secret]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(",
            config.GetProperty("connectionStrings")[0].GetProperty("connectionString").GetString());

        var vault = Resource(template, "Microsoft.KeyVault/vaults").GetProperty("properties");
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
        // Key Vault Secrets User (built-in role id), granted to the site's identity.
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", template.GetProperty("variables").GetProperty("keyVaultSecretsUserRole").GetString());
        Assert.Contains(template.GetProperty("resources").EnumerateArray(),
            r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments" &&
                 r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.Contains("variables('keyVaultSecretsUserRole')") &&
                 r.GetProperty("properties").GetProperty("principalId").GetString()!.Contains("identity.principalId"));
    }

    [Fact]
    public async Task TheDatabaseHasNoPublicEndpointAndTeamsIsTheBotsChannel()
    {
        var template = await CompiledTemplateAsync();
        var postgres = Resource(template, "Microsoft.DBforPostgreSQL/flexibleServers").GetProperty("properties");
        Assert.Equal("Disabled", postgres.GetProperty("network").GetProperty("publicNetworkAccess").GetString());
        var bot = Resource(template, "Microsoft.BotService/botServices").GetProperty("properties");
        Assert.Equal("SingleTenant", bot.GetProperty("msaAppType").GetString());
        var channel = Resource(template, "Microsoft.BotService/botServices/channels").GetProperty("properties");
        Assert.Equal("MsTeamsChannel", channel.GetProperty("channelName").GetString());
    }
}
